"""Read side of the 绩效自评 page: queries over performance_projects / performance_indicators, flags, charts.

Queries take the sidebar Selection, aggregate in DuckDB and return DataFrames with English column
names; LABELS gives the Chinese headers. Every row carries `source` (file name and page) so any
number on the page can be traced to the report. One 决算 document is used per unit and year (as on
every page: the department-wide report, its PDF before its text export).
"""
from __future__ import annotations

import pandas as pd

from loaders.api import FLATTERY

from . import db
from .links import WHERE
from .filters import Selection

# The check's thresholds (loaders/judgement.py): the page flags the projects 数据核对 warns about.
NEAR_PERFECT = float(FLATTERY.high_score)  # a self-evaluation score at or above this is high
LOW_EXECUTION = float(FLATTERY.low_rate)  # an execution rate (%) below this is low
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



def _final_docs(sel: Selection) -> tuple[str, list]:
    """The selected units' and years' 决算 (self-evaluations are published only there), whatever
    report kind the sidebar shows."""
    return sel.docs_cte(kind="final")


def overview(sel: Selection) -> pd.DataFrame:
    """Per unit and year: projects evaluated, mean / min score, department score, share of funds."""
    cte, params = _final_docs(sel)
    sql = cte + """
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
    FROM sel_docs d
    LEFT JOIN proj p USING (doc_id) LEFT JOIN dept t USING (doc_id) LEFT JOIN spend s USING (doc_id)
    WHERE p.doc_id IS NOT NULL OR t.doc_id IS NOT NULL
    ORDER BY d.unit_name, d.fiscal_year
    """
    return db.query(sql, params)


def projects(sel: Selection) -> pd.DataFrame:
    """Every evaluated project (and each department as a whole) with funds, rate, score and source;
    has_indicators says whether the report lists its indicators."""
    cte, params = _final_docs(sel)
    sql = cte + f"""
    , detailed AS (SELECT DISTINCT doc_id, project FROM performance_indicators)
    SELECT d.unit_name, d.fiscal_year, p.project, p.evaluation, p.score, p.execution_rate,
           p.budget_initial, p.budget_full_year, p.executed, {db.source_sql('d.file_name', 'p.page')} AS source,
           {db.position_sql('p')}, i.doc_id IS NOT NULL AS has_indicators
    FROM performance_projects p JOIN sel_docs d USING (doc_id)
    LEFT JOIN detailed i ON i.doc_id = p.doc_id AND i.project = p.project
    ORDER BY d.unit_name, d.fiscal_year, p.evaluation DESC, p.score, p.project
    """
    return db.query(sql, params)


def indicators(doc_id: str, project: str) -> pd.DataFrame:
    """One project's indicator rows, in report order, with points lost (分值 − 得分)."""
    sql = f"""
    SELECT i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score, i.weight - i.score AS lost,
           i.reason, {db.source_sql('d.file_name', 'i.page')} AS source, {db.position_sql('i')}
    FROM performance_indicators i JOIN documents d USING (doc_id)
    WHERE i.doc_id = ? AND i.project = ?
    ORDER BY i.rowid
    """
    return db.query(sql, [doc_id, project])


def score_findings(sel: Selection) -> pd.DataFrame:
    """The loader's findings on these tables: 总分 ≠ Σ 得分, 执行率 ≠ 执行数 ÷ 预算数."""
    cte, params = _final_docs(sel)
    sql = cte + f"""
    SELECT d.unit_name, d.fiscal_year, f.message AS issue, f.expected, f.actual AS actual_value,
           {db.source_sql('d.file_name', 'f.page')} AS source
    FROM findings f JOIN sel_docs d USING (doc_id)
    WHERE f.check_id LIKE 'performance%' AND f.severity IN ('error', 'warning')
    ORDER BY d.unit_name, d.fiscal_year
    """
    return db.query(sql, params)


def score_flags(sel: Selection) -> pd.DataFrame:
    """Near-perfect scores despite missed satisfaction targets or low execution, with the numbers."""
    cte, params = _final_docs(sel)
    sql = cte + f"""
    , high AS (
        SELECT d.unit_name, d.fiscal_year, p.project, p.evaluation, p.score, p.execution_rate,
               {db.position_sql('p')},
               {db.source_sql('d.file_name', 'p.page')} AS source
        FROM performance_projects p JOIN sel_docs d USING (doc_id) WHERE p.score >= ?),
    missed AS (
        SELECT i.doc_id, i.project,
               string_agg(printf('%s目标 %s、实际 %s，扣 %.2f 分', i.name, coalesce(i.target, '—'),
                                 coalesce(i.actual, '—'), i.weight - i.score), '；' ORDER BY i.rowid) AS misses
        FROM performance_indicators i JOIN high h ON h.doc_id = i.doc_id AND h.project = i.project
        WHERE i.weight > i.score AND concat(i.level1, i.level2, i.name) LIKE '%满意%'
        GROUP BY i.doc_id, i.project)
    SELECT h.unit_name, h.fiscal_year, h.project, h.score, h.execution_rate,
           printf('得分 %.2f，但', h.score) || concat_ws('；',
               CASE WHEN h.execution_rate < ? THEN printf('执行率仅 %.2f%%', h.execution_rate) END,
               m.misses) AS issue,
           h.source, {", ".join(f"h.{c}" for c in WHERE)}
    FROM high h LEFT JOIN missed m ON m.doc_id = h.doc_id AND m.project = h.project
    WHERE h.execution_rate < ? OR m.misses IS NOT NULL
    ORDER BY h.unit_name, h.fiscal_year, h.evaluation DESC, h.score, h.project
    """
    return db.query(sql, params + [NEAR_PERFECT, LOW_EXECUTION, LOW_EXECUTION])


def copied_indicator_sets(sel: Selection) -> pd.DataFrame:
    """Pairs of one unit's projects (any years) whose indicator names are identical or nearly so."""
    cte, params = _final_docs(sel)
    sql = cte + f"""
    , names AS (
        SELECT DISTINCT d.unit_id, d.unit_name, d.fiscal_year, i.doc_id, i.project, i.name
        FROM performance_indicators i JOIN sel_docs d USING (doc_id)
        WHERE i.evaluation = 'project' AND i.name IS NOT NULL),
    sets AS (
        SELECT i.doc_id, i.project, count(DISTINCT i.name) AS size,
               arg_min({db.source_sql('d.file_name', 'i.page')}, i.rowid) AS source
        FROM performance_indicators i JOIN sel_docs d USING (doc_id)
        WHERE i.evaluation = 'project' AND i.name IS NOT NULL GROUP BY i.doc_id, i.project),
    pairs AS (
        SELECT a.unit_name, a.fiscal_year AS year_a, b.fiscal_year AS year_b, a.doc_id AS doc_a,
               a.project AS project_a, b.doc_id AS doc_b, b.project AS project_b, count(*) AS shared
        FROM names a JOIN names b ON a.unit_id = b.unit_id AND a.name = b.name
             AND (a.fiscal_year, a.project, a.doc_id) < (b.fiscal_year, b.project, b.doc_id)
        GROUP BY ALL HAVING count(*) >= ?)
    SELECT p.unit_name,
           CASE WHEN year_a = year_b THEN CAST(year_a AS VARCHAR) ELSE year_a || ' / ' || year_b END AS fiscal_year,
           p.project_a, p.project_b, p.shared,
           round(100 * p.shared / (sa.size + sb.size - p.shared), 1) AS similarity,
           sa.source AS source_a, sb.source AS source_b
    FROM pairs p JOIN sets sa ON sa.doc_id = p.doc_a AND sa.project = p.project_a
    JOIN sets sb ON sb.doc_id = p.doc_b AND sb.project = p.project_b
    WHERE p.shared >= ? * (sa.size + sb.size - p.shared)
    ORDER BY similarity DESC, p.unit_name, fiscal_year, p.project_a, p.project_b
    """
    return db.query(sql, params + [MIN_SHARED, SIMILAR])


def for_display(df: pd.DataFrame) -> pd.DataFrame:
    """Chinese headers and evaluation names, internal keys dropped (where a row was printed stays, for
    widgets to make its 来源 link)."""
    out = df.drop(columns=[c for c in ("has_indicators",) if c in df.columns])
    if "evaluation" in out.columns:
        out["evaluation"] = out["evaluation"].map(EVALUATION).fillna(out["evaluation"])
    return out.rename(columns=LABELS)
