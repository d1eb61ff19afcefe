"""Review the findings of the visible corpus (a developer tool, issue 28).

usage: python scripts/review_findings.py [--db DB] [--add] [--precision]

Loads ../shared/corpus into a fresh database (or reads DB), then lists each error and warning not yet in
tests/fixtures/reviewed_findings.json with the lines of its cited page that print its figures or its
subject (pdfplumber text), and the reviewed entries no longer found. --add appends the unreviewed ones
with verdict null, for the reviewer to set true or false with a one-line reason; --precision prints the
per-check precision table docs/checks.md keeps.
"""
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import reviewed  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def _load() -> str:
    from loaders.run.ingest import ingest

    db = str(Path(tempfile.mkdtemp()) / "corpus.duckdb")
    ingest(reviewed.corpus_files(CORPUS), db, workers=2)
    return db


def _page_lines(path: Path, page: int | None) -> list[str]:
    if page is None or path.suffix != ".pdf":
        return []
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return (pdf.pages[page - 1].extract_text() or "").splitlines() if page <= len(pdf.pages) else []


def _evidence(f: dict) -> list[str]:
    """The lines of the cited page that print one of the finding's figures or its subject."""
    path = next(CORPUS.glob(f"*/{f['file']}"), None)
    words = [f"{v:,.2f}" for v in (f["expected"], f["actual"]) if v is not None]
    words += [f"{v:.2f}" for v in (f["expected"], f["actual"]) if v is not None]
    words += [f["subject"][:8]] if f["subject"] else []
    lines = _page_lines(path, f["page"]) if path else []
    return [ln for ln in lines if any(w and w in ln.replace(" ", "") for w in words)][:6]


def _precision(found: list[dict], review: list[dict]) -> str:
    rows = ["| 核对项 (check_id) | 错误：确认 / 报告 | 警告：确认 / 报告 |", "|---|---|---|"]
    table = reviewed.precision(found, review)
    for check in sorted({c for c, _ in table}):
        cells = []
        for severity in reviewed.JUDGED:
            true, n = table.get((check, severity), (0, 0))
            cells.append(f"{true} / {n}（{100 * true / n:.0f}%）" if n else "—")
        rows.append(f"| {check} | {' | '.join(cells)} |")
    return "\n".join(rows)


def main() -> int:
    args = sys.argv[1:]
    db = args[args.index("--db") + 1] if "--db" in args else _load()
    found, review = reviewed.loaded(db), reviewed.reviewed()
    known = {reviewed.key(e) for e in review}
    new = [f for f in found if reviewed.key(f) not in known]
    for f in new:
        print(f"\n[{f['severity']}] {reviewed.key(f)}\n  {f['message']}")
        for line in _evidence(f):
            print(f"    | {line}")
    now = {reviewed.key(f) for f in found}
    stale = [e for e in review if reviewed.key(e) not in now]
    for e in stale:
        print(f"\n[no longer found] {reviewed.key(e)} verdict={e['verdict']}: {e['reason']}")
    print(f"\n{len(new)} not reviewed, {len(stale)} reviewed but no longer found, {len(found)} in all.")
    if "--add" in args and new:
        reviewed.write(review + [{k: f[k] for k in ("file", "check_id", "severity", "page", "expected", "actual",
                                                      "subject")} | {"message": f["message"], "verdict": None,
                                                                     "reason": ""} for f in new])
        print(f"added to {reviewed.FIXTURE}: set each verdict (true / false) and its reason")
    if "--precision" in args:
        print(_precision(found, review))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
