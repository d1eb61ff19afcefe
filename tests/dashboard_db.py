"""A small database with known figures for the dashboard tests, written through loaders.database.store.

Two units of 测试市: 甲局 with 决算 2022 and 2023 and a 预算 2023, 乙中心 with a 决算 2023 that has no
economic table. Figures are chosen so every headline has a round answer (甲局 2023: 1,200.00 万元,
+20.0% on 2022, 70.6% of the 2023 selection)."""
from __future__ import annotations

import re

import pandas as pd

from dashboard import widgets
from loaders.document import Document, sha256_of
from loaders.extract import Extracted
from loaders.facts import Facts
from loaders.identity.identify import DocInfo
from loaders.database.record import record as store
from loaders.database.store import connect

JIA, YI = "测试市甲局", "测试市乙中心"

# code, name, total, basic, project (level from the code's length; 'total' is the 合计 row)
FUNCTION = {
    (JIA, 2022, "final"): [("total", "合计", 1000, 400, 600), ("201", "一般公共服务支出", 700, 400, 300),
                           ("20103", "政府办公厅（室）及相关机构事务", 700, 400, 300),
                           ("2010301", "行政运行", 400, 400, 0), ("2010399", "其他政府办公厅（室）及相关机构事务支出", 300, 0, 300),
                           ("208", "社会保障和就业支出", 300, 0, 300), ("20805", "行政事业单位养老支出", 300, 0, 300),
                           ("2080505", "机关事业单位基本养老保险缴费支出", 300, 0, 300)],
    (JIA, 2023, "final"): [("total", "合计", 1200, 450, 750), ("201", "一般公共服务支出", 800, 450, 350),
                           ("20103", "政府办公厅（室）及相关机构事务", 800, 450, 350),
                           ("2010301", "行政运行", 450, 450, 0), ("2010399", "其他政府办公厅（室）及相关机构事务支出", 350, 0, 350),
                           ("208", "社会保障和就业支出", 400, 0, 400), ("20805", "行政事业单位养老支出", 400, 0, 400),
                           ("2080505", "机关事业单位基本养老保险缴费支出", 400, 0, 400)],
    (JIA, 2023, "budget"): [("total", "合计", 1100, 500, 600), ("201", "一般公共服务支出", 800, 500, 300),
                            ("208", "社会保障和就业支出", 300, 0, 300)],
    (YI, 2023, "final"): [("total", "合计", 500, 300, 200), ("201", "一般公共服务支出", 500, 300, 200),
                          ("20103", "政府办公厅（室）及相关机构事务", 500, 300, 200),
                          ("2010350", "事业运行", 300, 300, 0), ("2010399", "其他政府办公厅（室）及相关机构事务支出", 200, 0, 200)],
}
# code, name, amount, category
ECONOMIC = {
    (JIA, 2022, "final"): [("301", "工资福利支出", 300, "personnel"), ("30101", "基本工资", 200, "personnel"),
                           ("30102", "津贴补贴", 100, "personnel"), ("302", "商品和服务支出", 100, "public"),
                           ("30201", "办公费", 100, "public"), ("personnel_total", "人员经费合计", 300, "personnel"),
                           ("public_total", "公用经费合计", 100, "public")],
    (JIA, 2023, "final"): [("301", "工资福利支出", 330, "personnel"), ("30101", "基本工资", 230, "personnel"),
                           ("30102", "津贴补贴", 100, "personnel"), ("302", "商品和服务支出", 120, "public"),
                           ("30201", "办公费", 120, "public"), ("personnel_total", "人员经费合计", 330, "personnel"),
                           ("public_total", "公用经费合计", 120, "public")],
}
SANGONG = {  # total budget, total actual
    (JIA, 2022, "final"): (25, 20), (JIA, 2023, "final"): (24, 18), (JIA, 2023, "budget"): (22, None),
    (YI, 2023, "final"): (6, 5),
}
PAGES = {"function": 5, "economic": 8, "sangong": 9}


def file_name(unit: str, year: int, kind: str) -> str:
    return f"{unit}{year}年度部门{'决算' if kind == 'final' else '预算'}.pdf"


def _facts(key) -> Facts:
    facts = Facts()
    for code, name, total, basic, project in FUNCTION[key]:
        level = 0 if code == "total" else {3: 1, 5: 2, 7: 3}[len(code)]
        facts.add("expenditure_function", fund="all", code=code, name=name, level=level, total=total,
                  basic=basic, project=project, page=PAGES["function"])
    for code, name, amount, category in ECONOMIC.get(key, []):
        level = 1 if len(code) == 3 else 2 if code.isdigit() else None
        facts.add("expenditure_economic", code=code, name=name, level=level, amount=amount,
                  category=category, page=PAGES["economic"])
    budget, actual = SANGONG[key]
    facts.add("sangong", item="total", budget=budget, actual=actual, page=PAGES["sangong"])
    return facts


def build(path: str) -> str:
    """Write the four reports into a new database at path; returns path."""
    con = connect(path)
    try:
        for key in FUNCTION:
            unit, year, kind = key
            name = file_name(*key)
            doc = Document(name, sha256_of(name.encode()), "pdf", 20)
            info = DocInfo(unit, year, kind, "department", "测试市", "万元", unit)
            store(con, Extracted(doc, info, _facts(key), "ok"))
    finally:
        con.close()
    return path


FIGURE = re.compile(r"^(?P<label>[^\n]+)\n\n### (?P<value>[^\n]+)(?:\n\n:\w+\[(?P<delta>[^\n]*)\])?$")
CELL = re.compile(rf'<div class="{widgets.CELL}">\n\n(.*?)\n\n<div class="{widgets.NOTE}">', re.S)  # a card's figure


def small_tables(at) -> list[pd.DataFrame]:
    """The tables a page drew with widgets.small_table (markdown), as the reader sees them: cells
    split at unescaped '|', markdown escapes and word joiners removed."""
    out = []
    for m in at.markdown:
        lines = m.value.split("\n")
        if len(lines) < 2 or not lines[0].startswith("| ") or not lines[1].startswith("| --- |"):
            continue
        rows = [[re.sub(r"\\(.)", r"\1", cell.strip()).replace("\u2060", "") for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
                for line in lines[:1] + lines[2:]]
        out.append(pd.DataFrame(rows[1:], columns=rows[0]))
    return out


def figures(at) -> dict[str, list[tuple[str, str]]]:
    """The headline figures a page drew with widgets.figure or in a widgets.card's cells, label →
    [(value, delta)] in page order, as the reader sees them (markdown escapes removed; no delta is '')."""
    out: dict[str, list] = {}
    for m in at.markdown:
        for text in CELL.findall(m.value) or [m.value]:
            found = FIGURE.match(text)
            if not found:
                continue
            value, delta = (re.sub(r"\\(.)", r"\1", found[k] or "") for k in ("value", "delta"))
            out.setdefault(found["label"], []).append((value, delta))
    return out
