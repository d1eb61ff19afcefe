"""Unit identity: spelling variants share one unit_id; user-stated merges reach loaded documents."""
import duckdb
import pytest

from loaders.identity import units
from loaders.run.cli import main
from loaders.document import Block, Document
from loaders.identity.identify import identify

from .reports import tiny_final_report


@pytest.mark.parametrize("name", ["济源示范区管委会办公室", "济源产城融合示范区管委会办公室",
                                  "济源产城融合示范区管理委员会办公室（本级）",
                                  "济源产城融合示范区 管理委员会办公室"])
def test_spelling_variants_share_one_unit_id(name):
    assert units.unit_id_of(name, aliases={}) == "济源产城融合示范区管理委员会办公室"


@pytest.mark.parametrize("name, region", [
    ("上海市普陀区财政局", "上海市普陀区"), ("中共上海市普陀区委社会工作部", "上海市普陀区"),
    ("三门峡市人民政府办公室", "三门峡市"), ("济源产城融合示范区管理委员会办公室", "济源市"),
    ("济源示范区管委会办公室", "济源市"), ("江苏省人民检察院", "江苏省"), ("南京市玄武区财政局", "南京市玄武区"),
    ("湖北省武汉市洪山区卫生健康局", "武汉市洪山区"), ("北京市朝阳区教育委员会", "北京市朝阳区"),
    ("重庆市城口县财政局", "重庆市城口县"), ("中国人民政治协商会议江苏省委员会办公厅", "江苏省"),
    ("恩施州财政局", "恩施土家族苗族自治州"), ("内蒙古自治区财政厅", "内蒙古自治区"),
    ("供销合作社", None), ("某某市测试局", None), ("省人民检察院", None)])
def test_region_is_the_most_specific_government_spelled_in_full(name, region):
    assert units.region_of(name) == region


def test_region_from_the_report_text_when_the_name_does_not_tell():
    text = "江苏省人民检察院\n2018年部门预算\n单位：江苏省人民检察院\n全省检察机关"
    assert units.region_of("省人民检察院", text) == "江苏省"
    assert units.region_of("市人民检察院", text) is None  # the text names no city
    assert units.region_of(None, "部门：南京市玄武区财政局") == "南京市玄武区"
    # a district name shared by two cities: the report says which
    assert units.region_of("普陀区财政局", "上海市普陀区财政局2024年度部门决算") == "上海市普陀区"
    assert units.region_of("普陀区财政局", "舟山市普陀区财政局2024年度部门决算") == "舟山市普陀区"


@pytest.mark.parametrize("names", [
    ("中共江苏省委办公厅", "中国共产党江苏省委员会办公厅", "江苏省委办公厅"),
    ("中共上海市普陀区委社会工作部", "中国共产党上海市普陀区委员会社会工作部", "上海市普陀区委社会工作部"),
    ("南京市玄武区人大常委会办公室", "南京市玄武区人民代表大会常务委员会办公室", "南京市玄武区人民代表大会常委会办公室"),
    ("政协三门峡市委员会办公室", "中国人民政治协商会议三门峡市委员会办公室", "三门峡市政协办公室",
     "三门峡市政协委员会办公室"),
])
def test_party_congress_and_cppcc_organs_share_one_unit_id_in_any_region(names):
    assert len({units.unit_id_of(n, aliases={}) for n in names}) == 1


@pytest.mark.parametrize("name", ["上海市发展和改革委员会", "江苏省卫生健康委员会", "中共中央办公厅",
                                  "三门峡市人民政府办公室", "江苏省纪律检查委员会"])
def test_names_that_are_not_party_organs_keep_their_spelling(name):
    assert units.canonical_name(name) == name


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


@pytest.mark.corpus
def test_the_jiyuan_office_reports_share_one_unit_id(corpus, tmp_path):
    from loaders.run.ingest import ingest

    files = [corpus / "seeds" / f"{s}.txt" for s in ("000_ce383b8ac3ab7b4a", "001_8e59132b4a2e20db",
                                                     "004_667318b31c092575")]
    db = str(tmp_path / "t.duckdb")
    assert all(r.ok for r in ingest(files, db))
    con = duckdb.connect(db, read_only=True)
    rows = con.execute("SELECT DISTINCT unit_id FROM documents").fetchall()
    assert rows == [("济源产城融合示范区管理委员会办公室",)]
