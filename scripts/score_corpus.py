"""Load ../shared/corpus into a fresh database and score it with check_gold.py (a developer tool).

usage: python scripts/score_corpus.py [NAME_FILTER ...] [--verbose]
NAME_FILTER keeps gold files whose path inside the corpus contains it (e.g. 003, 财政局, jiangsu/ or central/):
the gold of every family (gold/, jiangsu/gold/, central/gold/), each naming its files beside its folder."""
import subprocess
import sys
import tempfile
from pathlib import Path

import json

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    corpus = SHARED / "corpus"
    golds = sorted(g for family in ("", "jiangsu", "central") for g in (corpus / family / "gold").glob("*.json"))
    if args:
        golds = [g for g in golds if any(a in str(g.relative_to(corpus)) for a in args)]
    files = [str(g.parent.parent / f) for g in golds for f in json.loads(g.read_text())["files"]]
    db = Path(tempfile.mkdtemp()) / "corpus.duckdb"
    subprocess.run([sys.executable, "-m", "loaders", "ingest", "--db", str(db), *files],
                   cwd=Path(__file__).resolve().parents[1], check=False)
    cmd = [sys.executable, str(SHARED / "tools" / "check_gold.py"), str(db), *map(str, golds)]
    if verbose:
        cmd.append("--verbose")
    return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
