"""The corpus gold: load every report of ../shared/corpus once (jiangsu/ and central/ included), score
each contract table and each report.

The floors below are what the loader reaches today; they only ever go up. A parser change that
loses facts anywhere in the corpus fails here, naming the table and the facts it lost."""
import importlib.util
import json
from collections import Counter

import duckdb
import pytest

from loaders.run.ingest import expand, ingest

pytestmark = pytest.mark.corpus
FAMILIES = ("seeds", "seed-pdf", "real", "jiangsu", "central")

# Share of the gold facts of each table that must be found (documents: the identity fields).
FLOORS = {
    "documents": 0.99,
    "summary": 0.99,
    "expenditure_function": 0.99,
    "expenditure_economic": 0.99,
    "sangong": 0.99,
    "budget_execution": 0.98,
    "budget_projects": 0.99,
    "performance_projects": 0.99,
    "performance_indicators": 0.99,
    "disclosures": 1.0,
}


def _check_gold(corpus):
    spec = importlib.util.spec_from_file_location("check_gold", corpus.parent / "tools" / "check_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gold_db(corpus, tmp_path_factory):
    """The corpus loaded once: the database every gold test reads."""
    db = tmp_path_factory.mktemp("gold") / "corpus.duckdb"
    files = expand([corpus / family for family in FAMILIES])
    results = ingest(files, str(db), workers=2)
    assert all(r.ok for r in results), [r.message for r in results if not r.ok]
    return db


@pytest.fixture(scope="module")
def scores(corpus, gold_db):
    """(found, total, misses) per table over every gold file and every file it names."""
    db = gold_db
    gold_mod = _check_gold(corpus)
    con = duckdb.connect(str(db), read_only=True)
    total, missed, notes = Counter(), Counter(), {}
    per_file = {}
    for path in sorted([*(p for family in ("", "jiangsu", "central") for p in (corpus / family / "gold").glob("*.json")),
                        *(corpus / "gold" / "disclosures").glob("*.json")]):
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc_ids = gold_mod.doc_ids_for(con, gold)
        assert len(doc_ids) == len(gold["files"]), f"{path.name}: not every file loaded"
        for doc_id in doc_ids:
            total["documents"] += len(gold.get("document", {}))
            total.update(f["table"] for f in gold["facts"])
            ok, count, misses = gold_mod.check_doc(con, doc_id, gold, False)
            per_file[f"{path.stem} [{doc_id}]"] = (ok, count, misses)
            for miss in misses:
                table = miss.split(" ")[0].split(".")[0]
                missed[table] += 1
                notes.setdefault(table, []).append(f"{path.stem}: {miss}")
    con.close()
    return total, missed, notes, per_file


@pytest.fixture(scope="module")
def disclosed(corpus, gold_db):
    """(name, gold, {doc_id: stored (topic, item, page, source) rows}) for every disclosure gold file."""
    gold_mod = _check_gold(corpus)
    con = duckdb.connect(str(gold_db), read_only=True)
    out = []
    for path in sorted((corpus / "gold" / "disclosures").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        rows = {d: con.execute("SELECT topic, item, page, source FROM disclosures WHERE doc_id = ?", [d]).fetchall()
                for d in gold_mod.doc_ids_for(con, gold)}
        out.append((path.stem, gold, rows))
    con.close()
    return out


def test_disclosures_state_only_the_topics_a_report_states(disclosed):
    """None invented: a report's disclosure rows name exactly the topics its gold says it states."""
    wrong = {name: sorted({t for t, *_ in r}) for name, gold, rows in disclosed for r in rows.values()
             if {t for t, *_ in r} != set(gold["topics_stated"])}
    assert not wrong, wrong


def test_disclosures_keep_the_page_they_are_printed_on(disclosed):
    """Each gold figure read from a PDF is stored with the page the gold names (the 来源 link opens it)."""
    wrong = []
    for name, gold, rows in disclosed:
        for doc_id, r in rows.items():
            pages = {(t, i): set() for t, i, *_ in r}
            for t, i, page, _ in r:
                pages[(t, i)].add(page)
            if None in next(iter(pages.values()), {0}):
                continue  # a text export: lines, no pages
            wrong += [f"{name}: {f['key']} on page {f['page']}, stored {pages.get((f['key']['topic'], f['key']['item']))}"
                      for f in gold["facts"] if f["page"] not in pages.get((f["key"]["topic"], f["key"]["item"]), ())]
    assert not wrong, wrong


@pytest.mark.parametrize("table", sorted(FLOORS))
def test_gold_facts_per_table(scores, table):
    total, missed, notes, _ = scores
    if not total[table]:
        pytest.skip(f"no gold facts for {table}")
    rate = 1 - missed[table] / total[table]
    assert rate >= FLOORS[table], (f"{table}: {rate:.1%} of {total[table]} gold facts, floor {FLOORS[table]:.0%}\n"
                                   + "\n".join(notes.get(table, [])[:30]))


def test_every_report_yields_most_of_its_gold(scores):
    """No report of any layout family (上海, 河南, 江苏, 中央) falls below 95 % of its own gold."""
    low = {name: f"{ok}/{count}: " + "; ".join(misses[:5]) for name, (ok, count, misses) in scores[3].items()
           if ok < 0.95 * count}
    assert not low, low


def test_every_gold_file_is_read_whole(scores):
    """Every report of every family yields all of its gold: unit, year, kind, region and every figure."""
    missed = {name: misses[:5] for name, (ok, count, misses) in scores[3].items() if ok < count}
    assert not missed, missed
