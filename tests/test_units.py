"""Unit identity: spelling variants share one unit_id; user-stated merges reach loaded documents."""
import duckdb
import pytest

from loaders import units
from loaders.cli import main
from loaders.document import Block, Document
from loaders.identify import identify

from .reports import tiny_final_report


@pytest.mark.parametrize("name", ["济源示范区管委会办公室", "济源产城融合示范区管委会办公室",
                                  "济源产城融合示范区管理委员会办公室（本级）",
                                  "济源产城融合示范区 管理委员会办公室"])
def test_spelling_variants_share_one_unit_id(name):
    assert units.unit_id_of(name, aliases={}) == "济源产城融合示范区管理委员会办公室"


def test_region_of_names_the_government():
    assert units.region_of("上海市普陀区财政局") == "上海市普陀区"
    assert units.region_of("中共上海市普陀区委社会工作部") == "上海市普陀区"
    assert units.region_of("三门峡市人民政府办公室") == "三门峡"
    assert units.region_of("济源产城融合示范区管理委员会办公室") == "济源"


def _doc(*lines):
    return Document("x.txt", "0" * 64, "text", None, [Block(None, text=t) for t in lines])


def test_scope_comes_from_the_title_not_from_prose():
    info = identify(_doc("2026年度某某市某某局部门预算", "二、机构设置及预算单位构成", "部门：某某市某某局"))
    assert (info.doc_kind, info.scope) == ("budget", "department")
    info = identify(_doc("2023年度单位决算情况说明", "单位：某某市某某中心（本级）"))
    assert (info.doc_kind, info.scope) == ("final", "unit")
    info = identify(_doc("2025年某某区部门预算", "预算单位：某某区某某中心"))
    assert info.scope == "unit"


def test_alias_file_merges_units_already_loaded(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "t.duckdb")
    for i, unit in enumerate(["某某市测试局", "某某市测试管理局"]):
        path = tmp_path / f"r{i}.txt"
        path.write_bytes(tiny_final_report(unit=unit, year=2022 + i))
        assert main(["ingest", "--db", db, str(path)]) == 0
    aliases = tmp_path / "unit_aliases.csv"
    aliases.write_text("alias,unit_id\n某某市测试管理局,某某市测试局\n", encoding="utf-8")
    monkeypatch.setattr(units, "ALIASES_CSV", aliases)
    capsys.readouterr()
    assert main(["units", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "某某市测试局\t某某市测试局 / 某某市测试管理局\t2022, 2023" in out
    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT DISTINCT unit_id FROM documents").fetchall() == [("某某市测试局",)]
    assert con.execute("SELECT * FROM unit_aliases").fetchall() == [("某某市测试管理局", "某某市测试局")]


def test_the_jiyuan_office_reports_share_one_unit_id(corpus, tmp_path):
    from loaders.ingest import ingest

    files = [corpus / "seeds" / f"{s}.txt" for s in ("000_ce383b8ac3ab7b4a", "001_8e59132b4a2e20db",
                                                     "004_667318b31c092575")]
    db = str(tmp_path / "t.duckdb")
    assert all(r.ok for r in ingest(files, db))
    con = duckdb.connect(db, read_only=True)
    rows = con.execute("SELECT DISTINCT unit_id FROM documents").fetchall()
    assert rows == [("济源产城融合示范区管理委员会办公室",)]
