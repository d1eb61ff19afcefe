"""The DuckDB schema: the public contract (../shared/CONTRACT.md) plus a few extra tables.

Contract tables and columns are never renamed; extra columns and tables are ours.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from ..vocabulary import FUNCTION_CLASSES

# One spec for every table the loader writes: its columns, their types, their roles and, for extras,
# why they are there. The DDL, every insert, the columns the parsers fill (facts.COLUMNS), the exports,
# the Parquet lake and the migration of older files (every column added when missing) are made from it.
KEY, FIGURE, WORD, POSITION = "key", "figure", "word", "position"


@dataclass(frozen=True)
class Column:
    """A column: its type as DuckDB spells it (PRIMARY KEY included) and its role: KEY (what a row
    belongs to), FIGURE (a printed number), WORD (a printed label), POSITION (where it was printed) or None.
    A DOUBLE that is no position (amounts, rates, scores) is a Decimal in the facts and checks (store.typed)."""
    name: str
    type: str
    role: str | None


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    contract: bool  # one of CONTRACT.md's tables
    holds: str | None = None  # what it holds of a report's figures: ACCOUNTS, PRINTED or None (see holding)

    def names(self, role: str | None = "any") -> tuple[str, ...]:
        """The columns' names in order; only those of one role when given."""
        return tuple(c.name for c in self.columns if role == "any" or c.role == role)

    def ddl(self, omit: tuple[str, ...] = ()) -> str:
        """CREATE TABLE (omit: columns left out, as an older file was written)."""
        cols = ",\n    ".join(f"{c.name} {c.type}" for c in self.columns if c.name not in omit)
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n    {cols}\n);"

    def arrow_schema(self, names: tuple[str, ...] | None = None) -> pa.Schema:
        """The Arrow types of these columns (all when None): how rows reach DuckDB and Parquet typed."""
        kinds = {c.name: c.type.split()[0] for c in self.columns}
        return pa.schema([(n, _ARROW[kinds[n]]) for n in (self.names() if names is None else names)])

    def insert_sql(self, names: tuple[str, ...] | None = None) -> str:
        """INSERT of one row of these columns (all when None), by name: the order cannot slip."""
        names = self.names() if names is None else names
        unknown = set(names) - set(self.names())
        if unknown:
            raise KeyError(f"{self.name} has no columns {sorted(unknown)}")
        return f"INSERT INTO {self.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


_ARROW = {"VARCHAR": pa.string(), "DOUBLE": pa.float64(), "INTEGER": pa.int32(), "BOOLEAN": pa.bool_(),
          "TIMESTAMP": pa.timestamp("us")}


def _table(name: str, spec: str, figures: tuple[str, ...] = (), words: tuple[str, ...] = (),
           contract: bool = False, holds: str | None = None) -> Table:
    """A table from its spec text (a line per column: name, type, -- why), the printed figures and
    words named; doc_id and primary keys are its key, the box and line of _POSITION (when it has them
    all) its position."""
    lines = [line.split("--")[0].split(None, 1) for line in filter(str.strip, spec.splitlines())]
    placed = set(POSITION_COLUMNS) <= {col for col, _ in lines}
    cols = []
    for col, kind in lines:
        role = (KEY if col == "doc_id" or "PRIMARY KEY" in kind else FIGURE if col in figures
                else WORD if col in words else POSITION if placed and col in POSITION_COLUMNS else None)
        cols.append(Column(col, kind.strip(), role))
    missing = (set(figures) | set(words)) - {c.name for c in cols}
    if missing:
        raise ValueError(f"{name} has no columns {sorted(missing)}")
    return Table(name, tuple(cols), contract, holds)


# What a table holds of a report's figures (Table.holds): ACCOUNTS, the money it accounts for by item and
# classification (what its narrative states, and the checks across reports compare with last year's and
# the 预算's); PRINTED, the report's other printed tables (绩效自评, 项目支出, 财政拨款收支总表). Both are
# the rows a reader sees: two versions of a report differ when any of them differs. Findings, disclosures
# and what a file holds besides (its tables, its text) hold neither.
ACCOUNTS, PRINTED = "accounts", "printed"
# Where a fact was printed (carried from the reader's row; a finding's from the facts it blames): on every
# fact table and on findings.
_POSITION = """
        x0 DOUBLE                   -- the box of the printed line (PDF points from the page's top-left); NULL for text
        top DOUBLE
        x1 DOUBLE
        bottom DOUBLE
        line INTEGER                -- the 1-based line of a text export the fact was read from; NULL for PDFs
"""
# Last year's figure printed beside this year's, on the tables that print one.
_PRIOR_YEAR = """
        previous DOUBLE             -- extra: last year's figure where the table prints it beside this year's (上年预算数 …)
        previous_basis VARCHAR      -- extra: what that figure is: 'budget' (预算), 'final' (决算, 执行数), '' (not said)
"""
POSITION_COLUMNS = tuple(line.split()[0] for line in filter(str.strip, _POSITION.splitlines()))
BOX = POSITION_COLUMNS[:4]  # x0, top, x1, bottom: where on its PDF page a fact was printed
TABLES: dict[str, Table] = {t.name: t for t in (
    _table("documents", """
        doc_id VARCHAR PRIMARY KEY
        file_name VARCHAR
        sha256 VARCHAR
        unit_name VARCHAR
        unit_id VARCHAR
        region VARCHAR
        fiscal_year INTEGER
        doc_kind VARCHAR
        scope VARCHAR
        source_unit VARCHAR
        page_count INTEGER
        parse_status VARCHAR
        ingested_at TIMESTAMP
        source_format VARCHAR       -- extra: 'pdf', 'text' or 'excel'
        problems VARCHAR            -- extra: Chinese notes on tables missing or unreadable, what was guessed
        is_sample BOOLEAN           -- one of the project's fictional sample reports (loaders.run.samples)
        part VARCHAR                -- extra: NULL (whole), or the 'tables' / 'narrative' part of a split publication
        reader VARCHAR              -- extra: PDFs: 'pdfium' or 'pdfminer' (pdfplumber alone); NULL otherwise
    """, contract=True),
    _table("summary", """
        doc_id VARCHAR
        side VARCHAR
        item VARCHAR
        amount DOUBLE
        page INTEGER
        parent VARCHAR              -- extra: the line this line is printed under (NULL at the top level)
    """ + _POSITION, figures=("amount",), words=("item",), contract=True, holds=ACCOUNTS),
    _table("expenditure_function", """
        doc_id VARCHAR
        fund VARCHAR
        code VARCHAR
        name VARCHAR
        level INTEGER
        total DOUBLE
        basic DOUBLE
        project DOUBLE
        page INTEGER
        reserve DOUBLE              -- extra: 单位预留机动经费 / 预备费, a third part of total beside basic and project
    """ + _PRIOR_YEAR + _POSITION, figures=("total", "basic", "project"), words=("code", "name"), contract=True, holds=ACCOUNTS),
    _table("expenditure_economic", """
        doc_id VARCHAR
        code VARCHAR
        name VARCHAR
        level INTEGER
        amount DOUBLE
        category VARCHAR
        page INTEGER
    """ + _POSITION, figures=("amount",), words=("code", "name"), contract=True, holds=ACCOUNTS),
    _table("sangong", """
        doc_id VARCHAR
        item VARCHAR
        budget DOUBLE
        actual DOUBLE
        page INTEGER
    """ + _PRIOR_YEAR + _POSITION, figures=("budget", "actual"), contract=True, holds=ACCOUNTS),
    _table("budget_execution", """
        doc_id VARCHAR
        code VARCHAR
        item VARCHAR
        budget DOUBLE
        actual DOUBLE
        completion_rate DOUBLE
        reason VARCHAR
        page INTEGER
        budget_full_year DOUBLE
    """ + _POSITION, figures=("budget", "actual", "completion_rate"), words=("item", "code"), contract=True, holds=ACCOUNTS),
    _table("performance_projects", """
        doc_id VARCHAR
        evaluation VARCHAR
        project VARCHAR
        budget_initial DOUBLE
        budget_full_year DOUBLE
        executed DOUBLE
        execution_rate DOUBLE
        score DOUBLE
        page INTEGER
    """ + _POSITION, figures=("budget_initial", "budget_full_year", "executed", "execution_rate", "score"), words=("project",), contract=True, holds=PRINTED),
    _table("performance_indicators", """
        doc_id VARCHAR
        evaluation VARCHAR
        project VARCHAR
        level1 VARCHAR
        level2 VARCHAR
        name VARCHAR
        target VARCHAR
        actual VARCHAR
        weight DOUBLE
        score DOUBLE
        reason VARCHAR
        page INTEGER
    """ + _POSITION, figures=("weight", "score"), words=("name",), contract=True, holds=PRINTED),
    _table("budget_projects", """
        doc_id VARCHAR
        unit_code VARCHAR
        project VARCHAR
        project_type VARCHAR
        total DOUBLE
        page INTEGER
    """ + _POSITION, figures=("total",), words=("project",), contract=True, holds=PRINTED),
    _table("disclosures", """
        doc_id VARCHAR
        topic VARCHAR
        item VARCHAR
        value DOUBLE
        unit VARCHAR
        prior_value DOUBLE
        threshold DOUBLE
        page INTEGER
        source VARCHAR              -- extra: 'text' (a sentence of the narrative) or 'table' (a table that prints it)
        label VARCHAR               -- extra: the words that name the figure, as printed ('其他用车', '机关运行经费预算数')
    """ + _POSITION, figures=("value",), words=("label",), contract=True),
    _table("findings", """
        doc_id VARCHAR
        check_id VARCHAR
        severity VARCHAR
        message VARCHAR
        page INTEGER
        expected DOUBLE
        actual DOUBLE
        subject VARCHAR             -- extra: what it is about, in the report's words (a table, an item, a project)
        other_page INTEGER          -- extra: where the other side of a disagreement (expected) was printed, when
        other_x0 DOUBLE             -- another line than the finding's own: its page and box
        other_top DOUBLE
        other_x1 DOUBLE
        other_bottom DOUBLE
    """ + _POSITION + """
        kind VARCHAR                -- extra: 'mismatch', 'missing', 'unreadable' or 'could_not_run' (checks.base)
    """, figures=("expected", "actual"), words=("subject",), contract=True),
    _table("grant_summary", """
        doc_id VARCHAR
        side VARCHAR
        item VARCHAR
        parent VARCHAR
        code VARCHAR
        fund VARCHAR
        amount DOUBLE
        page INTEGER
    """ + _POSITION, figures=("amount",), words=("item", "code"), holds=PRINTED),
    _table("document_tables", """
        doc_id VARCHAR
        kind VARCHAR
        label VARCHAR
        title VARCHAR
        first_page INTEGER
        row_count INTEGER
        fact_count INTEGER
    """),
    _table("document_text", """
        doc_id VARCHAR              -- the text lines of one part of a report published as two (pairs.py)
        line INTEGER
        page INTEGER
        text VARCHAR
    """),
    _table("unit_aliases", """
        alias VARCHAR PRIMARY KEY
        unit_id VARCHAR
    """),
    _table("function_classes", """
        code VARCHAR PRIMARY KEY    -- 支出功能分类 类 and its name (vocabulary.FUNCTION_CLASSES), for 类 a report sums only
        name VARCHAR
    """),
    _table("chosen_documents", """
        doc_id VARCHAR PRIMARY KEY  -- the version of a report an admin chose in 数据管理
        chosen_at TIMESTAMP
    """),
)}
CONTRACT_TABLES = tuple(name for name, t in TABLES.items() if t.contract)


def holding(*what: str) -> tuple[str, ...]:
    """The tables holding these of a report's figures (Table.holds), in TABLES' order."""
    return tuple(name for name, t in TABLES.items() if t.holds in what)


# What a report's narrative says of last year (checks.cross_document compares it with last year's
# report): created by the first document that states any, so not among TABLES.
CLAIMS = _table("prior_year_claims", """
        doc_id VARCHAR
        item_key VARCHAR
        item VARCHAR
        current DOUBLE
        previous DOUBLE
        places INTEGER
        base VARCHAR
        page INTEGER
""" + _POSITION, figures=("current", "previous"), words=("item",))


def columns(table: str) -> list[tuple[str, str]]:
    """(name, type) of each column of a table, in order."""
    return [(c.name, c.type) for c in TABLES[table].columns]


def create_table_sql(table: str, omit: tuple[str, ...] = ()) -> str:
    """CREATE TABLE for a table of the spec (omit: columns left out, as an older file was written)."""
    return TABLES[table].ddl(omit)


# What makes two files one report: the same unit, year, kind and scope, and the same part of a
# publication split in two (the versions of a report, document_versions, are ranked within it).
REPORT_KEY = ("unit_id", "fiscal_year", "doc_kind", "scope", "part")


def report_key(alias: str = "") -> str:
    """REPORT_KEY as SQL, of a table alias when given: 'd.unit_id, …, coalesce(d.part, 'full')' (a
    whole report's part is NULL, and NULL equals nothing)."""
    of = f"{alias}." if alias else ""
    return ", ".join(f"coalesce({of}{c}, 'full')" if c == "part" else of + c for c in REPORT_KEY)


# Settings an admin makes in 数据管理 ('show_samples'); also created over a Parquet folder.
SETTINGS_DDL = "CREATE TABLE IF NOT EXISTS settings (key VARCHAR PRIMARY KEY, value VARCHAR);"

# Views for readers. The same report often arrives more than once: its PDF and its text export, a
# corrected file, or a later copy with errors and a table missing. document_versions ranks the
# versions of each report (unit, year, kind, scope, and part: the parts of a split publication
# complement each other): the one an admin chose (chosen_documents), else the most complete: read
# whole, most tables found, fewest error findings; then the PDF (it has page numbers), the newest.
# Templates and failed files are no version of anything. The project's samples stay out as soon
# as one real report is loaded, unless settings.show_samples = 'true'.
VIEWS_DDL = """
CREATE OR REPLACE VIEW document_versions AS
WITH shown AS (
    SELECT * FROM documents
    WHERE parse_status NOT IN ('failed', 'template')
      AND (NOT coalesce(is_sample, false)
           OR coalesce((SELECT value = 'true' FROM settings WHERE key = 'show_samples'), false)
           OR NOT EXISTS (SELECT 1 FROM documents r WHERE NOT coalesce(r.is_sample, false)
                          AND r.parse_status NOT IN ('failed', 'template')))),
found AS (SELECT doc_id, count(*) AS tables_found FROM document_tables GROUP BY doc_id),
errors AS (SELECT doc_id, count(*) AS error_findings FROM findings WHERE severity = 'error' GROUP BY doc_id),
measured AS (
    SELECT s.*, coalesce(found.tables_found, 0) AS tables_found,
           coalesce(errors.error_findings, 0) AS error_findings,
           s.doc_id IN (SELECT doc_id FROM chosen_documents) AS chosen
    FROM shown s LEFT JOIN found USING (doc_id) LEFT JOIN errors USING (doc_id))
SELECT *,
       row_number() OVER (report ORDER BY chosen DESC, coalesce(is_sample, false), parse_status = 'ok' DESC,
                                          tables_found DESC, error_findings, source_format = 'pdf' DESC,
                                          ingested_at DESC, doc_id) AS version_rank,
       count(*) OVER report AS version_count
FROM measured
WINDOW report AS (PARTITION BY """ + report_key() + """);
CREATE OR REPLACE VIEW current_documents AS
SELECT * EXCLUDE (tables_found, error_findings, chosen, version_rank, version_count)
FROM document_versions WHERE version_rank = 1;
CREATE OR REPLACE VIEW function_class_rows AS
-- Every 类/款/项 row of each document and fund; where a report prints no 类 rows (many 预算 print only
-- 款 or 项), its 类 rows summed from the finest level it prints, named from function_classes. Printed
-- rows keep where they were printed (x0 … line); summed rows have no such place.
WITH depth AS (
    SELECT doc_id, fund, max(level) AS finest, bool_or(level = 1) AS has_class
    FROM expenditure_function WHERE level BETWEEN 1 AND 3 GROUP BY doc_id, fund)
SELECT doc_id, fund, code, name, level, total, basic, project, page, false AS summed, x0, top, x1, bottom, line
FROM expenditure_function WHERE level BETWEEN 1 AND 3
UNION ALL
SELECT f.doc_id, f.fund, left(f.code, 3), coalesce(any_value(n.name), '功能分类 ' || left(f.code, 3)), 1,
       sum(f.total), sum(f.basic), sum(f.project), min(f.page), true, NULL, NULL, NULL, NULL, NULL
FROM expenditure_function f JOIN depth m USING (doc_id, fund) LEFT JOIN function_classes n ON n.code = left(f.code, 3)
WHERE NOT m.has_class AND f.level = m.finest
GROUP BY f.doc_id, f.fund, left(f.code, 3);
CREATE OR REPLACE VIEW document_totals AS
-- A document's spending per fund, 基本 and 项目: its 合计 row, else the sum of its 类, else (all funds
-- only) the 收入支出总表's 本年支出合计; `source` says which and `page` where it was printed, x0 … line
-- the box (or text line) of the row printed there: the 合计 row or the 收支总表 line; NULL for a sum.
-- (One arg_min per column: a struct of the five costs twice as much at 10,000 documents.)
WITH printed AS (
    SELECT doc_id, fund, max(total) AS total, max(basic) AS basic, max(project) AS project, min(page) AS page,
           arg_min(x0, coalesce(page, 0)) AS x0, arg_min(top, coalesce(page, 0)) AS top,
           arg_min(x1, coalesce(page, 0)) AS x1, arg_min(bottom, coalesce(page, 0)) AS bottom,
           arg_min(line, coalesce(page, 0)) AS line
    FROM expenditure_function WHERE code = 'total' GROUP BY doc_id, fund),
classes AS (
    SELECT doc_id, fund, sum(total) AS total, sum(basic) AS basic, sum(project) AS project, min(page) AS page
    FROM function_class_rows WHERE level = 1 GROUP BY doc_id, fund),
summary_line AS (
    SELECT doc_id, 'all' AS fund, max(amount) AS total, min(page) AS page,
           arg_min(x0, coalesce(page, 0)) AS x0, arg_min(top, coalesce(page, 0)) AS top,
           arg_min(x1, coalesce(page, 0)) AS x1, arg_min(bottom, coalesce(page, 0)) AS bottom,
           arg_min(line, coalesce(page, 0)) AS line
    FROM summary WHERE side = 'expense' AND item IN ('本年支出合计', '支出合计') GROUP BY doc_id),
keys AS (SELECT doc_id, fund FROM printed UNION SELECT doc_id, fund FROM classes
         UNION SELECT doc_id, fund FROM summary_line),
chosen AS (
    SELECT k.doc_id, k.fund, p.x0 AS p_x0, p.top AS p_top, p.x1 AS p_x1, p.bottom AS p_bottom, p.line AS p_line,
           s.x0 AS s_x0, s.top AS s_top, s.x1 AS s_x1, s.bottom AS s_bottom, s.line AS s_line,
           coalesce(p.total, c.total, s.total) AS total,
           coalesce(p.basic, c.basic) AS basic, coalesce(p.project, c.project) AS project,
           CASE WHEN p.total IS NOT NULL THEN p.page WHEN c.total IS NOT NULL THEN c.page
                WHEN s.total IS NOT NULL THEN s.page ELSE coalesce(p.page, c.page, s.page) END AS page,
           CASE WHEN p.total IS NOT NULL THEN '合计行' WHEN c.total IS NOT NULL THEN '各类之和' ELSE '收支总表' END
               AS source
    FROM keys k LEFT JOIN printed p USING (doc_id, fund) LEFT JOIN classes c USING (doc_id, fund)
    LEFT JOIN summary_line s USING (doc_id, fund))
SELECT doc_id, fund, total, basic, project, page, source,
       CASE source WHEN '合计行' THEN p_x0 WHEN '收支总表' THEN s_x0 END AS x0,
       CASE source WHEN '合计行' THEN p_top WHEN '收支总表' THEN s_top END AS top,
       CASE source WHEN '合计行' THEN p_x1 WHEN '收支总表' THEN s_x1 END AS x1,
       CASE source WHEN '合计行' THEN p_bottom WHEN '收支总表' THEN s_bottom END AS bottom,
       CASE source WHEN '合计行' THEN p_line WHEN '收支总表' THEN s_line END AS line
FROM chosen;
CREATE OR REPLACE VIEW budget_vs_final AS
SELECT b.unit_id, f.unit_name, b.fiscal_year, b.scope, fb.fund, fb.code,
       coalesce(ff.name, fb.name) AS name, fb.level,
       fb.total AS budget_total, ff.total AS final_total,
       CASE WHEN fb.total > 0 THEN round(100 * ff.total / fb.total, 2) END AS completion_rate,
       b.doc_id AS budget_doc_id, fb.page AS budget_page,
       f.doc_id AS final_doc_id, ff.page AS final_page
FROM current_documents b
JOIN current_documents f
  ON f.unit_id = b.unit_id AND f.fiscal_year = b.fiscal_year AND f.scope = b.scope
 AND b.doc_kind = 'budget' AND f.doc_kind = 'final'
JOIN expenditure_function fb ON fb.doc_id = b.doc_id
LEFT JOIN expenditure_function ff ON ff.doc_id = f.doc_id AND ff.fund = fb.fund AND ff.code = fb.code;
"""

# Tables keyed by a document (its facts, and an admin's choice of it): removing it deletes from each.
FACT_TABLES = tuple(name for name, t in TABLES.items() if name != "documents" and t.names(KEY) == ("doc_id",))


# What this code's schema is; kept in the file, so that opening a database already at it for writing
# skips the DDL (a quarter of the time of opening one to store a document).
VERSION = hashlib.sha256(repr((TABLES, CLAIMS, SETTINGS_DDL, VIEWS_DDL, FUNCTION_CLASSES)).encode()).hexdigest()[:16]


def outdated(con) -> bool:
    """Whether the file behind the connection is not at this code's schema: new, or written by an
    older version (its views may lack what the pages now ask for)."""
    try:
        return con.execute("SELECT version FROM schema_version").fetchall() != [(VERSION,)]
    except duckdb.CatalogException:  # a new file, or one written before schema_version existed
        return True


def create_schema(con) -> None:
    """Bring the database to this code's schema: tables, added columns and views, when not there yet."""
    if not outdated(con):
        return
    existing = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables() "
                                                "WHERE database_name = current_database() AND schema_name = 'main'").fetchall()}
    for spec in (*TABLES.values(), CLAIMS):  # CLAIMS: written by the checks across documents (cross_document)
        con.execute(spec.ddl())
        for column in spec.columns if spec.name in existing else ():  # an older file gains the columns added since
            if "PRIMARY KEY" not in column.type:
                con.execute(f"ALTER TABLE {spec.name} ADD COLUMN IF NOT EXISTS {column.name} {column.type}")
    write_function_classes(con)
    con.execute(SETTINGS_DDL)
    con.execute(VIEWS_DDL)
    con.execute("CREATE OR REPLACE TABLE schema_version AS SELECT ? AS version", [VERSION])


def write_function_classes(con) -> None:
    """The 类 names the views use (function_class_rows), in the database or in a served folder's memory."""
    con.execute(create_table_sql("function_classes"))
    con.execute("INSERT OR REPLACE INTO function_classes VALUES " + ", ".join("(?, ?)" for _ in FUNCTION_CLASSES),
                [v for pair in FUNCTION_CLASSES.items() for v in pair])
