"""Performance self-evaluations: project tables, summary table, department table, score identities."""
import re
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.inert import plain
from loaders.extract import extract
from loaders.run.ingest import ingest
from loaders.parsers.performance import _Levels, _score_pair, _summary_header, read_funds
from loaders.read.pdf_source import read_pdf
from loaders.read.text_source import read_text

from .pages import picture_marks, pictures
from .reports import tiny_final_report

SEED_000 = "000_ce383b8ac3ab7b4a"
SEED_002 = "002_6432493666d23bbe"


def _extract_text(path):
    return extract(read_text(path.read_bytes(), path.name)).facts


@pytest.fixture(scope="module")
def txt000(corpus):
    return _extract_text(corpus / "seeds" / f"{SEED_000}.txt")


@pytest.fixture(scope="module")
def txt002(corpus):
    return _extract_text(corpus / "seeds" / f"{SEED_002}.txt")


@pytest.fixture(scope="module")
def pdf000(corpus):
    path = corpus / "seed-pdf" / f"{SEED_000}.pdf"
    return extract(read_pdf(path.read_bytes(), path.name)).facts


def project(facts, name):
    (row,) = [r for r in facts.get("performance_projects") if r["project"] == name]
    return row


def indicators(facts, name):
    return [r for r in facts.get("performance_indicators") if r["project"] == name]


# ---------------------------------------------------------------- shape readers (no corpus)

def test_funds_row_with_a_repeated_merged_cell_drops_the_repeat():
    header = ["项目资金（万元）", "年初预算数", "", "全年预算数", "", "全年执行数", "分值", "执行率%", "得分"]
    row = ["", "年度资金总额（万元）：", "15", "14.36", "14.36", "14.36", "10", "100", "10"]
    assert read_funds(header, row) == {"budget_initial": Decimal("15"), "budget_full_year": Decimal("14.36"),
                                       "executed": Decimal("14.36"), "weight": Decimal("10"),
                                       "execution_rate": Decimal("100"), "score": Decimal("10")}


def test_funds_row_with_a_header_word_missing_follows_the_rate_identity():
    header = ["项目资金（万元）", "年初预算数", "", "全年执行数", "", "分值", "执行率 %", "得分"]
    row = ["", "年度资金总额（万元）：", "35", "20", "17", "10", "85", "8.5"]
    got = read_funds(header, row)
    assert (got["budget_initial"], got["budget_full_year"], got["executed"]) == (35, 20, 17)
    assert (got["execution_rate"], got["score"]) == (85, Decimal("8.5"))


@pytest.mark.parametrize("label, level1", [("产出指标（50分）", "产出指标（50分）"), ("数量指标", "产出指标")])
def test_level_words(label, level1):
    levels = _Levels()
    assert levels.take([label, "培训人次"]) == ["培训人次"] and levels.level1 == level1


def test_funds_row_without_header_uses_the_template_order():
    row = ["部门整体支出情况", "部门预算总额(万元)", "4566.78", "4929.23", "4309.12", "10", "87.42", "9.71"]
    got = read_funds(None, row)
    assert got["budget_full_year"] == Decimal("4929.23") and got["execution_rate"] == Decimal("87.42")


@pytest.mark.parametrize("cells, k", [
    (["救助人数", "≥3人", "3人", "10", "10", "0.00%"], 3),
    (["满意度", "≥95%", "70%", "5", "3.68", "-26.32%", "满意度低"], 3),
    (["村民投诉次数", "0", "100%", "5", "5", "0.00%"], 3),
    (["培训天数", "≥2天", "2天", "2", "2", "0"], 3),  # 偏差度 printed as a bare 0
    (["经济成本指标", "", ""], None),
])
def test_score_pair_is_found_by_shape(cells, k):
    assert _score_pair([c for c in cells if c]) == k


SMALL = """项目支出绩效自评表
项目名称\t\t测试项目甲
项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
\t年度资金总额\t20\t20\t15\t10\t75\t7.5
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
\t产出指标\t数量指标\t培训人数\t≥100人\t80人\t50\t40\t参训人数不足
\t满意度指标\t服务对象满意度指标\t满意度\t≥90%\t95%\t40\t40\t
项目单位自评汇总表
项目名称\t全年预算数\t全年执行数\t预算执行率\t自评得分
2023测试项目甲\t20\t15\t75%\t87.5
测试项目乙\t8\t8\t100%\t96
合计\t28\t23\t82.14%\t
"""


@pytest.fixture(scope="module")
def small():
    data = tiny_final_report() + ("\n\n" + SMALL).encode("utf-8")
    return extract(read_text(data, "small.txt"))


def test_missing_total_is_computed_and_reported(small):
    first = project(small.facts, "测试项目甲")
    assert first["score"] == 87.5  # 7.5 + 40 + 40, the table printed no 总分
    assert any("测试项目甲" in p and "未找到总分" in p for p in small.facts.problems)


def test_project_in_summary_and_own_table_is_one_row(small):  # '2023测试项目甲' is 测试项目甲
    rows = small.facts.get("performance_projects")
    assert sorted(r["project"] for r in rows) == ["测试项目乙", "测试项目甲"]
    first = project(small.facts, "测试项目甲")
    assert (first["budget_initial"], first["budget_full_year"], first["executed"]) == (20, 20, 15)
    assert project(small.facts, "测试项目乙")["score"] == 96


def test_indicator_reason_and_levels(small):
    (missed,) = [r for r in indicators(small.facts, "测试项目甲") if r["score"] < r["weight"]]
    assert (missed["level1"], missed["level2"], missed["name"]) == ("产出指标", "数量指标", "培训人数")
    assert (missed["target"], missed["actual"], missed["reason"]) == ("≥100人", "80人", "参训人数不足")


GARBLED = """项目支出绩效自评表
项目名称\t测试项目丙
项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
\t年度资金总额\t10\t10\t10\t10\t100\t10
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
\t产出指标\t数量指标\t培训人数\t≥100人\t90人\t50\t4O.00\t
\t满意度指标\t服务对象满意度指标\t满意度\t≥90%\t95%\t40\t40\t
总分\t\t\t\t\t\t100\t90\t
"""


def test_indicator_with_an_unreadable_score_keeps_its_values_with_score_null():
    data = tiny_final_report() + ("\n\n" + GARBLED).encode("utf-8")
    facts = extract(read_text(data, "garbled.txt")).facts
    rows = {r["name"]: r for r in indicators(facts, "测试项目丙")}
    assert (rows["培训人数"]["target"], rows["培训人数"]["actual"], rows["培训人数"]["weight"],
            rows["培训人数"]["score"]) == ("≥100人", "90人", 50.0, None)
    assert (rows["培训人数"]["level1"], rows["培训人数"]["level2"]) == ("产出指标", "数量指标")
    assert rows["满意度"]["score"] == 40.0
    assert project(facts, "测试项目丙")["score"] == 90  # the printed 总分, not a sum missing a term
    assert not facts.get("findings", check_id="performance_score_sum")
    (found,) = facts.get("findings", check_id="unreadable_number")
    assert "“4O.00”" in found["message"]


GARBLED_WEIGHTS = """项目支出绩效自评表
项目名称\t测试项目丁
项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
\t年度资金总额\t20\t2O\t15\t10\t7O%\t7.O
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
\t产出指标\t数量指标\t培训人数\t≥100人\t80人\t5O\t40\t参训人数不足
\t满意度指标\t服务对象满意度指标\t满意度\t≥90%\t95%\t40\t40\t
总分\t\t\t\t\t\t100\t9O.5\t
"""


def test_garbled_weight_and_funds_figures_are_null_in_their_own_fields():
    data = tiny_final_report() + ("\n\n" + GARBLED_WEIGHTS).encode("utf-8")
    facts = extract(read_text(data, "weights.txt")).facts
    rows = {r["name"]: r for r in indicators(facts, "测试项目丁")}
    assert (rows["培训人数"]["target"], rows["培训人数"]["actual"], rows["培训人数"]["weight"],
            rows["培训人数"]["score"], rows["培训人数"]["reason"]) == ("≥100人", "80人", None, 40.0, "参训人数不足")
    assert (rows["满意度"]["weight"], rows["满意度"]["score"]) == (40.0, 40.0)
    row = project(facts, "测试项目丁")
    assert (row["budget_initial"], row["budget_full_year"], row["executed"], row["execution_rate"]) == \
        (20, None, 15, None)
    assert row["score"] is None  # 总分 and the funds 得分 unreadable: no sum to compute, never the weight 100
    assert not facts.get("findings", check_id="performance_score_sum")
    said = {f["message"].split("“")[-1].split("”")[0] for f in facts.get("findings", check_id="unreadable_number")}
    assert said == {"2O", "7O%", "7.O", "5O", "9O.5"}


@pytest.mark.parametrize("row, expect", [
    (["", "年度资金总额", "20", "2O", "15", "10", "75", "7.5"],
     {"budget_initial": 20, "budget_full_year": None, "executed": 15, "weight": 10, "execution_rate": 75,
      "score": Decimal("7.5")}),
    (["", "年度资金总额", "1O", "20", "15", "10", "75%", "7.5"],
     {"budget_initial": None, "budget_full_year": 20, "executed": 15, "weight": 10, "execution_rate": 75,
      "score": Decimal("7.5")}),
    (["", "年度资金总额", "20", "20", "15", "10", "7O%", "7.5"],
     {"budget_initial": 20, "budget_full_year": 20, "executed": 15, "weight": 10, "execution_rate": None,
      "score": Decimal("7.5")}),
])
def test_funds_row_holds_an_unreadable_figure_as_none_in_its_slot(row, expect):
    header = ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert read_funds(header, row) == expect
    assert read_funds(None, row) == expect


@pytest.mark.parametrize("cells, k", [
    (["培训人数", "≥100人", "80人", "1O", "8"], 3),  # garbled weight, readable score
    (["培训人数", "≥100人", "80人", "1O", "8.O"], 3),  # both garbled
    (["培训人数", "≥100人", "80人", "10", "培训不足"], None),  # a word is not a score
])
def test_garbled_weight_still_ends_the_indicator_row(cells, k):
    assert _score_pair(cells) == k


NATIONAL = """项目支出绩效自评表
（2023年度）
项目名称\t国家模板项目
主管部门\t某局\t实施单位\t某中心
项目资金（元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
\t年度资金总额\t1,000,000\t1,200,000\t960,000\t10\t80%\t8
\t其中：当年财政拨款\t100\t120\t96\t—\t80%\t—
\t上年结转资金\t\t\t\t—\t\t—
年度总体目标\t预期目标\t\t实际完成情况
\t完成年度培训任务\t\t已完成
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
\t产出指标\t数量指标\t培训人次\t≥500人次\t520人次\t20\t20\t
\t\t质量指标\t合格率\t≥95%\t90%\t20\t18\t部分学员未通过考核
\t效益指标\t社会效益指标\t覆盖率\t≥90%\t92%\t40\t40\t
\t满意度指标\t服务对象满意度指标\t满意度\t≥90%\t85%\t10\t9\t宣传不到位
总分\t\t\t\t\t\t100\t95\t
项目支出绩效自评结果汇总表
序号\t项目名称\t预算执行情况\t\t\t自评得分
\t\t全年预算数\t全年执行数\t执行率\t
1\t国家模板项目\t120\t96\t80%\t95
2\t另一项目\t50\t45\t90%\t92.5
"""


@pytest.fixture(scope="module")
def national():
    data = tiny_final_report() + ("\n\n" + NATIONAL).encode("utf-8")
    return extract(read_text(data, "national.txt"))


def test_national_template_table(national):  # funds printed in 元
    row = project(national.facts, "国家模板项目")
    assert (row["budget_initial"], row["budget_full_year"], row["executed"]) == (100, 120, 96)
    assert (row["execution_rate"], row["score"]) == (80, 95)
    rows = {r["name"]: r for r in indicators(national.facts, "国家模板项目")}
    assert rows["合格率"]["level1"] == "产出指标" and rows["合格率"]["reason"] == "部分学员未通过考核"
    assert not national.facts.get("findings", check_id="performance_score_sum")
    assert not [p for p in national.facts.problems if "自评" in p]


def test_summary_with_two_header_rows_merges_with_own_table(national):
    rows = national.facts.get("performance_projects")
    assert sorted(r["project"] for r in rows) == ["另一项目", "国家模板项目"]
    other = project(national.facts, "另一项目")
    assert (other["budget_full_year"], other["executed"], other["execution_rate"], other["score"]) == \
        (50, 45, 90, 92.5)


def test_summary_header_wrapped_over_three_rows_under_a_note_line():
    rows = [["（2023年度）"],
            ["序号", "项目", "全年预", "全年执", "预算执", "满意度", "自评"],
            ["", "名称", "算数", "行数", "行率", "指标得", "得分"],
            ["", "", "", "", "", "分率", ""],
            ["1", "测试项目", "20", "15", "75.00%", "90.00%", "87.5"]]
    labels, last = _summary_header(rows)
    assert (labels, last) == (["序号", "项目名称", "全年预算数", "全年执行数", "预算执行率", "满意度指标得分率", "自评得分"], 3)


# ---------------------------------------------------------------- seed 000: fourteen project tables

@pytest.mark.corpus
def test_all_fourteen_projects_load_from_text(txt000):
    rows = txt000.get("performance_projects", evaluation="project")
    assert len(rows) == 14
    assert all(r["score"] is not None and r["executed"] is not None for r in rows)


@pytest.mark.corpus
def test_project_funds_and_score(txt000):
    row = project(txt000, "综合救助专项-生活困难信访人临时救济金")
    assert (row["budget_initial"], row["budget_full_year"], row["executed"]) == (15, Decimal("6.08"), Decimal("6.08"))
    assert (row["execution_rate"], row["score"]) == (100, Decimal("98.89"))


@pytest.mark.corpus
def test_ragged_funds_rows(txt000):
    row = project(txt000, "政务公开第三方咨询服务费")  # header lacks 全年预算数
    assert (row["budget_initial"], row["executed"], row["score"]) == (35, Decimal("34.05"), Decimal("98.68"))
    row = project(txt000, "信访协调联络中心工作经费")  # 14.36 printed three times
    assert (row["budget_initial"], row["budget_full_year"], row["executed"], row["score"]) == (15, Decimal("14.36"), Decimal("14.36"), Decimal("98.75"))


@pytest.mark.corpus
def test_indicator_rows(txt000):
    rows = {r["name"]: r for r in indicators(txt000, "综合救助专项-生活困难信访人临时救济金")}
    assert set(rows) == {"救济生活困难信访人数", "救济对象条件符合率", "救济金发放及时性",
                         "生活困难信访人生活质量改善率", "信访群众满意度"}
    sat = rows["信访群众满意度"]
    assert (sat["level1"], sat["target"], sat["actual"], sat["weight"], sat["score"]) == \
        ("满意度指标", "≥90%", "70%", 5, Decimal("3.89"))
    assert sat["reason"] == "信访群众满意度低"


@pytest.mark.corpus
def test_repeated_indicator_row_counts_once(txt000):
    names = [r["name"] for r in indicators(txt000, "政府机关工作经费")]
    assert names.count("单位职工满意度") == 1
    assert not [f for f in txt000.get("findings", check_id="performance_score_sum") if "政府机关" in f["message"]]


@pytest.mark.corpus
def test_score_sum_finding_names_the_numbers(txt000):
    found = [f for f in txt000.get("findings", check_id="performance_score_sum") if "数据中枢" in f["message"]]
    (f,) = found
    assert (f["expected"], f["actual"], f["severity"]) == (Decimal("98.95"), Decimal("93.95"), "error")
    assert "98.95" in f["message"] and "93.95" in f["message"]


@pytest.mark.corpus
def test_pdf_tables_split_over_pages(pdf000):
    assert len(pdf000.get("performance_projects", evaluation="project")) == 14
    row = project(pdf000, "综合救助专项-生活困难信访人临时救济金")
    assert (row["page"], row["score"]) == (16, Decimal("98.89"))
    rows = {r["name"]: r for r in indicators(pdf000, "综合救助专项-生活困难信访人临时救济金")}
    assert rows["救济金发放及时性"]["page"] == 16 and rows["生活困难信访人生活质量改善率"]["page"] == 17
    assert project(pdf000, "信访协调联络中心工作经费")["page"] == 34


# ---------------------------------------------------------------- seed 002: summary + department

@pytest.mark.corpus
def test_department_table(txt002):
    (dept,) = txt002.get("performance_projects", evaluation="department")
    assert dept["project"] == "市人民政府办公室"
    assert (dept["budget_initial"], dept["budget_full_year"], dept["executed"]) == (Decimal("4566.78"), Decimal("4929.23"), Decimal("4309.12"))
    assert (dept["execution_rate"], dept["score"]) == (Decimal("87.42"), Decimal("99.68"))
    rows = {r["name"]: r for r in txt002.get("performance_indicators", evaluation="department")}
    assert (rows["预算执行率"]["target"], rows["预算执行率"]["actual"], rows["预算执行率"]["score"]) == \
        ("≥90%", "87.41%", Decimal("0.97"))
    assert rows["预算执行率"]["reason"] == "根据实际工作支付"
    assert rows["社会满意度"]["level2"] == "满意度" and rows["社会满意度"]["level1"] == "效益指标"


@pytest.mark.corpus
def test_summary_table_rows(txt002):
    rows = txt002.get("performance_projects", evaluation="project")
    assert len(rows) == 9
    row = project(txt002, "2023办公设备购置")
    assert (row["budget_full_year"], row["executed"], row["execution_rate"], row["score"]) == \
        (24, Decimal("12.17"), Decimal("50.71"), Decimal("91.64"))


# ---------------------------------------------------------------- the 绩效自评 page

PAGE = Path(__file__).resolve().parents[1] / "pages" / "performance.py"


@pytest.fixture(scope="module")
def page_db(corpus, tmp_path_factory):
    db = str(tmp_path_factory.mktemp("perf") / "perf.duckdb")
    files = [corpus / "seeds" / f"{SEED_000}.txt", corpus / "seed-pdf" / f"{SEED_002}.pdf"]
    assert all(r.ok for r in ingest(files, db))
    return db


@pytest.fixture
def page(page_db, monkeypatch):
    monkeypatch.setenv("BUDGET_LENS_DB", page_db)
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    assert not at.exception
    return at


def frame(at, column, value):
    """The first dataframe on the page with a row whose column equals value."""
    for df in at.dataframe:
        if column in df.value.columns and (df.value[column] == value).any():
            return df.value
    raise AssertionError(f"no table with {column} = {value}")


@pytest.mark.corpus
def test_page_overview_and_project_table(page):
    assert page.title[0].value == "绩效自评"
    overview = frame(page, "单位", "三门峡市人民政府办公室")
    row = overview[overview["单位"] == "三门峡市人民政府办公室"].iloc[0]
    assert (row["自评项目数"], row["最低得分"], row["部门整体自评得分"]) == (9, 90.24, 99.68)
    assert round(row["平均得分"], 2) == 95.48
    jiyuan = overview[overview["单位"].str.startswith("济源")].iloc[0]
    assert jiyuan["自评项目数"] == 14 and jiyuan["最低得分"] == 98.06
    table = frame(page, "项目", "2023会议费")
    meeting = table[table["项目"] == "2023会议费"].iloc[0]
    assert (meeting["自评得分"], meeting["执行率（%）"], meeting["来源"]) == \
        (95.63, 56.29, f"{SEED_002}.pdf 第17页")
    assert len(page.get("download_button")) == 6 and len(pictures(page)) == 2  # the table's two, each chart's SVG and PNG


@pytest.mark.corpus
def test_page_drill_down_shows_lost_points_and_reason(page):
    box = next(s for s in page.selectbox if "绩效指标" in s.label)
    option = next(o for o in box.options if "生活困难信访人临时救济金" in o)
    page = box.select(option).run()
    text = "\n".join(m.value for m in page.markdown)
    assert f"**信访群众满意度**：目标 {plain('≥90%')}，实际 {plain('70%')}，扣 1.11 分。原因：信访群众满意度低" in text


@pytest.mark.corpus
def test_page_scatter_points_open_their_project_rows_and_the_histograms_nothing(page):
    """Each point of 执行率与自评得分 is one printed project row: it carries that row's 来源 link (a box
    in the PDF, a line in the text export); the score counts link nowhere; no table shows a position."""
    scatter, histograms = (picture_marks(svg) for svg in pictures(page))
    links = {mark["项目"]: mark["link"] for mark in scatter}
    assert links and all(v.startswith("/source?doc=") for v in links.values())
    assert re.fullmatch(r"/source\?doc=[^&]+&page=17&x0=[\d.]+&top=[\d.]+&x1=[\d.]+&bottom=[\d.]+",
                        links["2023会议费"]), links["2023会议费"]
    assert any(re.fullmatch(r"/source\?doc=[^&]+&line=\d+", v) for v in links.values())  # the text export's
    assert histograms and not any(mark["link"] for mark in histograms)
    for frame in page.dataframe:
        assert not {"doc_id", "x0", "line", "source_page"} & set(frame.value.columns), list(frame.value.columns)

def table_with(at, *columns):
    """The first dataframe on the page having all these columns."""
    return next(d.value for d in at.dataframe if all(c in d.value.columns for c in columns))


@pytest.mark.corpus
def test_page_flags(page):
    flags = table_with(page, "项目", "疑点")
    assert "得分 95.63，但执行率仅 56.29%" in " ".join(flags["疑点"])
    assert (table_with(page, "项目甲", "相似度")["相似度"] == 100).any()
    checks = " ".join(table_with(page, "疑点", "应为")["疑点"])
    assert "各项得分之和与总分：应为 98.95，实为 93.95" in checks


@pytest.mark.corpus
def test_page_empty_selection_says_so(page):
    units = next(m for m in page.sidebar.multiselect if m.label == "单位")
    page = units.set_value([]).run()
    assert not page.exception
    assert any("没有绩效自评数据" in i.value for i in page.info)


# ---------------------------------------------------------------- one judgement, two pages

def test_the_page_flags_low_execution_exactly_where_the_check_warns(tmp_path, monkeypatch):
    """One threshold object (loaders/judgement.py): a high score beside a low execution rate is flagged
    on the 绩效自评 page for exactly the projects 数据核对 warns about."""
    from dashboard import performance as perf
    from dashboard.filters import Selection
    from loaders.checks import run_checks
    from loaders.document import Block, Document
    from loaders.facts import COLUMNS, Facts
    from loaders.identity.identify import DocInfo

    from .hand_db import build_db, doc

    facts = Facts()
    for i, (rate, score) in enumerate((r, s) for r in (40, 59.9, 60, 85) for s in (89.9, 90, 97)):
        facts.add("performance_projects", evaluation="project", project=f"项目{i}", execution_rate=rate,
                  score=score, page=10 + i)
    info = DocInfo("甲局", 2023, "final", "department", "甲局", "万元")
    warned = {f["subject"] for f in run_checks(facts, info, Document("r.pdf", "0" * 64, "pdf", 40, [Block(1, text="x")]))
              if f["check_id"] == "performance_flattery"}
    rows = [("d1", *(r.get(c) for c in COLUMNS["performance_projects"])) for r in facts.get("performance_projects")]
    monkeypatch.setenv("BUDGET_LENS_DB", build_db(tmp_path / "p.duckdb", [doc("d1", "甲局", 2023, "final")],
                                                  {"performance_projects": rows}))
    flagged = set(perf.score_flags(Selection(("甲局",), (2023,), "final"))["project"])
    assert warned == flagged == {"项目1", "项目2", "项目4", "项目5"}  # 40% or 59.9% spent, 90 or 97 points
