"""A report published as two files, read together once both are loaded.

Many departments publish the 公开表格 (tables only) and the 公开文件 (narrative only) apart. Each is
stored on its own (documents.part 'tables' / 'narrative'); when both parts of one report (same unit,
year and kind; a part takes what only its companion states of the report's identity, saying so, the
tables part the scope the narrative's cover states, the narrative part the amount unit the tables
print) are in the database, the narrative is read again against the tables part's
facts: 预算执行 items get their codes, the 三公 fallback reads prose only if the tables printed no 三公
table, and the checks compare the narrative's words with the tables' figures. What that reading
yields is stored under the narrative part (it comes from its text and pages), replacing what the
narrative part alone gave. Both parts' text lines are kept for this (document_text).

One report, one judgement: the 目录 is checked against both files, and completeness judges the report
whole (the tables as the tables file's own check judged them, the sections from the narrative), one
score stored under the narrative part; the tables part's own score and its notes that the other file
was not loaded give way to it.
"""
from __future__ import annotations

from .. import parsers  # noqa: F401  (registers the narrative readers)
from ..checks import Companion, run_checks
from ..checks.completeness import COMPANION
from ..document import Block, Document
from ..facts import COLUMNS, Facts
from ..numbers import stored
from ..identity.identify import FROM_FILE_NAME, IDENTITY, DocInfo
from ..locate.registry import FALLBACKS, NARRATIVES
from .schema import REPORT_KEY, TABLES
from .store import insert_rows, read_facts

# What reading the narrative yields; the tables part keeps everything else.
FROM_NARRATIVE = ("budget_execution", "sangong", "findings")
# A check that judges the printed file's own tables: kept as the narrative part alone gave it.
_OF_THE_FILE = ("blank_tables",)
_COMPLEMENT = {"tables": "narrative", "narrative": "tables"}
_FROM_COMPANION = "{}取自配套文件（报告本身未写明）"  # what a part reads of itself from its companion


def text_lines(doc: Document) -> list[tuple[int, int | None, str]]:
    """(line number, page, text) of a document's text lines."""
    return [(n, page, text) for n, (text, page) in enumerate(doc.lines(), start=1)]


def join(con, doc_id: str) -> str | None:
    """Read the narrative part of doc_id's report against its tables part, when both are stored.
    Returns the narrative part's doc_id when it was read again."""
    row = con.execute(f"SELECT {', '.join(REPORT_KEY)} FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    if row is None or row[4] not in _COMPLEMENT:
        return None
    unit_id, year, doc_kind, scope, part = row
    others = con.execute(  # the same year, else a part that states none; the same scope first
        "SELECT doc_id, fiscal_year FROM documents WHERE unit_id = ? AND doc_kind = ? AND part = ? "
        "AND (fiscal_year = ? OR fiscal_year IS NULL OR ? IS NULL) AND parse_status NOT IN ('failed', 'template') "
        "ORDER BY fiscal_year IS NOT DISTINCT FROM ? DESC, scope = ? DESC, ingested_at DESC, doc_id",
        [unit_id, doc_kind, _COMPLEMENT[part], year, year, year, scope]).fetchall()
    if not others or (year is None and len({y for _, y in others}) > 1):
        return None  # a part that states no year pairs only with the one report it can be
    other = others[0]
    _settle_identity(con, doc_id, other[0], year or other[1])
    tables_id, narrative_id = (doc_id, other[0]) if part == "tables" else (other[0], doc_id)
    con.execute("UPDATE documents SET scope = (SELECT scope FROM documents WHERE doc_id = ?) WHERE doc_id = ?",
                [narrative_id, tables_id])  # the narrative's cover says 部门 or 单位
    con.execute("UPDATE documents SET source_unit = (SELECT source_unit FROM documents WHERE doc_id = ?) "
                "WHERE doc_id = ?", [tables_id, narrative_id])  # the tables print the report's amounts
    facts = _facts_of(con, tables_id)
    doc, info = _narrative_of(con, narrative_id)
    before = {t: len(facts.rows.get(t, [])) for t in FROM_NARRATIVE}
    for func in NARRATIVES + FALLBACKS:
        func(doc, facts, info)
    own = facts.rows.get("findings", [])
    known = {(f["check_id"], f["message"]) for f in own}  # the tables part's own findings stay its own
    facts.rows["findings"] = own + [f for f in run_checks(facts, info, doc, "narrative", _companion(con, tables_id))
                                    if f["check_id"] not in _OF_THE_FILE and (f["check_id"], f["message"]) not in known]
    kept = ", ".join(repr(c) for c in _OF_THE_FILE)
    for table in FROM_NARRATIVE:
        con.execute(f"DELETE FROM {table} WHERE doc_id = ?{f' AND check_id NOT IN ({kept})' if table == 'findings' else ''}",
                    [narrative_id])
        new = facts.rows.get(table, [])[before[table]:]
        if new:
            insert_rows(con, table, narrative_id, COLUMNS[table], new)
    con.execute("DELETE FROM findings WHERE doc_id = ? AND (check_id = 'completeness_score' OR subject = ?)",
                [tables_id, COMPANION])  # the report's judgement is the narrative part's now
    return narrative_id


def _settle_identity(con, doc_id: str, other_id: str, year: int | None) -> None:
    """What one part could not read of itself (its year, or a unit, year or kind only its file name
    gave), its companion states: the part takes the year and says where each came from; a part whose
    only problems were such notes is read whole."""
    problems = dict(con.execute("SELECT doc_id, coalesce(problems, '') FROM documents WHERE list_contains(?, doc_id)",
                                [[doc_id, other_id]]).fetchall())
    for part, companion in ((doc_id, other_id), (other_id, doc_id)):
        notes = [n for n in problems[part].split("；") if n]
        settled = [_FROM_COMPANION.format(label) if n == "未能识别年度" and year is not None
                   or n == FROM_FILE_NAME.format(label) and n not in problems[companion] else n
                   for n in notes for label in [_label_of(n)]]
        if settled == notes:
            continue
        whole = set(settled) <= {_FROM_COMPANION.format(label) for label in IDENTITY.values()}
        con.execute("UPDATE documents SET fiscal_year = coalesce(fiscal_year, ?), problems = ?, "
                    "parse_status = CASE WHEN ? AND parse_status = 'partial' THEN 'ok' ELSE parse_status END "
                    "WHERE doc_id = ?", [year, "；".join(settled), whole, part])


def _label_of(note: str) -> str:
    """The field a note about the report's identity names ('年度' of 年度取自文件名…)."""
    return "年度" if note == "未能识别年度" else next((label for label in IDENTITY.values() if note.startswith(label)), "")


def _companion(con, tables_id: str) -> Companion:
    """The tables part as the narrative's checks see it: its name, its lines, its tables' points."""
    (name,) = con.execute("SELECT file_name FROM documents WHERE doc_id = ?", [tables_id]).fetchone()
    points = con.execute("SELECT subject, actual FROM findings WHERE doc_id = ? AND check_id = 'completeness' "
                         "AND subject <> ? AND actual IS NOT NULL", [tables_id, COMPANION]).fetchall()
    return Companion(name, _lines_of(con, tables_id), {label: stored(p) for label, p in points})


def _lines_of(con, doc_id: str) -> list[tuple[str, int | None]]:
    return [(text, page) for page, text in con.execute(
        "SELECT page, text FROM document_text WHERE doc_id = ? ORDER BY line", [doc_id]).fetchall()]


def _facts_of(con, doc_id: str) -> Facts:
    """The stored facts of a document, as the parsers left them, with its tables."""
    facts = read_facts(con, doc_id)
    columns = TABLES["document_tables"].names()[1:]  # after doc_id
    cur = con.execute(f"SELECT {', '.join(columns)} FROM document_tables WHERE doc_id = ?", [doc_id])
    facts.tables = [dict(zip(columns, r)) for r in cur.fetchall()]
    return facts


def _narrative_of(con, doc_id: str) -> tuple[Document, DocInfo]:
    d = con.execute("SELECT file_name, sha256, source_format, page_count, unit_name, fiscal_year, doc_kind, scope, "
                    "region, source_unit, unit_id FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    doc = Document(d[0], d[1], d[2], d[3], [Block(page, text=text) for text, page in _lines_of(con, doc_id)])
    return doc, DocInfo(*d[4:10], unit_id=d[10])
