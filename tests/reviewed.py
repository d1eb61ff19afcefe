"""The reviewed findings of the visible corpus (issue 28): every error and warning the checks report on
the real reports of ../shared/corpus, each judged true or false by reading its page, with the reason.

A finding is keyed by what stays when its wording changes: the file, the check, the page, the two
figures (to the cent) and its subject. tests/test_reviewed_findings.py holds the checks to it;
scripts/review_findings.py lists what is not yet reviewed, with the text of the cited page.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "reviewed_findings.json"
FAMILIES = ("seeds/*.txt", "seed-pdf/*.pdf", "real/*.pdf", "jiangsu/*.pdf", "central/*.pdf")
JUDGED = ("error", "warning")


def corpus_files(corpus: Path) -> list[Path]:
    return [p for pattern in FAMILIES for p in sorted(corpus.glob(pattern))]


def _cents(value) -> float | None:
    return None if value is None else round(float(value), 2)


def key(f: dict) -> tuple:
    """A finding's stable key: file, check, page, expected and actual to the cent, subject."""
    return (f["file"], f["check_id"], f["page"], _cents(f["expected"]), _cents(f["actual"]), f["subject"])


def loaded(db: str) -> list[dict]:
    """The errors and warnings of a loaded corpus (templates aside: no page shows them)."""
    import duckdb

    con = duckdb.connect(db, read_only=True)
    cols = ("file", "check_id", "severity", "page", "expected", "actual", "subject", "message")
    rows = con.execute("""SELECT d.file_name, f.check_id, f.severity, f.page, f.expected, f.actual, f.subject,
                                 f.message
                          FROM findings f JOIN documents d USING (doc_id)
                          WHERE f.severity IN ('error', 'warning') AND d.parse_status <> 'template'
                          ORDER BY 1, 2, 4""").fetchall()
    con.close()
    return [dict(zip(cols, r)) for r in rows]


def reviewed() -> list[dict]:
    return json.loads(FIXTURE.read_text(encoding="utf-8")) if FIXTURE.exists() else []


def write(entries: list[dict]) -> None:
    FIXTURE.parent.mkdir(exist_ok=True)
    entries = sorted(entries, key=lambda e: tuple("" if v is None else str(v) for v in key(e)))
    FIXTURE.write_text("[\n" + ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries) + "\n]\n",
                       encoding="utf-8")


def precision(found: list[dict], review: list[dict]) -> dict[tuple[str, str], tuple[int, int]]:
    """(check, severity) → (findings reviewed true, findings reviewed) among those found."""
    verdict = {key(e): e["verdict"] for e in review}
    out: Counter = Counter()
    for f in found:
        v = verdict.get(key(f))
        if v is not None:
            out[(f["check_id"], f["severity"], "all")] += 1
            out[(f["check_id"], f["severity"], "true")] += v is True
    return {(c, s): (out[(c, s, "true")], n) for (c, s, kind), n in out.items() if kind == "all"}
