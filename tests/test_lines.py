"""Tables that came as text lines only: rows, figures and what may be mapped to columns, exact values."""
from loaders.document import Block, Document
from loaders.extract import extract
from loaders.parsers.lines import line_tables

_HEAD = ["某某市测试局2020年部门预算", "单位：某某市测试局 单位：万元"]

_FUNCTION = [
    "2020年一般公共预算支出情况表", "预算05表", "单位：某某市测试局 单位：万元",
    "科目编码 单位代码 单位（科目名称） 总计", "基本支出 项目支出", "类 款 项 小计 工资福利支出 公用经费",
    "** ** ** ** ** 1 2 3 4 5 6",
    "合计 1,000.5 800.5 700.0 100.5 200.0 200.0",
    "201 03 01 016", "行政运行（政府办公厅（室）及相关", "机构事务）", "800.5 800.5 700.0 100.5",
    "201 03 99 016 其他政府办公厅（室）及相关机构事务支出 200.0 200.0 200.0",
]
_ECONOMIC = [
    "2020年一般公共预算基本支出情况表", "预算07表",
    "部门预算经济分类 政府预算经济分类 一般公共预算", "类 款 科目名称 类 款 科目名称 合计 财政拨款",
    "合计 800.5 800.5",
    "301 工资福利支出 700.0 700.0",
    "301 01 基本工资 501 01", "工资奖金津补", "贴", "400.0 400.0",
    "301 01 基本工资 505 01 工资福利支出 50.0 50.0",
    "301 10", "职工基本医疗", "保险缴费 501 02 社会保障缴费 250.0 250.0",
    "302 商品和服务支出 100.5 100.5",
]
_SANGONG = [
    "2020年一般公共预算“三公”经费支出情况表", "预算08表", "项 目 2020年“三公”经费预算数",
    "共计 20.5", "1、因公出国（境）费用 5.0", "2、公务接待费 3.5", "3、公务用车费 12.0",
    "其中：（1）公务用车运行维护费 10.0", "（2）公务用车购置 2.0",
    "注：按照有关规定，“三公”经费包括因公出国（境）费、公务用车购置及运行费和公务接待费。",
]


def _doc(lines, tables=()) -> Document:
    blocks = [Block(page=None, text=t) for t in lines] + [Block(page=None, rows=r) for r in tables]
    return Document(file_name="t.txt", sha256="1" * 64, source="text", page_count=None, blocks=blocks)


def _facts(lines):
    return extract(_doc(_HEAD + lines)).facts


def test_function_rows_total_always_basic_and_project_only_when_the_sums_decide():
    facts = _facts(_FUNCTION)
    rows = {r["code"]: r for r in facts.rows["expenditure_function"] if r["fund"] == "general"}
    assert (rows["total"]["total"], rows["total"]["basic"], rows["total"]["project"]) == (1000.5, 800.5, 200.0)
    one = rows["2010301"]
    assert (one["name"], one["level"], one["total"], one["basic"], one["project"]) == \
        ("行政运行（政府办公厅（室）及相关机构事务）", 3, 800.5, 800.5, None)
    # 200.0 ×3 fits 基本支出 (one part) as well as 项目支出: only the total is read
    assert (rows["2010399"]["total"], rows["2010399"]["basic"], rows["2010399"]["project"]) == (200.0, None, None)
    assert any("一般公共预算支出情况表" in p and "1行" in p for p in facts.problems)


def test_economic_rows_sum_a_kuan_printed_once_per_government_class():
    facts = _facts(_ECONOMIC)
    rows = {r["code"]: r for r in facts.rows["expenditure_economic"]}
    assert sorted(rows) == ["301", "30101", "30110", "302"]
    assert (rows["30101"]["name"], rows["30101"]["amount"], rows["30101"]["level"]) == ("基本工资", 450.0, 2)
    assert (rows["30110"]["name"], rows["30110"]["amount"]) == ("职工基本医疗保险缴费", 250.0)
    assert (rows["301"]["amount"], rows["301"]["category"], rows["302"]["category"]) == (700.0, "personnel", "public")


def test_sangong_one_figure_per_labelled_line():
    facts = _facts(_SANGONG)
    got = {r["item"]: r["budget"] for r in facts.rows["sangong"]}
    assert got == {"total": 20.5, "overseas": 5.0, "reception": 3.5, "vehicle": 12.0, "vehicle_operation": 10.0,
                   "vehicle_purchase": 2.0}
    assert all(r["actual"] is None for r in facts.rows["sangong"])


def test_a_title_with_a_real_table_is_left_to_the_table_parsers():
    doc = _doc(_HEAD + _SANGONG[:3], tables=[[["项目", "预算数"], ["合计", "20.5"]]])
    assert line_tables(doc.blocks, "budget") == []


def test_prose_naming_a_table_and_table_numbers_start_nothing():
    lines = ["我单位《支出经济分类汇总表》由以前仅反映基本支出，调整为反映全部预算支出。", "301 工资福利支出 700.0 700.0"]
    assert line_tables(_doc(lines).blocks, "budget") == []
    tables = line_tables(_doc(_SANGONG[:4] + ["预算 09 表", "2、公务接待费 3.5", "某某绩效目标表", "301 工资 1.0"]).blocks,
                         "budget")
    assert [(r.label, r.figures) for r in tables[0].rows] == [("共计", [20.5]), ("2、公务接待费", [3.5])]
