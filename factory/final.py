"""A 部门/单位决算 drawn from figures: cover, the nine (2023) or eight (2021) tables, the
narrative with per-项 budget execution, and the project self-evaluations.

The titles, header words and column orders are those of the published 决算 templates (the
2023 nine-table layout and the 2021 eight-table layout); the prose is the factory's own."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from loaders.vocabulary import SANGONG_COMPONENTS, SANGONG_ITEMS

from .classification import CLASSES, ECONOMIC_CLASSES, SECTIONS
from .figures import MANAGEMENT, MANAGEMENT_WEIGHT, ZERO, FUNDS_WEIGHT, Evaluation, Report, percent, rollup
from .disclosures import closing_sections
from .layout import Grid, PageBreak, Text, amount, chinese_number, marked, pad, plain, rate

NOTE_ROUNDING = "本表金额转换为万元时，因四舍五入可能存在尾差。"


@dataclass
class IncomeLeaf:
    """A 项's income: 财政拨款 received and other income (what 收入决算表 prints)."""
    code: str
    name: str
    appropriation: Decimal
    other: Decimal

    @property
    def total(self) -> Decimal:
        return self.appropriation + self.other


class FinalReport:
    """Elements of one 决算, in reading order."""

    def __init__(self, r: Report):
        self.r = r
        self.new = r.layout == "final2023"
        self.who = "单位" if r.scope == "unit" else "部门"
        self.number = 0

    def money(self, value: Decimal | None) -> str:
        return amount(value, blank_zero=not self.new)

    def elements(self) -> list:
        r = self.r
        out = [Text(f"{r.year}年度", "cover"), Text(f"{r.unit}{self.who}决算", "cover"),
               Text(r.published, "cover"), PageBreak(),
               Text(f"第一部分 {r.unit}概况", "heading"),
               Text(f"{r.unit}按照本级党委、政府确定的职责开展工作，本报告公开其{r.year}年度全部收入和支出。"
                    f"纳入本{self.who}决算编制范围的为{self.who}本级。"),
               Text(f"第二部分 {r.year}年度{self.who}决算表", "heading")]
        tables = [self.summary, self.income, self.expense, self.appropriation, self.general,
                  self.economic, self.gov_fund]
        tables += [self.state_capital, self.sangong] if self.new else [self.sangong]
        for table in tables:
            out += marked(table.__name__, table())
        out += [PageBreak()] + self.narrative()
        if r.evaluations:
            out += [PageBreak(), Text(f"第五部分 {r.year}年度项目支出绩效自评表", "heading")]
            out += marked("evaluation_summary", self.evaluation_summary())
            for ev in r.evaluations:
                out += marked("evaluation", self.evaluation(ev))
        return out

    # ------------------------------------------------------------------ table frame
    def frame(self, title: str) -> list:
        self.number += 1
        r = self.r
        if self.new:
            return [PageBreak(), Text(title, "title"), Text(f"公开{self.number:02d}表", "note"),
                    Text(f"单位：{r.unit}", "note"), Text(f"{r.year}年度", "note"), Text("单位：万元", "note")]
        return [PageBreak(), Text(title, "title"), Text(f"公开 {self.number:02d} 表", "note"),
                Text("金额单位：万元", "note"), Text(f"部门：{r.unit}", "note"), Text(f"{r.year} 年度", "note")]

    def note(self, what: str) -> Text:
        return Text(f"注：本表反映{self.who}本年度{what}。{NOTE_ROUNDING}", "note")

    def function_rows(self, rows: list[dict], columns: list[str | None]) -> list[list[str]]:
        """Code, name and the amounts of columns (None: a column this report prints as zero)."""
        out = []
        for row in rows:
            values = [self.money(row[c] if c else ZERO) for c in columns]
            label = ["", "合计"] if self.new else ["合计", ""]
            out.append((label if row["code"] == "total" else [row["code"], row["name"]]) + values)
        return out

    # ------------------------------------------------------------------ the tables
    def summary(self) -> list:
        r = self.r
        classes = {row["code"]: row["total"] for row in rollup(r.leaves, "total") if row["level"] == 1}
        income = [("一般公共预算财政拨款收入", r.general_total), ("政府性基金预算财政拨款收入", r.gov_income),
                  ("国有资本经营预算财政拨款收入", r.state_capital_total), ("上级补助收入", ZERO),
                  ("事业收入", ZERO), ("经营收入", ZERO), ("附属单位上缴收入", ZERO), ("其他收入", r.other_income)]
        expense = [(name, classes.get(code, ZERO)) for code, name in CLASSES.items()]
        n = len(expense)
        rows = []
        for i in range(n):
            left = [f"{chinese_number(i + 1)}、{income[i][0]}", str(i + 1), self.money(income[i][1])] \
                if i < len(income) else ["", str(i + 1), ""]
            right = [f"{chinese_number(i + 1)}、{expense[i][0]}", str(n + 6 + i), self.money(expense[i][1])]
            rows.append(left + right)
        reserve = "使用非财政拨款结余（含专用结余）" if self.new else "使用非财政拨款结余"
        tail = [("本年收入合计", r.income_total, "本年支出合计", r.total),
                (reserve, ZERO, "结余分配", ZERO),
                ("年初结转和结余", r.carry_in, "年末结转和结余", r.carry_out),
                ("总计", r.income_total + r.carry_in, "总计", r.total + r.carry_out)]
        for k, (a, x, b, y) in enumerate(tail):
            rows.append([a, str(n + 1 + k), self.money(x), b, str(2 * n + 6 + k + 1), self.money(y)])
        header = [["收入", "", "", "支出", "", ""], ["项目", "行次", "决算数", "项目", "行次", "决算数"],
                  ["栏次", "", "1", "栏次", "", "2"]]
        grid = Grid(header + rows, 3, [5, 1, 2, 5, 1, 2], [(0, 0, 2, 0), (3, 0, 5, 0)])
        return self.frame("收入支出决算总表") + [grid, self.note("的总收支和年末结转结余情况")]

    def income(self) -> list:
        r = self.r
        funds = {x.code: ZERO for x in r.leaves}
        for x in r.general + r.state_capital:
            funds[x.code] += x.total
        for x in r.gov_fund:
            funds[x.code] += x.income
        spent = {x.code: ZERO for x in r.leaves}
        for x in r.general + r.gov_fund + r.state_capital:
            spent[x.code] += x.total
        leaves = [IncomeLeaf(x.code, x.name, funds[x.code], x.total - spent[x.code]) for x in r.leaves]
        rows = self.function_rows(rollup(leaves, "total", "appropriation", "other"),
                                  ["total", "appropriation", None, None, None, None, "other"])
        header = [["项目", "", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                   "附属单位上缴收入", "其他收入"], ["功能分类科目编码", "科目名称"] + [""] * 7,
                  ["", "栏次", "1", "2", "3", "4", "5", "6", "7"]]
        grid = Grid(header + rows, 3, [2, 5] + [1.5] * 7, [(0, 0, 1, 0)])
        return self.frame("收入决算表") + [grid, self.note("取得的各项收入情况")]

    def expense(self) -> list:
        rows = self.function_rows(rollup(self.r.leaves, "total", "basic", "project"),
                                  ["total", "basic", "project", None, None, None])
        header = [["项目", "", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
                  ["功能分类科目编码", "科目名称"] + [""] * 6, ["", "栏次", "1", "2", "3", "4", "5", "6"]]
        grid = Grid(header + rows, 3, [2, 5] + [1.5] * 6, [(0, 0, 1, 0)])
        return self.frame("支出决算表") + [grid, self.note("各项支出情况")]

    def appropriation(self) -> list:
        r = self.r
        per_fund = {}
        for fund in ("general", "gov_fund", "state_capital"):
            per_fund[fund] = {row["code"]: row["total"] for row in rollup(getattr(r, fund), "total")}
        income = [("一般公共预算财政拨款", r.general_total), ("政府性基金预算财政拨款", r.gov_income),
                  ("国有资本经营预算财政拨款", r.state_capital_total)]
        rows = []
        n = len(CLASSES)
        for i, (code, name) in enumerate(CLASSES.items()):
            parts = [per_fund[f].get(code, ZERO) for f in ("general", "gov_fund", "state_capital")]
            left = [f"{chinese_number(i + 1)}、{income[i][0]}", str(i + 1), self.money(income[i][1])] \
                if i < len(income) else ["", str(i + 1), ""]
            rows.append(left + [f"{chinese_number(i + 1)}、{name}", str(n + 7 + i), self.money(sum(parts)),
                                *[self.money(p) for p in parts]])
        spent = [r.general_total, sum((x.total for x in r.gov_fund), ZERO), r.state_capital_total]
        out_parts = [ZERO, r.carry_out, ZERO]
        in_parts = [ZERO, r.carry_in, ZERO]
        tail = [["本年收入合计", r.appropriation, "本年支出合计", spent],
                ["年初财政拨款结转和结余", r.carry_in, "年末财政拨款结转和结余", out_parts]]
        for k, (a, x, b, ys) in enumerate(tail):
            rows.append([a, str(n + 1 + k), self.money(x), b, str(2 * n + 7 + k), self.money(sum(ys)),
                         *[self.money(y) for y in ys]])
        for k, (label, _) in enumerate(income):
            rows.append([label, str(n + 3 + k), self.money(in_parts[k]), "", str(2 * n + 9 + k), "", "", "", ""])
        grand = [s + o for s, o in zip(spent, out_parts)]
        rows.append(["总计", str(n + 6), self.money(r.appropriation + r.carry_in), "总计", str(2 * n + 12),
                     self.money(sum(grand)), *[self.money(g) for g in grand]])
        header = [["收入", "", "", "支出", "", "", "", "", ""],
                  ["项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                   "国有资本经营预算财政拨款"], ["栏次", "", "1", "栏次", "", "2", "3", "4", "5"]]
        grid = Grid(header + rows, 3, [4, 1, 1.6, 4, 1, 1.6, 1.6, 1.6, 1.6], [(0, 0, 2, 0), (3, 0, 8, 0)])
        return self.frame("财政拨款收入支出决算总表") + [
            grid, self.note("一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况")]

    def _three_columns(self, leaves, title: str, what: str, empty: str) -> list:
        rows = self.function_rows(rollup(leaves, "total", "basic", "project"), ["total", "basic", "project"])
        header = [["项目", "", "本年支出", "", ""], ["功能分类科目编码", "科目名称", "小计", "基本支出", "项目支出"],
                  ["", "栏次", "1", "2", "3"]]
        grid = Grid(header + rows, 3, [2, 6, 2, 2, 2], [(0, 0, 1, 0), (2, 0, 4, 0)])
        out = self.frame(title) + [grid, self.note(what)]
        if not leaves:
            out.append(Text(f"说明：本{self.who}{self.r.year}年度{empty}，故本表无数据。", "note"))
        return out

    def general(self) -> list:
        return self._three_columns(self.r.general, "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款支出情况",
                                   "没有一般公共预算财政拨款支出")

    def state_capital(self) -> list:
        return self._three_columns(self.r.state_capital, "国有资本经营预算财政拨款支出决算表",
                                   "国有资本经营预算财政拨款支出情况", "没有使用国有资本经营预算安排的支出")

    def economic(self) -> list:
        r = self.r
        groups = [("301", "303"), ("302",), ("307", "310", "399")]
        columns = []
        for group in groups:
            col = []
            for cls in group:
                items = [e for e in r.economic if e.code[:3] == cls]
                if items:
                    col.append([cls, ECONOMIC_CLASSES[cls][0], self.money(sum((e.amount for e in items), ZERO))])
                    col += [[e.code, e.name, self.money(e.amount)] for e in items]
            columns.append(col)
        height = max(len(c) for c in columns)
        rows = [sum((c[i] if i < len(c) else ["", "", ""] for c in columns), []) for i in range(height)]
        totals = r.economic_totals()
        rows.append(["", "人员经费合计", self.money(totals["personnel"]), "", "", "", "", "公用经费合计",
                     self.money(totals["public"])])
        words = ["经济分类科目编码", "科目名称", "决算数"] * 3 if self.new else ["科目编码", "科目名称", "决算数"] * 3
        header = [words] if self.new else [["人员经费", "", "", "公用经费", "", "", "", "", ""], words]
        spans = [] if self.new else [(0, 0, 2, 0), (3, 0, 8, 0)]
        grid = Grid(header + rows, len(header), [1.3, 3.5, 1.5] * 3, spans)
        return self.frame("一般公共预算财政拨款基本支出决算明细表") + [grid, self.note("一般公共预算财政拨款基本支出明细情况")]

    def gov_fund(self) -> list:
        r = self.r
        columns = ["carry_in", "income", "total", "basic", "project", "carry_out"]
        rows = self.function_rows(rollup(r.gov_fund, *columns), columns)
        header = [["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
                  ["功能分类科目编码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""],
                  ["", "栏次", "1", "2", "3", "4", "5", "6"]]
        grid = Grid(header + rows, 3, [2, 5, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6], [(0, 0, 1, 0), (4, 0, 6, 0)])
        out = self.frame("政府性基金预算财政拨款收入支出决算表") + [
            grid, self.note("政府性基金预算财政拨款收入、支出及结转和结余情况")]
        if not r.gov_fund:
            out.append(Text(f"说明：本{self.who}{r.year}年度没有政府性基金预算财政拨款收入和支出，故本表无数据。", "note"))
        return out

    def sangong(self) -> list:
        r = self.r
        values = []
        for s in (r.sangong_budget, r.sangong_actual):
            values += [self.money(v) for v in (s.total, s.overseas, s.vehicle, s.vehicle_purchase,
                                               s.vehicle_operation, s.reception)]
        item = SANGONG_ITEMS
        vehicle = item["vehicle"] if self.new else "公务用车购置及运行费"
        running = item["vehicle_operation"] if self.new else "公务用车运行费"
        half = ["合计", item["overseas"], vehicle, "", "", item["reception"]]
        header = [["预算数"] + [""] * 5 + ["决算数"] + [""] * 5, half * 2,
                  (["", "", "小计", item["vehicle_purchase"], running, ""]) * 2, [str(i) for i in range(1, 13)]]
        spans = [(0, 0, 5, 0), (6, 0, 11, 0), (2, 1, 4, 1), (8, 1, 10, 1)]
        grid = Grid(header + [values], 4, [1] * 12, spans)
        title = "财政拨款“三公”经费支出决算表" if self.new else "一般公共预算财政拨款“三公”经费支出决算表"
        return self.frame(title) + [grid, Text(
            f"注：本表反映{self.who}本年度“三公”经费支出预决算情况。预算数为“三公”经费全年预算数，"
            f"决算数为当年财政拨款和以前年度结转资金安排的实际支出。{NOTE_ROUNDING}", "note")]

    # ------------------------------------------------------------------ narrative
    def narrative(self) -> list:
        """The explanations; amounts in prose are always written out, zero as 0.00."""
        r = self.r
        y = r.year
        budget = sum((x.budget for x in r.general), ZERO)
        totals = r.economic_totals()
        basic = sum((x.basic for x in r.leaves), ZERO)
        out = [Text(f"第三部分 {y}年度{self.who}决算情况说明", "heading"),
               Text("一、收入支出决算总体情况说明", "heading"),
               Text(f"{y}年度收入总计{amount(r.income_total + r.carry_in)}万元，支出总计"
                    f"{amount(r.total + r.carry_out)}万元，收支相抵。"),
               Text("二、收入决算情况说明", "heading"),
               Text(f"{y}年度本年收入合计{amount(r.income_total)}万元，其中财政拨款收入"
                    f"{amount(r.appropriation)}万元，其他收入{amount(r.other_income)}万元。"),
               Text("三、支出决算情况说明", "heading"),
               Text(f"{y}年度本年支出合计{amount(r.total)}万元，其中基本支出{amount(basic)}万元，"
                    f"项目支出{amount(r.total - basic)}万元。"),
               Text("五、一般公共预算财政拨款支出决算情况说明", "heading"),
               Text("（三）具体情况。", "heading"),
               Text(f"{y}年度一般公共预算财政拨款支出年初预算为{amount(budget)}万元，支出决算为"
                    f"{amount(r.general_total)}万元，完成年初预算的{rate(percent(r.general_total, budget))}%。其中：")]
        for i, leaf in enumerate(r.general, start=1):
            why = f"决算数与年初预算数存在差异的主要原因是{leaf.reason}。" if leaf.reason else "决算数与年初预算数一致。"
            out.append(Text(
                f"{i}. {CLASSES[leaf.code[:3]]}（类）{SECTIONS[leaf.code[:5]]}（款）{leaf.name}（项）。"
                f"年初预算为{amount(leaf.budget)}万元，支出决算为{amount(leaf.total)}万元，"
                f"完成年初预算的{rate(percent(leaf.total, leaf.budget))}%。{why}"))
        s, a = r.sangong_budget, r.sangong_actual
        out += [Text("六、一般公共预算财政拨款基本支出决算情况说明", "heading"),
                Text(f"{y}年度一般公共预算财政拨款基本支出{amount(totals['personnel'] + totals['public'])}万元，"
                     f"其中人员经费{amount(totals['personnel'])}万元，公用经费{amount(totals['public'])}万元。"),
                Text("九、财政拨款“三公”经费支出决算情况说明", "heading"),
                Text(f"{y}年度“三公”经费财政拨款支出预算为{amount(s.total)}万元，支出决算为"
                     f"{amount(a.total)}万元，完成预算的{rate(percent(a.total, s.total) or ZERO)}%。")]
        for i, item in enumerate(SANGONG_COMPONENTS, start=1):
            b, x = getattr(s, item), getattr(a, item)
            done = f"完成预算的{rate(percent(x, b))}%" if b else "未安排预算"
            out.append(Text(f"{i}. {SANGONG_ITEMS[item]}预算数为{amount(b)}万元，支出决算数为{amount(x)}万元，{done}。"))
        return out + closing_sections(r)

    # ------------------------------------------------------------------ self-evaluation
    def evaluation_summary(self) -> list:
        """项目支出绩效自评汇总表: one row per project, the score rate of each indicator group."""
        groups = ("成本指标", "产出指标", "效益指标", "满意度指标")
        header = [["序号", "项目名称", "全年预算数", "全年执行数", "预算执行率",
                   *[f"{g}得分率" for g in groups], "自评得分"]]
        rows = []
        for i, ev in enumerate(self.r.evaluations, start=1):
            rates = []
            for g in groups:
                mine = [x for x in ev.indicators if x.level1 == g]
                weight = sum((x.weight for x in mine), ZERO)
                rates.append(f"{rate(percent(sum((x.score for x in mine), ZERO), weight))}%" if weight else "-")
            rows.append([str(i), ev.project, plain(ev.budget_full_year), plain(ev.executed),
                         f"{rate(ev.execution_rate)}%", *rates, plain(ev.score)])
        return [Text("项目支出绩效自评汇总表", "title"), Text("单位：万元", "note"),
                Grid(header + rows, 1, [0.6, 6, 1.3, 1.3, 1.2, 1.2, 1.2, 1.2, 1.2, 1.1])]

    def evaluation(self, ev: Evaluation) -> list:
        r = self.r
        funds = [plain(ev.budget_initial), plain(ev.budget_full_year), plain(ev.executed)]
        rows = [["项目名称", ev.project] + [""] * 8,
                ["主管部门", r.unit, "", "", "", "实施单位", r.unit, "", "", ""],
                ["项目资金（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率%", "得分", ""],
                ["", "年度资金总额", "", *funds, plain(FUNDS_WEIGHT), plain(ev.execution_rate), plain(ev.funds_score), ""],
                ["", "其中：财政拨款", "", *funds, "-", plain(ev.execution_rate), "-", ""],
                ["资金管理情况", "", "情况说明", "", "", "", "分值", "得分", "存在问题和改进措施", ""]]
        rows += [["", item, text, "", "", "", plain(MANAGEMENT_WEIGHT), plain(MANAGEMENT_WEIGHT), "", ""]
                 for item, text in MANAGEMENT]
        rows += [["年度总体目标", "预期目标", "", "", "", "", "实际完成情况", "", "", ""],
                 ["", ev.goal, "", "", "", "", "完成", "", "", ""],
                 ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差度%",
                  "偏差原因分析及改进措施"]]
        start = len(rows)
        previous = ("", "")
        for ind in ev.indicators:
            l1 = ind.level1 if ind.level1 != previous[0] else ""
            l2 = ind.level2 if (ind.level1, ind.level2) != previous else ""
            previous = (ind.level1, ind.level2)
            rows.append(["", l1, l2, ind.name, ind.target, ind.actual, plain(ind.weight), plain(ind.score),
                         f"{rate(ind.deviation)}%", ind.reason])
        rows.append(["总分", "", "", "", "", "", "100", plain(ev.score), "", ""])
        n = len(rows)
        spans = [(1, 0, 9, 0), (1, 1, 4, 1), (6, 1, 9, 1), (0, 2, 2, 2), (1, 3, 2, 3), (1, 4, 2, 4),
                 (0, 5, 1, 5), (2, 5, 5, 5), (8, 5, 9, 5), (1, start - 3, 5, start - 3), (6, start - 3, 9, start - 3),
                 (1, start - 2, 5, start - 2), (6, start - 2, 9, start - 2), (0, n - 1, 5, n - 1)]
        spans += [(2, i, 5, i) for i in range(6, 6 + len(MANAGEMENT))]
        return [Text("项目支出绩效自评表", "title"), Text(f"（{r.year}年度）", "note"),
                Grid(pad(rows, 10), 0, [1.6, 1.4, 1.6, 2.6, 1.3, 1.3, 0.8, 0.8, 1, 2], spans)]
