"""What a report discloses beyond its tables (loaders/parsers/disclosures.py): the sentence forms real
reports use, from several provinces, read into (topic, item) → value and last year's value."""
from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from loaders.parsers.disclosures import chinese_count, read_prose


def read(text: str, year: int = 2023) -> dict[tuple[str, str], tuple]:
    """(topic, item) → (value, prior_value, threshold) of every figure the lines state."""
    out = {}
    for s in read_prose([(line, 1) for line in text.splitlines()], year):
        out[(s.item.topic, s.item.key)] = (float(s.value), None if s.prior is None else float(s.prior),
                                            None if s.threshold is None else float(s.threshold))
    return out


def values(text: str, year: int = 2023) -> dict[str, float]:
    return {item: v[0] for (_, item), v in read(text, year).items()}


@pytest.mark.parametrize("text, year, value, prior", [
    # 河南 决算: the budget comparison first, last year's after it
    ("2023年度机关运行经费支出202.15万元，比年初预算增加5.05万元，增长2.56%；与2022年度增加3.53万元，增长1.78%，"
     "主要原因是：人员调整。", 2023, 202.15, 198.62),
    # 上海 决算
    ("机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。主要原因是更换照明设施。", 2024, 184.65, 182.10),
    # 江苏 预算: 与上年相比 … 减少
    ("2019年省检察院一般公共预算机关运行经费预算支出2391.92 万元，与上年相比减少 330.65 万元，减少 12.14 %。", 2019,
     2391.92, 2722.57),
    # a budget against last year's budget, level
    ("2025年本部门财政拨款的机关运行经费预算为213.28万元，与2024年预算持平。", 2025, 213.28, 213.28),
    ("本年机关运行经费支出30万元，比上年基本持平。", 2023, 30, 30),
    # 河南 预算: the change in a sentence of its own, right after the figure's
    ("2026 年机关(机构)运转经费支出预算 174.70 万元，主要保障机构正常运转，包含公用经费、工会经费等。比 2025 年减少 "
     "30.50 万元，下降 14.86%，主要原因是：人员减少。", 2026, 174.70, 205.20),
    # last year's figure stated, not a change
    ("2023年机关运行经费支出120.00万元，2022年为100.00万元。", 2023, 120, 100),
    # printed in 元
    ("2023年度机关运行经费支出1,234,500元，比上年减少10,000元。", 2023, 123.45, 124.45),
    # a change in % only: no figure for last year
    ("机关运行经费支出120万元，比上年增长5%。", 2023, 120, None),
    # against this year's budget only: not last year
    ("机关运行经费支出120万元，比年初预算减少5万元。", 2023, 120, None),
    # none
    ("我单位不是行政机关,也不是参照公务员管理事业单位,没有机关运行经费支出。", 2021, 0, None),
    ("上海市某某局2024年度无机关运行经费支出。", 2024, 0, None),
    ("本单位2023年度未发生机关运行经费支出。", 2023, 0, None),
])
def test_operating_costs(text, year, value, prior):
    got = read(text, year)[("operating_costs", "total")]
    assert got[0] == pytest.approx(value)
    assert (got[1] is None) == (prior is None) and (prior is None or got[1] == pytest.approx(prior))


def test_procurement_as_the_2023_template_words_it():
    got = values("2023年度政府采购支出总额27.72万元，其中：政府采购货物支出27.72万元、政府采购工程支出0.00万元、"
                 "政府采购服务支出0.00万元。授予中小企业合同金额20.00万元，占政府采购支出总额的72.15%，其中：授予小微企业"
                 "合同金额10.00万元，占授予中小企业合同金额的50.00%。")
    assert got == {"total": 27.72, "goods": 27.72, "works": 0, "services": 0, "sme": 20, "sme_share": 72.15,
                   "small_micro": 10}


def test_procurement_reserved_for_small_firms_and_awards_not_counted_twice():
    """上海 决算: the amounts reserved are the SME figures; who won which contract is not another figure."""
    got = values("上海市某某局2024年度政府采购金额（以合同签订为准）为251.25万元，其中：货物采购金额4.79万元、工程采购金额0万元、"
                 "服务采购金额246.46万元。\n2024年度本部门面向中小企业预留政府采购项目预算金额246.47万元，面向小微企业预留政府采购"
                 "项目预算金额0万元。在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额246.47万元；"
                 "在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额4.79万元。", 2024)
    assert got == {"total": 251.25, "goods": 4.79, "works": 0, "services": 246.46, "sme": 246.47, "small_micro": 0}


@pytest.mark.parametrize("text, want", [
    ("2017 年我部门政府采购预算总金额为 2889.8 万元。其中拟购买货物 334 万元；拟购买工程 0 万元；拟购买服务 2555.8 万元。",
     {"total": 2889.8, "goods": 334, "works": 0, "services": 2555.8}),
    ("2024年本部门政府采购预算1662.44万元，其中：政府采购货物预算93.98万元、政府采购工程预算815.87万元、政府采购服务预算"
     "752.59万元。\n2024年本部门面向中小企业预留政府采购项目预算金额664.98万元，其中，预留给小型和微型企业的政府采购项目预算为"
     "465.49万元。", {"total": 1662.44, "goods": 93.98, "works": 815.87, "services": 752.59, "sme": 664.98,
                    "small_micro": 465.49}),
    ("2020 年政府采购预算安排 42 万元，其中：政府采购货物预算\n42 万元、政府采购工程预算 0 万元、政府采购服务预算 0 万元。",
     {"total": 42, "goods": 42, "works": 0, "services": 0}),
    ("本单位2023年度未发生政府采购支出。", {"total": 0}),
    # 服务 outside a procurement sentence is not procurement
    ("一般公共服务支出2,085.45万元，主要用于机关运转。", {}),
])
def test_procurement_wordings(text, want):
    assert {k: v for k, v in values(text).items()} == want


def test_vehicles_by_kind_and_large_equipment():
    got = read("截至2024年12月31日，某某局共有车辆12辆，其中：部级领导干部用车0辆、主要领导干部用车1辆、机要通信用车1辆、"
               "应急保障用车2辆、执法执勤用车3辆、特种专业技术用车1辆、离退休干部用车1辆、其他用车3辆；单价50万元以上通用设备"
               "2台（套），单价100万元以上专用设备1台（套）。", 2024)
    assert {k[1]: v[0] for k, v in got.items()} == {
        "vehicles": 12, "vehicles_leaders": 1, "vehicles_confidential": 1, "vehicles_emergency": 2, "vehicles_law": 3,
        "vehicles_special": 1, "vehicles_retiree": 1, "vehicles_other": 3, "equipment_general": 2,
        "equipment_special": 1}
    assert got[("assets", "equipment_general")][2] == 50 and got[("assets", "equipment_special")][2] == 100


@pytest.mark.parametrize("text, want", [
    # counts in Chinese numerals
    ("截至2023年末，本部门共有车辆三辆，其中：主要领导干部用车一辆、一般公务用车两辆。",
     {"vehicles": 3, "vehicles_leaders": 1, "vehicles_general": 2}),
    # the breakdown in a sentence of its own (江苏)
    ("本部门共有车辆55辆。其中，一般公务用车13辆、执法执勤用车40辆、其他用车2辆。单价20万元（含）以上的设备63台（套）。",
     {"vehicles": 55, "vehicles_general": 13, "vehicles_law": 40, "vehicles_other": 2, "equipment": 63}),
    # none, said in words
    ("2019 年期末，某某办公室共有车辆 4 辆，其中：一般公务用车 4 辆、一般执法执勤用车0辆、其他用车0辆；无单价 50 万元以上通用"
     "设备，无价值100 万元以上专用设备。",
     {"vehicles": 4, "vehicles_general": 4, "vehicles_law": 0, "vehicles_other": 0, "equipment_general": 0,
      "equipment_special": 0}),
    ("本单位无公务用车。", {"vehicles": 0}),
    # a plan to buy is not what the unit holds
    ("2024年部门预算安排购置车辆1辆，其中：其他用车1辆；部门预算安排购置单价100万元（含）以上设备（不含车辆）0台（套）。", {}),
    ("本年度购置车辆1辆，年末共有车辆6辆。", {"vehicles": 6}),
])
def test_vehicle_wordings(text, want):
    assert values(text) == want


def test_cars_of_the_sangong_section_are_not_the_units_holdings():
    text = "九、财政拨款“三公”经费支出决算情况说明\n公务用车运行维护支出22.37万元。2023年期末，单位开支财政拨款的公务用车保有量为5辆。"
    assert read(text) == {}


@pytest.mark.parametrize("text, want", [
    ("本部门编制数45人，其中行政编制30人、事业编制15人；实有人数40人，离退休人员12人。",
     {"authorized": 45, "actual": 40, "retired": 12}),
    ("机关行政编制三十名，事业编制十二名；在职人员40人，离休2人，退休10人。", {"authorized": 42, "actual": 40, "retired": 12}),
    ("江苏省人民检察院行政政法人员编制 496 人，机构设置包括 23 个内设机构。", {"authorized": 496}),
    ("2023年共接待国内来访团组76个、来宾998人次（不包括陪同人员）。", {}),
])
def test_staff(text, want):
    assert values(text) == want


def test_total_assets():
    assert values("截至2023年12月31日，本部门资产总额1,234.56万元。") == {"assets_total": 1234.56}


@pytest.mark.parametrize("text", [
    "机关运行经费支出 XXX 万元，比 2023 年度增加（减少）XXX 万元。",
    "上海市 XX 局 2024 年度无机关运行经费支出。",
    "无机关运行经费支出的部门，作下述说明：",
    "注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。",
    "截至 2024 年 12 月 31 日，XX 部门（单位）共有车辆 XX 辆。",
])
def test_templates_and_notes_state_nothing(text):
    assert read(text, 2024) == {}


def test_a_figure_is_never_named_by_another_sentence():
    assert read("本部门车辆情况如下。5辆均为其他用途。政府采购情况见附表。100万元用于维修。") == {}


def test_each_figure_keeps_its_page_and_line():
    lines = [("十二、国有资产占用情况说明", 13, (40.0, 100.0, 300.0, 112.0)),
             ("2023年期末，我单位共有车辆5辆，其中：", 13, (40.0, 120.0, 500.0, 132.0)),
             ("其他用车5辆。", 14, (40.0, 40.0, 120.0, 52.0))]
    stated = {s.item.key: s for s in read_prose(lines, 2023)}
    assert (stated["vehicles"].page, stated["vehicles"].where) == (13, (40.0, 120.0, 500.0, 132.0))
    assert (stated["vehicles_other"].page, stated["vehicles_other"].where) == (14, (40.0, 40.0, 120.0, 52.0))


@pytest.mark.parametrize("text, n", [("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("两", 2), ("一百零五", 105),
                                     ("零", 0), ("三X", None)])
def test_chinese_counts(text, n):
    assert chinese_count(text) == n


def table(rows, doc_kind="budget", year=2024, scale="1"):
    from decimal import Decimal

    from loaders.parsers.disclosure_tables import read_table

    return {(r["topic"], r["item"]): (r["value"], r["prior_value"], r["threshold"])
            for r in read_table(rows, [], 5, Decimal(scale), doc_kind, year)}


def test_operating_costs_beside_sangong_in_one_table():
    rows = [["2024年“三公”经费预算数", "", "", "", "", "", "2024年机关运行经费预算数"],
            ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "", "", ""],
            ["", "", "", "小计", "购置费", "运行费", ""],
            ["47.91", "0", "1.35", "46.56", "25", "21.56", "443.18"]]
    assert table(rows) == {("operating_costs", "total"): (Decimal("443.18"), None, None)}


def test_operating_costs_with_last_years_column_and_in_yuan():
    rows = [["项目", "上年预算数", "本年预算数"], ["机关运行经费", "1,990,000.00", "2,132,800.00"]]
    assert table([["科目", "机关运行经费上年预算数", "机关运行经费本年预算数"], ["合计", "1,990,000.00", "2,132,800.00"]],
                 scale="0.0001") == {("operating_costs", "total"): (Decimal("213.28"), Decimal("199.0"), None)}
    assert table(rows, scale="0.0001") == {("operating_costs", "total"): (Decimal("199.0"), None, None)}  # rows: first figure


ITEM_ROW = ["30201", "办公费", "3.00"]


@pytest.mark.parametrize("doc_kind, header, body, expected", [
    ("final", ["科目编码", "科目名称", "预算数", "决算数"], [["", "合计", "10.00", "9.50"]], (Decimal("9.50"), None)),
    ("budget", ["科目编码", "科目名称", "2024年预算数", "2023年预算数"], [["", "合计", "12.00", "11.00"]],
     (Decimal("12.00"), Decimal("11.00"))),
    ("budget", ["科目编码", "科目名称", "金额"], [["合 计", "", "12.00"]], (Decimal("12.00"), None)),
    ("final", ["科目编码", "科目名称", "决算数"], [["", "合计", ""], ["", "", "3.00"]], (Decimal("3.00"), None)),
    ("final", ["科目编码", "科目名称", "决算数"], [ITEM_ROW], None),  # no 合计 row, two items: no total
])
def test_a_table_of_only_operating_costs_gives_its_total_row_under_this_years_measure(doc_kind, header, body,
                                                                                     expected):
    """Its title names the item (一般公共预算财政拨款机关运行经费支出决算表), its header only the measure."""
    got = _operating_costs_table([header, *body, ITEM_ROW, ["30202", "印刷费", "1.00"]], doc_kind)
    assert got == ([expected] if expected else [])


def test_a_table_of_only_operating_costs_without_a_total_row_gives_no_total():
    """One class printed, no 合计: its code (30201) is no figure and its amount no total."""
    assert _operating_costs_table([["科目编码", "科目名称", "决算数"], ITEM_ROW], "final") == []


def _operating_costs_table(rows: list[list[str]], doc_kind: str) -> list[tuple]:
    """(value, prior_value) of what a 机关运行经费 table (by its title) gives, on page 4 of a 2024 report."""
    from loaders.facts import Facts
    from loaders.locate.tables import LocatedTable
    from loaders.parsers.disclosure_tables import parse_operating_costs

    located = LocatedTable(kind="operating_costs", title="机关运行经费支出表", rows=rows, pages=[4] * len(rows))
    facts = Facts()
    parse_operating_costs(located, facts, SimpleNamespace(doc_kind=doc_kind, fiscal_year=2024))
    return [(r["value"], r["prior_value"]) for r in facts.get("disclosures", source="table")]


def test_operating_costs_table_by_economic_class_with_its_total_on_the_next_line():
    rows = [["", "科目编码", "", "科目名称", "", "机关运行经费支出"], ["", "合计", "", "", "", ""],
            ["", "", "", "", "", "2,391.92"], ["302", "", "", "商品和服务支出", "", "2,391.92"],
            ["30201", "", "", "办公费", "158.00", ""]]
    assert table(rows, year=2019) == {("operating_costs", "total"): (Decimal("2391.92"), None, None)}


def test_assets_table_with_cars_by_kind_in_columns():
    rows = [["单位名称", "资产总额（万元）", "车辆（辆）", "", "", "", "单价50万元以上通用设备（台，套）",
             "单价100万元以上专用设备（台，套）"],
            ["", "", "合计", "一般公务用车", "执法执勤用车", "其他用车", "", ""],
            ["合计", "1,234.56", "5", "2", "1", "2", "0", "1"],
            ["某某局本级", "1,000.00", "4", "2", "1", "1", "0", "1"]]
    assert table(rows, doc_kind="final", year=2023) == {
        ("assets", "assets_total"): (Decimal("1234.56"), None, None), ("assets", "vehicles"): (5, None, None),
        ("assets", "vehicles_general"): (2, None, None), ("assets", "vehicles_law"): (1, None, None),
        ("assets", "vehicles_other"): (2, None, None), ("assets", "equipment_general"): (0, None, 50),
        ("assets", "equipment_special"): (1, None, 100)}


def test_assets_table_with_items_as_rows():
    rows = [["项目", "数量"], ["车辆（辆）", "3"], ["其中：主要领导干部用车", "1"], ["其他用车", "2"],
            ["单价100万元（含）以上设备（不含车辆）", "4"]]
    assert {k[1]: v[0] for k, v in table(rows, doc_kind="final").items()} == {
        "vehicles": 3, "vehicles_leaders": 1, "vehicles_other": 2, "equipment": 4}


def test_assets_by_class_read_from_their_measures_column_never_the_line_number():
    """项目 | 行次 | 数量 | 金额: a count from 数量, an amount from 金额; the 行次 is no figure."""
    rows = [["项目", "行次", "数量", "金额"], ["资产总额", "1", "", "1,520.36"], ["固定资产", "3", "", "820.00"],
            ["车辆", "5", "4", "96.00"], ["其他用车", "6", "", "12.00"]]
    assert table(rows, doc_kind="final") == {("assets", "assets_total"): (Decimal("1520.36"), None, None),
                                              ("assets", "vehicles"): (4, None, None)}
    rows[0][3] = "决算数"  # an amount column named by its measure alone
    assert table(rows, doc_kind="final") == {("assets", "assets_total"): (Decimal("1520.36"), None, None),
                                              ("assets", "vehicles"): (4, None, None)}


def test_tables_of_purchases_and_money_name_no_cars():
    rows = [["项目", "经济科目", "金额"], ["执法执勤车辆购置", "公务用车购置", "50.00"], ["其他用车", "维修费", "12.50"]]
    assert table(rows) == {}


# ---------------------------------------------------------------- checks

def _facts(rows, source="text"):
    from loaders.facts import Facts

    f = Facts()
    for topic, item, value, *page in rows:
        f.add("disclosures", topic=topic, item=item, value=value, page=page[0] if page else 3, source=source)
    return f


def found(facts, check_id):
    from loaders.checks import run_checks
    from loaders.identity.identify import DocInfo

    return [f for f in run_checks(facts, DocInfo("测试局", 2023, "final", "department", None, "万元"), "")
            if f["check_id"] == check_id]


def test_procurement_parts_against_the_total():
    rows = [("procurement", "total", Decimal("100.0")), ("procurement", "goods", Decimal("60.0")), ("procurement", "works", Decimal("0.0")),
            ("procurement", "services", Decimal("40.0"))]
    assert found(_facts(rows), "procurement_parts") == []
    (tail,) = found(_facts(rows[:3] + [("procurement", "services", Decimal("40.01"))]), "procurement_parts")
    assert tail["severity"] == "info"
    (bad,) = found(_facts(rows[:3] + [("procurement", "services", Decimal("45.0"))]), "procurement_parts")
    assert bad["severity"] == "error" and bad["expected"] == Decimal("100.0") and bad["actual"] == Decimal("105.0")
    assert found(_facts(rows[:1]), "procurement_parts") == []  # a total alone: nothing to add up


def test_sme_share_against_the_amounts():
    rows = [("procurement", "total", Decimal("27.72")), ("procurement", "sme", Decimal("20.0"))]
    assert found(_facts(rows + [("procurement", "sme_share", Decimal("72.15"))]), "procurement_sme_share") == []
    (bad,) = found(_facts(rows + [("procurement", "sme_share", Decimal("80.0"))]), "procurement_sme_share")
    assert bad["severity"] == "error" and bad["expected"] == Decimal("72.15") and "80" in bad["message"]
    (small,) = found(_facts(rows + [("procurement", "small_micro", Decimal("25.0"))]), "procurement_sme_share")
    assert small["severity"] == "error" and "小微企业" in small["message"]


def test_vehicle_kinds_against_the_total():
    rows = [("assets", "vehicles", 13), ("assets", "vehicles_confidential", 1), ("assets", "vehicles_emergency", 1),
            ("assets", "vehicles_other", 11)]
    assert found(_facts(rows), "vehicle_kinds") == []
    (more,) = found(_facts(rows + [("assets", "vehicles_law", 2)]), "vehicle_kinds")
    assert more["severity"] == "error" and (more["expected"], more["actual"]) == (13, 15)
    (fewer,) = found(_facts(rows[:3]), "vehicle_kinds")
    assert fewer["severity"] == "warning" and "或有类别未列出" in fewer["message"]


def test_operating_costs_narrative_against_its_table():
    text = _facts([("operating_costs", "total", Decimal("443.18"), 32)])
    for row in _facts([("operating_costs", "total", Decimal("443.18"), 31)], "table").rows["disclosures"]:
        text.rows["disclosures"].append(row)
    assert found(text, "operating_costs_table") == []
    text.rows["disclosures"][-1]["value"] = Decimal("440.0")
    (bad,) = found(text, "operating_costs_table")
    assert bad["severity"] == "error" and bad["page"] == 32 and "第31、32页" in bad["message"]


def _cross(tmp_path, reports: dict):
    from loaders.run.ingest import ingest
    from loaders.database.store import opened
    from factory.text import render_text

    paths = []
    for name, report in reports.items():
        (tmp_path / name).write_bytes(render_text(report))
        paths.append(tmp_path / name)
    db = str(tmp_path / "x.duckdb")
    assert all(r.ok for r in ingest(paths, db))
    with opened(db) as con:
        found = con.execute("SELECT d.file_name, f.severity, f.expected, f.actual, f.message, f.line FROM findings f "
                            "JOIN documents d USING (doc_id) WHERE f.check_id = 'disclosure_prior_year'").fetchall()
    for name, *_, line in found:  # each stands on its report's sentence comparing with last year
        assert "机关运行经费" in (tmp_path / name).read_text("utf-8").splitlines()[line - 1], (name, line)
    return [row[:-1] for row in found]


def test_last_years_figure_against_last_years_loaded_report(tmp_path):
    from dataclasses import replace
    from decimal import Decimal

    from factory.vary import scaled
    from tests.reports import factory_report

    this = factory_report("final2023")
    last = scaled(this, 1, year=this.year - 1)
    last = replace(last, disclosures=replace(last.disclosures, operating_costs=this.disclosures.operating_costs_prior))
    assert _cross(tmp_path, {"last.txt": last, "this.txt": this}) == []
    wrong = replace(this, disclosures=replace(this.disclosures, operating_costs_prior=Decimal("150.00")))
    ((name, severity, expected, actual, message),) = _cross(_fresh(tmp_path), {"last.txt": last, "wrong.txt": wrong})
    assert (name, severity) == ("wrong.txt", "error")
    assert (expected, actual) == (float(this.disclosures.operating_costs_prior), 150.0)
    assert "机关运行经费上年数为 150.00" in message and "last.txt" in message


def _fresh(tmp_path):
    folder = tmp_path / "again"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("text, want", [
    # more wordings of other provinces
    ("2023年度，本部门机关运行经费财政拨款支出88.60万元，较上年度减少1.40万元。", {"total": (88.6, 90.0)}),
    ("机关运行经费支出100.00万元。与上年相比，机关运行经费增加5.00万元，增长5.26%。", {"total": (100.0, 95.0)}),
    ("机关运行经费支出100.00万元。与上年相比，政府采购增加5.00万元。", {"total": (100.0, None)}),
    ("2024年机关运行经费预算数为120.00万元，比2023年预算数增加10.00万元。", {"total": (120.0, 110.0)}),
])
def test_operating_costs_other_wordings(text, want):
    got = {i: (v[0], v[1]) for (t, i), v in read(text, 2024 if "2024" in text else 2023).items()
           if t == "operating_costs"}
    assert got == want


@pytest.mark.parametrize("text, want", [
    ("2023年政府采购实际支出56.00万元，其中：货物类36.00万元、工程类0万元、服务类20.00万元。授予中小企业合同总金额"
     "50.00万元，占比89.29%。", {"total": 56, "goods": 36, "works": 0, "services": 20, "sme": 50, "sme_share": 89.29}),
    ("本年度面向中小企业采购金额12.00万元，占政府采购支出总额的比例为100%。", {"sme": 12, "sme_share": 100}),
])
def test_procurement_other_wordings(text, want):
    assert values(text) == want


@pytest.mark.parametrize("text, want", [
    ("截至2023年末，本部门公务用车保有量3辆；价值在50万元以上（含50万元）的通用设备1台，100万元及以上的大型设备2台（套）。",
     {"vehicles": 3, "equipment_general": 1, "equipment": 2}),
    ("本单位现有公务车2辆。", {"vehicles": 2}),
])
def test_assets_other_wordings(text, want):
    assert values(text) == want


def test_no_holdings_are_read_under_a_sangong_chapter():
    text = ("九、“三公”经费和机关运行经费情况说明\n2. 公务用车购置及运行费\n截至2023年底，单位开支财政拨款的公务用车保有量为5辆。"
            "机关运行经费支出30.00万元。")
    assert values(text) == {"total": 30.0}


@pytest.mark.parametrize("text, want", [
    ("五、国有资产占用情况\n截至2023年底，本单位车辆3辆，其中其他用车3辆；无单价50万元以上通用设备和单价100万元以上专用设备。",
     {"vehicles": 3, "vehicles_other": 3, "equipment_general": 0, "equipment_special": 0}),
    ("五、国有资产占用情况\n本单位无公务车辆。", {"vehicles": 0}),
    ("五、国有资产占用情况\n本年租用车辆2辆。", {}),
    ("一、部门职责\n本单位车辆调度3辆次。", {}),  # no 资产 said: a bare 车辆 names nothing
])
def test_assets_said_in_few_words(text, want):
    assert values(text) == want
