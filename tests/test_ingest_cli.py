"""The loader CLI: loading, idempotency, removal, and hostile input that must change nothing."""
import duckdb
import pytest

from loaders.run import ingest as ingest_mod
from loaders.run.cli import main
from loaders.database.schema import FACT_TABLES

from .reports import png_bytes, pdf_with_text, scanned_pdf, tiny_final_report


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "t.duckdb")


def snapshot(db_path):
    con = duckdb.connect(db_path, read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in FACT_TABLES + ("documents",)}
    finally:
        con.close()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_load_list_reload_and_remove(tmp_path, db, capsys):
    report = write(tmp_path, "r.txt", tiny_final_report())
    assert main(["ingest", "--db", db, report]) == 0
    out = capsys.readouterr().out
    assert "某某市测试局" in out and "2023年" in out and "决算" in out
    before = snapshot(db)
    (doc,) = before["documents"]
    rows = {r[2]: r[5:8] for r in before["expenditure_function"]}
    assert rows["2010350"] == (453.2, 453.2, None)
    assert rows["total"] == (1604.99, 453.2, 1151.79)

    assert main(["ingest", "--db", db, report]) == 0
    assert "跳过" in capsys.readouterr().out
    assert snapshot(db) == before

    changed = write(tmp_path, "r2.txt", tiny_final_report(amount="1,700.00"))
    assert main(["ingest", "--db", db, changed]) == 0
    assert len(snapshot(db)["documents"]) == 2

    assert main(["list", "--db", db]) == 0
    assert "共 2 个文档" in capsys.readouterr().out
    assert main(["remove", "--db", db, doc[0]]) == 0
    after = snapshot(db)
    assert all(doc[0] not in map(str, row) for rows in after.values() for row in rows)
    assert main(["remove", "--db", db, "nope"]) == 1


def _truncated_pdf():
    data = pdf_with_text(["2023年度", "某某局部门决算"] * 10)
    return data[: len(data) // 2]


HOSTILE = {
    "empty.pdf": (b"", "空文件"),
    "truncated.pdf": (_truncated_pdf(), "PDF"),
    "notes.pdf": ("这只是一段文字".encode(), "不是 PDF 文件"),
    "image.pdf": (png_bytes(), "不是 PDF 文件"),
    "locked.pdf": (pdf_with_text(["2023年度 某某局部门决算"], password="secret"), "加密"),
    "scan.pdf": (scanned_pdf(), "扫描件，OCR 未识别出文字"),
    "minutes.pdf": (pdf_with_text(["会议纪要", "今天讨论了三件事。"]), "不是部门预算或决算报告"),
    "binary.txt": (b"\x00\x01\x02" * 100, "不是文本文件"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_bad_input_names_file_and_reason_and_changes_nothing(tmp_path, db, capsys, name):
    good = write(tmp_path, "good.txt", tiny_final_report())
    assert main(["ingest", "--db", db, good]) == 0
    before = snapshot(db)
    capsys.readouterr()
    data, reason = HOSTILE[name]
    assert main(["ingest", "--db", db, write(tmp_path, name, data)]) == 1
    out = capsys.readouterr().out
    line = next(l for l in out.splitlines() if name in l)
    assert line.startswith("✗") and reason in line
    assert snapshot(db) == before


def test_too_large_file_is_refused_before_reading(tmp_path, db, capsys, monkeypatch):
    monkeypatch.setattr(ingest_mod, "MAX_BYTES", 100)
    assert main(["ingest", "--db", db, write(tmp_path, "big.txt", tiny_final_report())]) == 1
    assert "超过上限" in capsys.readouterr().out


def test_good_files_are_kept_when_others_fail(tmp_path, db, capsys):
    good = write(tmp_path, "good.txt", tiny_final_report())
    bad = write(tmp_path, "bad.pdf", b"%PDF-1.4 garbage")
    assert main(["ingest", "--db", db, bad, good]) == 1
    assert len(snapshot(db)["documents"]) == 1


def test_hostile_names_and_text_are_stored_as_data(tmp_path, db):
    odd = tmp_path / "a b ..;'x.txt"
    unit = "测试局');DROP/**/TABLE/**/documents;--<script>alert(1)</script>"
    odd.write_bytes(tiny_final_report(unit=unit))
    assert main(["ingest", "--db", db, str(odd)]) == 0
    (doc,) = snapshot(db)["documents"]
    assert doc[1] == "a b ..;'x.txt"
    assert doc[3] == unit


def test_folder_is_expanded(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "r.txt").write_bytes(tiny_final_report())
    (folder / "skip.md").write_text("x")
    assert main(["ingest", "--db", db, str(folder)]) == 0
    assert len(snapshot(db)["documents"]) == 1


def test_no_files_is_an_error(tmp_path, db, capsys):
    assert main(["ingest", "--db", db, str(tmp_path)]) == 1
    assert "没有找到" in capsys.readouterr().err


def test_too_many_pages_is_refused_with_the_count(tmp_path, db, capsys, monkeypatch):
    monkeypatch.setattr(ingest_mod, "MAX_PAGES", 2)
    thick = pdf_with_text(["2023年度", "某某局部门决算"], pages=3)
    assert main(["ingest", "--db", db, write(tmp_path, "thick.pdf", thick)]) == 1
    assert "thick.pdf：页数 3 超过上限 2 页" in capsys.readouterr().out
    assert snapshot(db)["documents"] == []


def test_unknown_layout_is_stored_partial_with_no_guessed_numbers(tmp_path, db, capsys):
    """A table whose title and content name no kind (items and amounts, no codes, no sides) gives no
    number; a table of 功能分类 codes under an unfamiliar title is read by what it holds."""
    text = "\n".join(["2023年度", "某某市测试局部门决算", "部门：某某市测试局", "金额单位：万元",
                      "采购明细一览", "品目\t名称\t金额", "货物\t办公设备\t12.00",
                      "支出明细一览", "科目\t名称\t金额", "201\t一般公共服务支出\t1,604.99"])
    assert main(["ingest", "--db", db, write(tmp_path, "odd.txt", text.encode())]) == 0
    assert "部分解析" in capsys.readouterr().out
    snap = snapshot(db)
    (doc,) = snap["documents"]
    assert doc[11] == "partial" and "未找到" in doc[14]
    assert snap["summary"] == [] and len(snap["expenditure_function"]) == 1
    assert snap["expenditure_function"][0][1:6] == ("all", "201", "一般公共服务支出", 1, 1604.99)


@pytest.mark.parametrize("result, outcome, mark", [
    (ingest_mod.FileResult("a.pdf", True, "", status="ok", tables=7), "ok", "✓"),
    (ingest_mod.FileResult("b.pdf", True, "", status="ok", tables=0), "partial", "⚠"),  # nothing read: no ✓
    (ingest_mod.FileResult("c.pdf", True, "", status="partial", tables=5), "partial", "⚠"),
    (ingest_mod.FileResult("d.pdf", True, "", status="ok", tables=0, part="narrative"), "text", "ℹ"),
    (ingest_mod.FileResult("d.pdf", True, "", status="ok", part="narrative", paired=True), "ok", "✓"),
    (ingest_mod.FileResult("e.pdf", True, "", status="template", tables=7), "template", "⚠"),
    (ingest_mod.FileResult("f.pdf", True, "", skipped=True), "skipped", "•"),
    (ingest_mod.FileResult("g.pdf", False, "空文件"), "failed", "✗")])
def test_a_tick_only_for_a_report_whose_tables_were_read(result, outcome, mark):
    assert (result.outcome, result.mark) == (outcome, mark)


def test_the_summary_counts_each_outcome_and_failures_come_first():
    results = [ingest_mod.FileResult("a.pdf", True, "", status="ok", tables=7),
               ingest_mod.FileResult("b.pdf", False, "空文件"),
               ingest_mod.FileResult("c.pdf", True, "", status="ok", part="narrative"),
               ingest_mod.FileResult("d.pdf", True, "", status="partial", tables=2),
               ingest_mod.FileResult("e.pdf", False, "不是 PDF 文件")]
    assert ingest_mod.summary(results) == "共 5 个文件：成功 1 个，部分解析 1 个，仅文字 1 个，失败 2 个。"
    assert [r.file_name for r in ingest_mod.in_order_shown(results)] == ["b.pdf", "e.pdf", "d.pdf", "c.pdf", "a.pdf"]


def test_a_narrative_published_apart_from_its_tables_is_text_only_until_they_are_loaded(tmp_path, db, capsys):
    """A report published as two files (the 公开文件, text only, and the 公开表格): the text file alone
    says so; loaded with its tables file, the two are one report read whole."""
    from factory.text import render_text

    from .reports import factory_report

    budget = factory_report("budget2026")
    text = write(tmp_path, "公开文件.txt", render_text(budget, ("narrative_only",)))
    tables = write(tmp_path, "公开表格.txt", render_text(budget, ("tables_only",)))
    assert main(["ingest", "--db", db, text]) == 0
    out = capsys.readouterr().out
    assert "ℹ 公开文件.txt：" in out and "仅文字（表格在配套文件中）" in out and "✓" not in out
    assert out.splitlines()[-1].startswith("共 1 个文件：成功 0 个，仅文字 1 个，失败 0 个。")
    both = str(tmp_path / "both.duckdb")
    assert main(["ingest", "--db", both, text, tables]) == 0
    out = capsys.readouterr().out
    assert "✓ 公开文件.txt：" in out and "与已导入的表格文件合为一份报告读取" in out and "✓ 公开表格.txt" in out
    assert out.splitlines()[-1].startswith("共 2 个文件：成功 2 个，失败 0 个。")


def test_a_new_database_is_made_by_the_first_store_not_before_the_first_read(tmp_path, db, monkeypatch):
    """Into a database that does not exist yet nothing can be loaded already: the first file is read
    without opening it (it is made while the next file is read); a second load looks it up and skips."""
    write(tmp_path, "r.txt", tiny_final_report())
    opened = []
    real = ingest_mod.opened
    monkeypatch.setattr(ingest_mod, "opened", lambda path, **kw: opened.append(path) or real(path, **kw))
    (first,) = ingest_mod.ingest([tmp_path / "r.txt"], db)
    assert first.ok and not first.skipped and opened == []
    (again,) = ingest_mod.ingest([tmp_path / "r.txt"], db)
    assert again.skipped and opened == [db]
    assert len(snapshot(db)["documents"]) == 1
