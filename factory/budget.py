"""A 部门预算 drawn from figures, in the 2026 layout: 部门收支总体情况表, 部门支出总体情况表,
一般公共预算支出情况表, 一般公共预算基本支出表, 一般公共预算“三公”经费支出情况表, 政府性基金预算支出情况表
and 项目支出表. Budgets print only 项 rows under the unit's row, codes spaced ('201 03 01'),
and leave zero cells blank."""
from __future__ import annotations

from decimal import Decimal

from loaders.vocabulary import SANGONG_ITEMS

from .classification import CLASSES, ECONOMIC_CLASSES, GOVERNMENT_ECONOMIC
from .figures import ZERO, Leaf, Report, Split
from .disclosures import closing_sections
from .layout import Grid, PageBreak, Text, amount, chinese_number, marked, plain, spaced

SPLIT = ("wages", "family", "public", "running", "specific")


def money(value: Decimal | None) -> str:
    return amount(value, blank_zero=True)


class BudgetReport:
    def __init__(self, r: Report):
        self.r = r
        self.department = next(iter(r.sub_units))[:3]
        self.department_name = r.unit

    def elements(self) -> list:
        r = self.r
        out = [Text(f"{r.unit}", "cover"), Text(f"{r.year}年部门预算", "cover"), Text(r.published, "cover"),
               PageBreak(), Text(f"第一部分 {r.unit}部门概况", "heading"),
               Text(f"本部门预算包括{r.unit}本级及所属{len(r.sub_units) - 1}个预算单位的收支。"),
               Text(f"第二部分 {r.year}年部门预算情况说明", "heading"),
               Text(f"{r.year}年收支总预算{money(r.total)}万元，其中一般公共预算{money(r.general_total)}万元。"),
               Text("九、“三公”经费预算情况说明", "heading"),
               Text(f"{r.year}年“三公”经费预算{amount(r.sangong_budget.total)}万元，其中因公出国（境）费"
                    f"{amount(r.sangong_budget.overseas)}万元，公务用车购置费{amount(r.sangong_budget.vehicle_purchase)}"
                    f"万元，公务用车运行维护费{amount(r.sangong_budget.vehicle_operation)}万元，公务接待费"
                    f"{amount(r.sangong_budget.reception)}万元。")]
        out += closing_sections(r)
        for table in (self.summary, self.income, self.expense, self.appropriation, self.general, self.economic,
                      self.sangong, self.gov_fund, self.projects, self.department_target, self.targets):
            out += marked(table.__name__, table())
        return out

    def frame(self, title: str) -> list:
        return [PageBreak(), Text(f"{self.r.year}年{title}", "title"), Text(f"部门名称：{self.r.unit}", "note"),
                Text("单位：万元", "note")]

    # ------------------------------------------------------------------ tables
    def summary(self) -> list:
        r = self.r
        classes = {}
        for leaf in r.leaves:
            classes[leaf.code[:3]] = classes.get(leaf.code[:3], ZERO) + leaf.total
        income = [("一般公共预算", r.general_total), ("政府性基金预算拨款收入", r.gov_income),
                  ("国有资本经营预算拨款收入", r.state_capital_total), ("财政专户管理资金收入", ZERO),
                  ("事业收入", ZERO), ("事业单位经营收入", ZERO), ("上级补助收入", ZERO),
                  ("附属单位上缴收入", ZERO), ("其他收入", ZERO)]
        expense = [(name.removesuffix("支出") or name, classes.get(code)) for code, name in CLASSES.items()]
        rows = []
        for i, (name, value) in enumerate(expense):
            left = [f"{chinese_number(i + 1)}、{income[i][0]}", money(income[i][1])] if i < len(income) else ["", ""]
            rows.append(left + [f"{chinese_number(i + 1)}、{name}", money(value)])
        rows += [["本年收入合计", money(r.appropriation), "本年支出合计", money(r.total)],
                 ["上年结转结余", money(r.carry_in), "年终结转结余", ""],
                 ["收入总计", money(r.total), "支出总计", money(r.total)]]
        header = [["收入", "", "支出", ""], ["项目", "金额", "项目", "金额"]]
        return self.frame("部门收支总体情况表") + [Grid(header + rows, 2, [4, 2, 4, 2], [(0, 0, 1, 0), (2, 0, 3, 0)])]

    def income(self) -> list:
        r = self.r
        values = [money(v) for v in (r.total, r.general_total, r.gov_income, r.state_capital_total, r.carry_in)]
        header = [["部门(单位)代码", "部门(单位)名称", "总计", "一般公共预算", "政府性基金预算", "国有资本经营预算",
                   "上年结转结余"]]
        rows = [["", "合计", *values], [self.department, self.department_name, *values]]
        return self.frame("部门收入总体情况表") + [Grid(header + rows, 1, [1.4, 6, 1.5, 1.5, 1.5, 1.5, 1.5])]

    def appropriation(self) -> list:
        """财政拨款收支总体情况表: 上年结转 is spent through the 一般公共预算 column."""
        r = self.r
        funds = {"gov_fund": {}, "state_capital": {}}
        for fund, per in funds.items():
            for x in getattr(r, fund):
                per[x.code[:3]] = per.get(x.code[:3], ZERO) + x.total
        classes = {}
        for x in r.leaves:
            classes[x.code[:3]] = classes.get(x.code[:3], ZERO) + x.total
        income = [("一、本年收入", r.appropriation), ("（一）一般公共预算拨款", r.general_total),
                  ("（二）政府性基金预算拨款", r.gov_income), ("（三）国有资本经营预算拨款", r.state_capital_total),
                  ("二、上年结转", r.carry_in)]
        rows = []
        for i, (code, name) in enumerate(CLASSES.items()):
            total = classes.get(code, ZERO)
            gov, state = funds["gov_fund"].get(code, ZERO), funds["state_capital"].get(code, ZERO)
            left = [income[i][0], money(income[i][1])] if i < len(income) else ["", ""]
            rows.append(left + [f"（{chinese_number(i + 1)}）{name}", *[money(v) for v in (total, total - gov - state,
                                                                                      gov, state)]])
        gov, state = r.gov_income, r.state_capital_total
        rows.append(["收入合计", money(r.total), "支出合计", *[money(v) for v in (r.total, r.total - gov - state,
                                                                              gov, state)]])
        header = [["收入", "", "支出", "", "", "", ""], ["项目", "金额", "项目", "合计", "一般公共预算", "政府性基金",
                                                     "国有资本经营预算"]]
        return self.frame("财政拨款收支总体情况表") + [
            Grid(header + rows, 2, [3.5, 1.6, 4.5, 1.6, 1.6, 1.6, 1.6], [(0, 0, 1, 0), (2, 0, 6, 0)])]

    def _function_grid(self, leaves: list[Leaf]) -> Grid:
        header = [["科目编码", "单位代码", "单位（科目名称）", "合计", "基本支出", "", "", "", "项目支出", "", ""],
                  ["", "", "", "", "小计", "人员经费", "", "公用经费", "小计", "其他运转类", "特定目标类"],
                  ["", "", "", "", "", "工资福利支出", "对个人和家庭的补助", "", "", "", ""]]
        sums = {k: sum((getattr(x.split, k) for x in leaves), ZERO) for k in SPLIT}

        def values(total: Decimal, basic: Decimal, project: Decimal, split: Split) -> list[str]:
            return [money(v) for v in (total, basic, split.wages, split.family, split.public, project,
                                       split.running, split.specific)]
        basic = sum((x.basic for x in leaves), ZERO)
        project = sum((x.project for x in leaves), ZERO)
        whole = values(basic + project, basic, project, Split(**sums))
        rows = [["", "", "合计", *whole], ["", self.department, self.department_name, *whole]]
        rows += [[spaced(x.code), "", x.name, *values(x.total, x.basic, x.project, x.split)] for x in leaves]
        spans = [(0, 0, 0, 2), (1, 0, 1, 2), (2, 0, 2, 2), (3, 0, 3, 2), (4, 0, 7, 0), (8, 0, 10, 0),
                 (4, 1, 4, 2), (5, 1, 6, 1), (7, 1, 7, 2), (8, 1, 8, 2), (9, 1, 9, 2), (10, 1, 10, 2)]
        return Grid(header + rows, 3, [1.6, 1, 4.5] + [1.4] * 8, spans)

    def expense(self) -> list:
        return self.frame("部门支出总体情况表") + [self._function_grid(self.r.leaves)]

    def general(self) -> list:
        return self.frame("一般公共预算支出情况表") + [self._function_grid(self.r.general),
                                                      Text("备注：本表仅含当年财政拨款安排的支出。", "note")]

    def gov_fund(self) -> list:
        r = self.r
        header = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
        rows = [["", "合计", *[money(sum((getattr(x, c) for x in r.gov_fund), ZERO))
                              for c in ("total", "basic", "project")]]]
        rows += [[spaced(x.code), x.name, money(x.total), money(x.basic), money(x.project)] for x in r.gov_fund]
        out = self.frame("政府性基金预算支出情况表") + [Grid(header + rows, 1, [2, 6, 2, 2, 2])]
        if not r.gov_fund:
            out.append(Text(f"说明：本部门{r.year}年没有使用政府性基金预算拨款安排的支出，本表为空表。", "note"))
        return out

    def economic(self) -> list:
        r = self.r
        totals = r.economic_totals()
        rows = [["", "合计", "", "", money(totals["personnel"] + totals["public"]), money(totals["personnel"]),
                 money(totals["public"])]]
        for cls, (name, category) in ECONOMIC_CLASSES.items():
            items = [e for e in r.economic if e.code[:3] == cls]
            if not items:
                continue
            total = sum((e.amount for e in items), ZERO)
            rows.append([cls, name, "", "", money(total), *self._by_category(total, category)])
            gov_code, gov_name = GOVERNMENT_ECONOMIC[cls]
            rows += [[e.code, e.name, gov_code, gov_name, money(e.amount), *self._by_category(e.amount, category)]
                     for e in items]
        header = [["部门预算支出经济分类", "", "政府预算支出经济分类", "", "本年一般公共预算基本支出", "", ""],
                  ["科目编码", "科目名称", "科目编码", "科目名称", "合计", "人员经费", "公用经费"]]
        grid = Grid(header + rows, 2, [1.3, 4, 1.3, 4, 1.6, 1.6, 1.6], [(0, 0, 1, 0), (2, 0, 3, 0), (4, 0, 6, 0)])
        return self.frame("一般公共预算基本支出表") + [grid]

    @staticmethod
    def _by_category(value: Decimal, category: str) -> list[str]:
        return [money(value), ""] if category == "personnel" else ["", money(value)]

    def sangong(self) -> list:
        s = self.r.sangong_budget
        item = SANGONG_ITEMS
        header = [[item["total"], item["overseas"], "公务用车购置及运行费", "", "", item["reception"]],
                  ["", "", "小计", item["vehicle_purchase"], "公务用车运行费", ""]]
        row = [money(v) for v in (s.total, s.overseas, s.vehicle, s.vehicle_purchase, s.vehicle_operation,
                                  s.reception)]
        spans = [(0, 0, 0, 1), (1, 0, 1, 1), (2, 0, 4, 0), (5, 0, 5, 1)]
        return self.frame("一般公共预算“三公”经费支出情况表") + [
            Grid(header + [row], 2, [1.5] * 6, spans),
            Text("注：“三公”经费包括因公出国（境）费、公务用车购置及运行费和公务接待费，本表按部门预算批复数填列。", "note")]

    def projects(self) -> list:
        r = self.r
        header = [["部门(单位)代码", "部门(项目)名称", "项目类型", "合计", "本年拨款", "", "", "上年结转结余", "", "",
                   "财政专户管理资金", "单位资金"],
                  ["", "", "", "", "一般公共预算", "政府性基金预算", "国有资本经营预算", "一般公共预算", "政府性基金预算",
                   "国有资本经营预算", "", ""]]

        def values(items) -> list[str]:
            g = sum((p.general for p in items), ZERO)
            f = sum((p.gov_fund for p in items), ZERO)
            c = sum((p.carry for p in items), ZERO)
            return [money(g + f + c), money(g), money(f), "", money(c), "", "", "", ""]
        rows = [["", "合计", "", *values(r.projects)],
                ["", self.department_name, "", *values(r.projects)]]
        rows[1][0] = self.department
        for code, name in r.sub_units.items():
            items = [p for p in r.projects if p.unit_code == code]
            if not items:
                continue
            rows.append([code, name, "", *values(items)])
            rows += [[code, p.project, p.project_type, *values([p])] for p in items]
        spans = [(0, 0, 0, 1), (1, 0, 1, 1), (2, 0, 2, 1), (3, 0, 3, 1), (4, 0, 6, 0), (7, 0, 9, 0),
                 (10, 0, 10, 1), (11, 0, 11, 1)]
        return self.frame("项目支出表") + [Grid(header + rows, 2, [1.4, 6, 1.5] + [1.3] * 9, spans)]

    # ------------------------------------------------------------------ 绩效目标
    def targets(self) -> list:
        """One 项目支出绩效目标表 per project with targets, in the 中央 template's form."""
        out = []
        for t in self.r.targets:
            rows = [["项目名称", t.project, "", "", "", ""],
                    ["主管部门及代码", self.r.unit, "", "实施单位", self.r.unit, ""],
                    ["项目资金（万元）", "年度资金总额：", amount(t.budget), "", "", ""],
                    ["", "其中：财政拨款", amount(t.budget), "", "", ""],
                    ["年度总体目标", t.goal, "", "", "", ""],
                    ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "分值"]]
            previous = ("", "")
            for i in t.indicators:
                rows.append(["", i.level1 if i.level1 != previous[0] else "",
                             i.level2 if (i.level1, i.level2) != previous else "", i.name, i.target, plain(i.weight)])
                previous = (i.level1, i.level2)
            spans = [(1, 0, 5, 0), (1, 1, 2, 1), (4, 1, 5, 1), (0, 2, 0, 3), (1, 4, 5, 4)]
            out += [PageBreak(), Text("项目支出绩效目标表", "title"),
                    Grid(rows, 0, [1.6, 1.4, 1.6, 3.2, 1.3, 0.8], spans)]
        return out

    def department_target(self) -> list:
        """部门（单位）整体绩效目标表: the year's goal, the budget, indicators with 指标值说明."""
        r = self.r
        if not r.department_targets:
            return []
        rows = [[f"部门名称：{r.unit}", "", "", "", ""], ["年度履职目标", r.goal, "", "", ""],
                ["预算情况", "部门预算总额（万元）", "", amount(r.total), ""],
                ["一级指标", "二级指标", "三级指标", "指标值", "指标值说明"]]
        previous = ("", "")
        for i in r.department_targets:
            rows.append([i.level1 if i.level1 != previous[0] else "",
                         i.level2 if (i.level1, i.level2) != previous else "", i.name, i.target, i.note])
            previous = (i.level1, i.level2)
        spans = [(0, 0, 4, 0), (1, 1, 4, 1), (1, 2, 2, 2)]
        return [PageBreak(), Text("部门（单位）整体绩效目标表", "title"),
                Text("单位：万元", "note"), Grid(rows, 0, [1.4, 1.6, 2.2, 1.2, 4.6], spans)]
