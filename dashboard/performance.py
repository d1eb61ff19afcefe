"""Read side of the 绩效自评 page: queries over performance_projects / performance_indicators, flags, charts.

Queries take a DuckDB connection and the selected units (unit_id) and years, and return DataFrames
with English column names; LABELS gives the Chinese headers. Every row carries `source` (file name and
page) so any number on the page can be traced to the report. One 决算 document is used per unit and
year (a PDF, which has page numbers, before its text export).
"""
from __future__ import annotations

from itertools import combinations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from .charts import few_panels

NEAR_PERFECT = 95.0  # a self-evaluation score at or above this is "near perfect"
LOW_EXECUTION = 80.0  # an execution rate (%) below this is low
SIMILAR = 0.8  # indicator sets this similar (Jaccard) across two projects look copied
MIN_SHARED = 3  # ...when they share at least this many indicators

LABELS = {
    "unit_name": "单位", "fiscal_year": "年度", "project": "项目", "evaluation": "评价类型",
    "projects": "自评项目数", "mean_score": "平均得分", "min_score": "最低得分", "dept_score": "部门整体自评得分",
    "evaluated_funds": "自评项目执行数（万元）", "project_spending": "项目支出决算数（万元）",
    "funds_share": "自评资金覆盖率（%）", "score": "自评得分", "execution_rate": "执行率（%）",
    "budget_initial": "年初预算数（万元）", "budget_full_year": "全年预算数（万元）", "executed": "全年执行数（万元）",
    "level1": "一级指标", "level2": "二级指标", "name": "三级指标", "target": "年度指标值", "actual": "实际完成值",
    "weight": "分值", "lost": "扣分", "reason": "偏差原因分析及改进措施", "issue": "疑点",
    "project_a": "项目甲", "project_b": "项目乙", "shared": "相同指标数", "similarity": "相似度", "source": "来源",
    "source_a": "来源（甲）", "source_b": "来源（乙）", "expected": "应为", "actual_value": "实为",
}
EVALUATION = {"project": "项目", "department": "部门整体"}

# One final-account document per unit and year; PDF (with pages) first, then the latest loaded.
_DOCS = """
WITH docs AS (
    SELECT doc_id, file_name, unit_id, coalesce(unit_name, '（未识别单位）') AS unit_name, fiscal_year
    FROM documents
    WHERE doc_kind = 'final'
      AND (? IS NULL OR list_contains(?, unit_id))
      AND (? IS NULL OR list_contains(?, fiscal_year))
    QUALIFY row_number() OVER (PARTITION BY unit_id, fiscal_year
                               ORDER BY page_count IS NULL, ingested_at DESC, doc_id) = 1
)
"""
_SOURCE = "d.file_name || coalesce(' 第' || CAST({page} AS VARCHAR) || '页', '')"


def _params(units, years) -> list:
    u = list(units) if units is not None else None
    y = [int(v) for v in years] if years is not None else None
    return [u, u, y, y]


def overview(con, units=None, years=None) -> pd.DataFrame:
    """Per unit and year: projects evaluated, mean / min score, department score, share of funds."""
    sql = _DOCS + """
    , proj AS (
        SELECT doc_id, count(*) AS projects, round(avg(score), 2) AS mean_score, min(score) AS min_score,
               sum(executed) AS evaluated_funds
        FROM performance_projects WHERE evaluation = 'project' GROUP BY doc_id),
    dept AS (SELECT doc_id, max(score) AS dept_score FROM performance_projects
             WHERE evaluation = 'department' GROUP BY doc_id),
    spend AS (SELECT doc_id, max(project) AS project_spending FROM expenditure_function
              WHERE fund = 'all' AND code = 'total' GROUP BY doc_id)
    SELECT d.unit_name, d.fiscal_year, coalesce(p.projects, 0) AS projects, p.mean_score, p.min_score,
           t.dept_score, p.evaluated_funds, s.project_spending,
           CASE WHEN s.project_spending > 0 THEN round(100 * p.evaluated_funds / s.project_spending, 1) END
               AS funds_share,
           d.file_name AS source
    FROM docs d
    LEFT JOIN proj p USING (doc_id) LEFT JOIN dept t USING (doc_id) LEFT JOIN spend s USING (doc_id)
    WHERE p.doc_id IS NOT NULL OR t.doc_id IS NOT NULL
    ORDER BY d.unit_name, d.fiscal_year
    """
    return con.execute(sql, _params(units, years)).df()


def projects(con, units=None, years=None) -> pd.DataFrame:
    """Every evaluated project (and each department as a whole) with funds, rate, score and source."""
    sql = _DOCS + f"""
    SELECT d.unit_name, d.fiscal_year, p.project, p.evaluation, p.score, p.execution_rate,
           p.budget_initial, p.budget_full_year, p.executed, {_SOURCE.format(page='p.page')} AS source,
           p.doc_id
    FROM performance_projects p JOIN docs d USING (doc_id)
    ORDER BY d.unit_name, d.fiscal_year, p.evaluation DESC, p.score
    """
    return con.execute(sql, _params(units, years)).df()


def indicators(con, units=None, years=None) -> pd.DataFrame:
    """Indicator rows with points lost (分值 − 得分)."""
    sql = _DOCS + f"""
    SELECT d.unit_name, d.fiscal_year, i.project, i.evaluation, i.level1, i.level2, i.name, i.target,
           i.actual, i.weight, i.score, i.weight - i.score AS lost, i.reason,
           {_SOURCE.format(page='i.page')} AS source, i.doc_id
    FROM performance_indicators i JOIN docs d USING (doc_id)
    ORDER BY d.unit_name, d.fiscal_year, i.project, i.rowid
    """
    return con.execute(sql, _params(units, years)).df()


def score_findings(con, units=None, years=None) -> pd.DataFrame:
    """The loader's findings on these tables: 总分 ≠ Σ 得分, 执行率 ≠ 执行数 ÷ 预算数."""
    sql = _DOCS + f"""
    SELECT d.unit_name, d.fiscal_year, f.message AS issue, f.expected, f.actual AS actual_value,
           {_SOURCE.format(page='f.page')} AS source
    FROM findings f JOIN docs d USING (doc_id)
    WHERE f.check_id LIKE 'performance%' AND f.severity IN ('error', 'warning')
    ORDER BY d.unit_name, d.fiscal_year
    """
    return con.execute(sql, _params(units, years)).df()


def _is_satisfaction(row) -> bool:
    return any("满意" in str(row[c] or "") for c in ("level1", "level2", "name"))


def score_flags(projects_df: pd.DataFrame, indicators_df: pd.DataFrame) -> pd.DataFrame:
    """Near-perfect scores despite missed satisfaction targets or low execution, with the numbers."""
    cols = ["unit_name", "fiscal_year", "project", "score", "execution_rate", "issue", "source"]
    if projects_df.empty:
        return pd.DataFrame(columns=cols)
    missed = indicators_df[(indicators_df["lost"] > 0)
                           & indicators_df.apply(_is_satisfaction, axis=1)] if not indicators_df.empty else indicators_df
    out = []
    for _, p in projects_df[projects_df["score"] >= NEAR_PERFECT].iterrows():
        issues = []
        if pd.notna(p["execution_rate"]) and p["execution_rate"] < LOW_EXECUTION:
            issues.append(f"执行率仅 {p['execution_rate']:.2f}%")
        if not missed.empty:
            mine = missed[(missed["doc_id"] == p["doc_id"]) & (missed["project"] == p["project"])]
            for _, i in mine.iterrows():
                issues.append(f"{i['name']}目标 {i['target']}、实际 {i['actual']}，扣 {i['lost']:.2f} 分")
        if issues:
            out.append({**{c: p[c] for c in cols if c in p}, "issue": f"得分 {p['score']:.2f}，但" + "；".join(issues)})
    return pd.DataFrame(out, columns=cols)


def copied_indicator_sets(indicators_df: pd.DataFrame) -> pd.DataFrame:
    """Pairs of one unit's projects (any years) whose indicator names are identical or nearly so."""
    cols = ["unit_name", "fiscal_year", "project_a", "project_b", "shared", "similarity", "source_a", "source_b"]
    rows = indicators_df[(indicators_df["evaluation"] == "project") & indicators_df["name"].notna()] \
        if not indicators_df.empty else indicators_df
    out = []
    for unit, unit_rows in rows.groupby("unit_name", sort=False):
        sets = [(year, project, frozenset(g["name"]), g["source"].iloc[0])
                for (_, year, project), g in unit_rows.groupby(["doc_id", "fiscal_year", "project"], sort=False)]
        for (year_a, a, names_a, src_a), (year_b, b, names_b, src_b) in combinations(sets, 2):
            shared = len(names_a & names_b)
            similarity = shared / len(names_a | names_b)
            if shared >= MIN_SHARED and similarity >= SIMILAR:
                out.append({"unit_name": unit, "fiscal_year": str(year_a) if year_a == year_b else f"{year_a} / {year_b}",
                            "project_a": a, "project_b": b, "shared": shared,
                            "similarity": round(100 * similarity, 1), "source_a": src_a, "source_b": src_b})
    return pd.DataFrame(out, columns=cols).sort_values("similarity", ascending=False, ignore_index=True)


def for_display(df: pd.DataFrame) -> pd.DataFrame:
    """Chinese headers and evaluation names, internal keys dropped."""
    out = df.drop(columns=[c for c in ("doc_id",) if c in df.columns])
    if "evaluation" in out.columns:
        out["evaluation"] = out["evaluation"].map(EVALUATION).fillna(out["evaluation"])
    return out.rename(columns=LABELS)


def rate_score_scatter(projects_df: pd.DataFrame) -> go.Figure:
    """Execution rate against score, one colour per unit, the project named on hover."""
    df = projects_df[projects_df["evaluation"] == "project"].dropna(subset=["score", "execution_rate"])
    fig = px.scatter(df, x="execution_rate", y="score", color="unit_name", hover_name="project",
                     hover_data={"fiscal_year": True, "executed": ":.2f", "source": True, "unit_name": False},
                     labels=LABELS)
    fig.add_vline(x=LOW_EXECUTION, line_dash="dot", line_color="grey")
    fig.add_hline(y=NEAR_PERFECT, line_dash="dot", line_color="grey")
    fig.update_layout(legend=dict(title_text="单位", orientation="h", y=-0.2), margin=dict(t=30))
    return fig


def score_histograms(projects_df: pd.DataFrame) -> go.Figure:
    """Score distribution per unit and year, side by side."""
    df = projects_df[projects_df["evaluation"] == "project"].dropna(subset=["score"]).copy()
    df["unit_year"] = df["unit_name"] + " " + df["fiscal_year"].astype(str) + "年"
    df, note = few_panels(df, "unit_year")
    fig = px.histogram(df, x="score", facet_col="unit_year", facet_col_wrap=3, nbins=20,
                       labels={**LABELS, "unit_year": "单位年度"})
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=", 1)[-1]))
    fig.update_layout(yaxis_title="项目数", margin=dict(t=40), title=note or None)
    return fig
