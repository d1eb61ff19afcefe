"""One report in several versions, and the bundled samples: which document the pages use, what the
loader says, and what an admin can change (documents.is_sample, document_versions, current_documents)."""
from __future__ import annotations

import duckdb
import pytest

from factory.samples import sample_files
from loaders.run import samples
from loaders.run.cli import main
from loaders.run.ingest import ingest
from loaders.database.record import remove
from loaders.database.store import choose, connect, set_setting

from .reports import clean, damaged, tiny_final_report


def current(con) -> list[str]:
    return [r[0] for r in con.execute("SELECT file_name FROM current_documents ORDER BY file_name").fetchall()]


@pytest.mark.parametrize("order", [("clean", "damaged"), ("damaged", "clean")])
def test_the_more_complete_version_is_current_whatever_came_first(tmp_path, order):
    files = {"clean": clean(), "damaged": damaged()}
    paths = []
    for name in order:
        (tmp_path / f"{name}.txt").write_bytes(files[name])
        paths.append(tmp_path / f"{name}.txt")
    db = str(tmp_path / "v.duckdb")
    first, second = (ingest([p], db)[0] for p in paths)
    assert "与已导入的" not in first.message
    assert second.message.endswith(f"与已导入的 {order[0]}.txt 为同一报告的不同版本，当前使用 clean.txt")
    damaged_result = first if order[0] == "damaged" else second
    assert damaged_result.mark == "⚠" and "部分解析" in damaged_result.message
    with connect(db) as con:
        assert current(con) == ["clean.txt"]
        versions = dict(con.execute("SELECT file_name, (tables_found, error_findings) FROM document_versions").fetchall())
        assert versions["clean.txt"][0] > versions["damaged.txt"][0]
        assert versions["clean.txt"][1] < versions["damaged.txt"][1]


def _two_versions(tmp_path) -> str:
    """A database holding clean.txt and damaged.txt, two versions of one report; its path."""
    db = str(tmp_path / "v.duckdb")
    for name, data in (("clean.txt", clean()), ("damaged.txt", damaged())):
        (tmp_path / name).write_bytes(data)
    ingest([tmp_path / "clean.txt", tmp_path / "damaged.txt"], db)
    return db


def test_an_admin_chooses_the_current_version_and_removing_it_withdraws_the_choice(tmp_path):
    db = _two_versions(tmp_path)
    with connect(db) as con:
        chosen = con.execute("SELECT doc_id FROM documents WHERE file_name = 'damaged.txt'").fetchone()[0]
        choose(con, chosen)
        assert current(con) == ["damaged.txt"]
        other = con.execute("SELECT doc_id FROM documents WHERE file_name = 'clean.txt'").fetchone()[0]
        choose(con, other)  # choosing another version withdraws the first choice
        assert con.execute("SELECT doc_id FROM chosen_documents").fetchall() == [(other,)]
        remove(con, other)
        assert con.execute("SELECT count(*) FROM chosen_documents").fetchone()[0] == 0
        assert current(con) == ["damaged.txt"]


def test_complementary_parts_of_a_split_publication_are_not_competing_versions(tmp_path):
    db = _two_versions(tmp_path)
    with connect(db) as con:
        con.execute("UPDATE documents SET part = 'tables' WHERE file_name = 'damaged.txt'")
        assert current(con) == ["clean.txt", "damaged.txt"]


def test_the_pages_read_a_split_publication_from_its_tables_part(tmp_path):
    """Both parts are one report to the pages: they read its tables' figures, whichever part sorts first."""
    from dashboard.filters import Selection

    path = _two_versions(tmp_path)
    with connect(path) as con:
        (unit, year, kind), = con.execute("SELECT DISTINCT unit_id, fiscal_year, doc_kind FROM documents").fetchall()
        for first in ("clean.txt", "damaged.txt"):
            con.execute("UPDATE documents SET part = CASE WHEN file_name = ? THEN 'narrative' ELSE 'tables' END",
                        [first])
            cte, params = Selection((unit,), (year,), kind).docs_cte()
            chosen = con.execute(cte + " SELECT file_name FROM sel_docs", params).fetchall()
            assert chosen == [("damaged.txt" if first == "clean.txt" else "clean.txt",)]


def test_the_cli_marks_a_whole_read_only(tmp_path, capsys):
    (tmp_path / "whole.txt").write_bytes(clean())
    (tmp_path / "part.txt").write_bytes(damaged())
    assert main(["ingest", str(tmp_path / "whole.txt"), str(tmp_path / "part.txt"), "--db", str(tmp_path / "c.duckdb")]) == 0
    out = capsys.readouterr().out
    assert "✓ whole.txt：" in out and "⚠ part.txt：" in out and "✓ part.txt" not in out
    assert "部分解析：未找到" in out.split("⚠ part.txt：")[1]
    assert out.splitlines()[-1].startswith("共 2 个文件：成功 1 个，部分解析 1 个，失败 0 个。")


# ---------------------------------------------------------------- the bundled samples

@pytest.fixture
def sample_db(tmp_path):
    if not samples.MANIFEST.is_file():
        pytest.skip("data/samples has no SHA256SUMS")
    db = str(tmp_path / "s.duckdb")
    assert main(["samples", "--db", db]) == 0
    return db


@pytest.mark.slow
def test_samples_leave_every_page_once_a_real_report_is_loaded(sample_db, tmp_path):
    with duckdb.connect(sample_db) as con:
        assert con.execute("SELECT bool_and(is_sample), count(*) FROM documents").fetchone() == (True, len(sample_files()))
        assert len(current(con)) > 0
    (tmp_path / "real.txt").write_bytes(tiny_final_report())
    assert ingest([tmp_path / "real.txt"], sample_db)[0].ok
    with connect(sample_db) as con:
        assert current(con) == ["real.txt"]
        assert con.execute("SELECT is_sample FROM documents WHERE file_name = 'real.txt'").fetchone() == (False,)
        set_setting(con, "show_samples", "true")  # the switch in 数据管理
        shown = current(con)
        assert "real.txt" in shown and len(shown) > 1
        set_setting(con, "show_samples", "false")
        assert current(con) == ["real.txt"]


@pytest.mark.slow
def test_a_sample_is_known_by_its_digest_not_by_its_name_or_words(tmp_path):
    """A sample renamed is still a sample; a real report named like one, or carrying the samples'
    notice, is not: nothing a file says makes it pass for a sample."""
    name, data = next((n, d) for n, d in sample_files().items() if n.endswith(".txt"))
    if not samples.is_sample(__import__("hashlib").sha256(data).hexdigest()):
        pytest.skip("data/samples is not what the factory writes")
    (tmp_path / "renamed.txt").write_bytes(data)
    (tmp_path / name).write_bytes(tiny_final_report(unit="示例市财政局").replace(b"\n", "\n示例数据：单位名称和全部数字均为虚构\n".encode(), 1))
    db = str(tmp_path / "d.duckdb")
    assert all(r.ok for r in ingest([tmp_path / "renamed.txt", tmp_path / name], db))
    with duckdb.connect(db) as con:
        assert dict(con.execute("SELECT file_name, is_sample FROM documents").fetchall()) == {
            "renamed.txt": True, name: False}


def test_an_older_database_gains_is_sample(tmp_path):
    path = str(tmp_path / "old.duckdb")
    con = duckdb.connect(path)
    con.execute(schema_without("is_sample"))
    con.close()
    with connect(path) as con:
        assert "is_sample" in [r[0] for r in con.execute("DESCRIBE documents").fetchall()]


def schema_without(column: str) -> str:
    from loaders.database.schema import CONTRACT_TABLES, create_table_sql

    return "\n".join(create_table_sql(table, omit=(column,)) for table in CONTRACT_TABLES)


def test_a_changed_copy_that_becomes_current_is_named_to_readers(tmp_path, monkeypatch):
    """A later copy with one reason reworded (the same tables, findings and totals) becomes current;
    the pages' note names it, so a reader knows the figures shown may have changed. The same report
    loaded again as another file with the same rows is no news."""
    from dashboard import versions

    first = tiny_final_report().decode()
    changed = first.replace("政务公开审批", "政务公开审批（更正）")
    files = {"v1.txt": first, "v2.txt": changed, "v1 副本.txt": first + "\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = str(tmp_path / "v.duckdb")
    monkeypatch.setenv("BUDGET_LENS_DB", db)
    assert ingest([tmp_path / "v1.txt", tmp_path / "v1 副本.txt"], db)[1].ok
    with connect(db) as con:
        unit = con.execute("SELECT unit_id FROM documents LIMIT 1").fetchone()[0]
    assert versions.differing((unit,), (2023,), "final").empty  # two files, the same rows
    assert ingest([tmp_path / "v2.txt"], db)[0].ok
    with connect(db) as con:
        assert current(con) == ["v2.txt"]
    (row,) = versions.differing((unit,), (2023,), "final").itertuples()
    assert row.file_name == "v2.txt" and row.version_count == 3
    assert "有 3 个版本，当前使用 v2\\.txt" in versions.note(versions.differing((unit,), (2023,), "final"))


def test_the_pages_show_what_a_split_reports_narrative_part_states(tmp_path, monkeypatch):
    """A 决算 published as a Word 公开文件 and an Excel 公开表格: its 预算执行 items, disclosures and
    findings read from the narrative file are on the pages beside the tables' figures, each linked
    to the file it was printed in, and a figure stated in both files is shown once."""
    from factory.bundle import render_zip
    from pathlib import Path

    from dashboard import disclosures, execution, findings, sangong
    from dashboard.filters import Selection

    from .reports import factory_report

    report = factory_report("final2023")
    (tmp_path / "r.zip").write_bytes(render_zip(report))
    db = str(tmp_path / "s.duckdb")
    assert all(r.ok for r in ingest([Path(tmp_path / "r.zip")], db))
    monkeypatch.setenv("BUDGET_LENS_DB", db)
    with connect(db) as con:
        unit, = con.execute("SELECT DISTINCT unit_id FROM documents").fetchone()
        files = dict(con.execute("SELECT part, file_name FROM documents").fetchall())
    sel = Selection((unit,), (report.year,), "final")
    items = execution.items(sel)
    assert len(items) > 0 and set(items["source"].str.split(" ").str[0]) == {files["narrative"]}
    assert execution.finals(sel)["has_execution"].tolist() == [True]
    stated = disclosures.stated(sel)
    assert len(stated) > 0 and not stated.duplicated(["fiscal_year", "topic", "item"]).any()
    assert files["narrative"] in set(stated["source"].str.split(" ").str[0])
    assert {s.split(" ")[0] for s in sangong.yearly(sel)["actual_source"].dropna()} == {files["tables"]}
    assert set(findings.counts(sel)["file_name"]) == set(files.values())  # each file's findings counted
