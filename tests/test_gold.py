"""The corpus gold: load every report of ../shared/corpus once, score each contract table.

The floors below are what the loader reaches today; they only ever go up. A parser change that
loses facts anywhere in the corpus fails here, naming the table and the facts it lost."""
import importlib.util
import json
from collections import Counter

import duckdb
import pytest

from loaders.ingest import expand, ingest

# Share of the gold facts of each table that must be found (documents: the identity fields).
FLOORS = {
    "documents": 0.95,
    "summary": 0.99,
    "expenditure_function": 0.99,
    "expenditure_economic": 0.99,
    "sangong": 0.99,
    "budget_execution": 0.98,
    "budget_projects": 0.99,
    "performance_projects": 0.99,
    "performance_indicators": 0.99,
}


def _check_gold(corpus):
    spec = importlib.util.spec_from_file_location("check_gold", corpus.parent / "tools" / "check_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores(corpus, tmp_path_factory):
    """(found, total, misses) per table over every gold file and every file it names."""
    db = tmp_path_factory.mktemp("gold") / "corpus.duckdb"
    files = expand([corpus / "seeds", corpus / "seed-pdf", corpus / "real"])
    results = ingest(files, str(db), workers=2)
    assert all(r.ok for r in results), [r.message for r in results if not r.ok]
    gold_mod = _check_gold(corpus)
    con = duckdb.connect(str(db), read_only=True)
    total, missed, notes = Counter(), Counter(), {}
    for path in sorted((corpus / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc_ids = gold_mod.doc_ids_for(con, gold)
        assert len(doc_ids) == len(gold["files"]), f"{path.name}: not every file loaded"
        for doc_id in doc_ids:
            total["documents"] += len(gold.get("document", {}))
            total.update(f["table"] for f in gold["facts"])
            _, _, misses = gold_mod.check_doc(con, doc_id, gold, False)
            for miss in misses:
                table = miss.split(" ")[0].split(".")[0]
                missed[table] += 1
                notes.setdefault(table, []).append(f"{path.stem}: {miss}")
    con.close()
    return total, missed, notes


@pytest.mark.parametrize("table", sorted(FLOORS))
def test_gold_facts_per_table(scores, table):
    total, missed, notes = scores
    if not total[table]:
        pytest.skip(f"no gold facts for {table}")
    rate = 1 - missed[table] / total[table]
    assert rate >= FLOORS[table], (f"{table}: {rate:.1%} of {total[table]} gold facts, floor {FLOORS[table]:.0%}\n"
                                   + "\n".join(notes.get(table, [])[:30]))
