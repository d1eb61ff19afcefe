"""One spelling per concept: the spellings below live in one module each (their home), and this test
fails when another module of the project spells one again instead of reading it from there.

- a table's column list, the list of contract tables, of the tables keyed by a document or of the tables
  holding a report's figures (its accounts, and its other printed tables: Table.holds), an
  INSERT that names a table's columns or relies on their order, and the columns that say where a fact
  was printed (x0, top, x1, bottom, line): loaders/database/schema.py (schema.TABLES, POSITION_COLUMNS, BOX);
- the report key (unit, year, kind, scope, part; a whole report's part NULL read as 'full'):
  loaders/database/schema.py (REPORT_KEY, report_key());
- the label of an item (三公 items, …): loaders/vocabulary.py (vocabulary.SANGONG).

Only code is read: docstrings may name what they explain, and tests spell what they expect.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from loaders.database import schema
from loaders import vocabulary

ROOT = Path(__file__).resolve().parents[1]
CODE = [p for folder in ("loaders", "dashboard", "pages", "factory", "scripts") for p in (ROOT / folder).rglob("*.py")]
CODE += [p for p in ROOT.glob("*.py")]
SCHEMA, VOCABULARY = "loaders/database/schema.py", "loaders/vocabulary.py"


def _column_lists() -> dict[frozenset, str]:
    lists = {frozenset(schema.CONTRACT_TABLES): "the contract tables", frozenset(schema.FACT_TABLES): "the fact tables",
             frozenset(schema.holding(schema.ACCOUNTS)): "the tables holding a report's accounts",
             frozenset(schema.holding(schema.ACCOUNTS, schema.PRINTED)): "the tables holding a report's figures"}
    for table in (*schema.TABLES.values(), schema.CLAIMS):
        names = table.names()
        lists[frozenset(names)] = f"the columns of {table.name}"
        lists[frozenset(names[1:])] = f"the columns of {table.name} after {names[0]}"
    return lists


LISTS = _column_lists()
LABELS = {item.label: f"the label of the item {item.key}" for item in vocabulary.SANGONG}
KEY_SQL = re.compile(r"coalesce\((?:\w+\.)?part, 'full'\)|unit_id, (?:\w+\.)?fiscal_year, (?:\w+\.)?doc_kind, "
                     r"(?:\w+\.)?scope, (?:\w+\.)?part")
INSERT = re.compile(r"INSERT\s+(?:OR\s+\w+\s+)?INTO\s+(\w+)\s*(?:\(|VALUES)", re.I)
KEY_NAMES = {k for k in schema.REPORT_KEY if k != "part"}


def spellings(source: str) -> list[tuple[int, str]]:
    """(line, what) for each spelling of a concept in the source's code (docstrings left out)."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            text = node.value
            if text in LABELS:
                found.append((node.lineno, LABELS[text]))
            if KEY_SQL.search(text):
                found.append((node.lineno, "the report key (SQL)"))
            for table in INSERT.findall(text):
                if table in schema.TABLES or table == schema.CLAIMS.name:
                    found.append((node.lineno, f"an INSERT naming the columns of {table}"))
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)) and len(node.elts) >= 3 \
                and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            names = frozenset(e.value for e in node.elts)
            if names in LISTS:
                found.append((node.lineno, LISTS[names]))
            if KEY_NAMES <= names:
                found.append((node.lineno, "the report key's columns"))
            if set(schema.BOX) <= names:
                found.append((node.lineno, "the position columns"))
    return found


def test_each_concept_is_spelled_in_its_home_only():
    homes = {"the report key": SCHEMA, "the columns": SCHEMA, "the contract": SCHEMA, "the fact": SCHEMA,
             "an INSERT": SCHEMA, "the position": SCHEMA, "the tables holding": SCHEMA, "the label": VOCABULARY}
    again = [f"{path.relative_to(ROOT)}:{line}: {what}" for path in CODE
             for line, what in spellings(path.read_text(encoding="utf-8"))
             if str(path.relative_to(ROOT)) != next(home for start, home in homes.items() if what.startswith(start))]
    assert again == [], "spelled again outside its home:\n" + "\n".join(again)


def test_the_homes_spell_what_this_test_looks_for():
    """Were the spec or the vocabulary to change shape, the test above would look for nothing."""
    assert {what for _, what in spellings((ROOT / SCHEMA).read_text(encoding="utf-8"))} >= {"the report key's columns"}
    assert len({what for _, what in spellings((ROOT / VOCABULARY).read_text(encoding="utf-8"))}) == len(LABELS)


@pytest.mark.parametrize("code, what", [
    ('x = ("doc_id", "kind", "label", "title", "first_page", "row_count", "fact_count")', "the columns of document_tables"),
    ('x = ("kind", "label", "title", "first_page", "row_count", "fact_count")', "the columns of document_tables after doc_id"),
    ('sql = "ON (o.unit_id, o.fiscal_year) = (d.unit_id, coalesce(d.part, \'full\'))"', "the report key (SQL)"),
    ('want = [like[k] for k in ("unit_id", "fiscal_year", "doc_kind", "scope")]', "the report key's columns"),
    ('NAMES = {"reception": "公务接待费"}', "the label of the item reception"),
    ('con.execute("INSERT INTO documents (doc_id, file_name) VALUES (?, ?)")', "an INSERT naming the columns of documents"),
    ('con.execute("INSERT INTO chosen_documents VALUES (?, ?)")', "an INSERT naming the columns of chosen_documents"),
    ('box = [row[k] for k in ("x0", "top", "x1", "bottom")]', "the position columns"),
    ('TABLES = ("summary", "expenditure_function", "expenditure_economic", "sangong", "budget_execution")',
     "the tables holding a report's accounts"),
    ('FIGURE_TABLES = ["summary", "expenditure_function", "expenditure_economic", "sangong", "budget_execution", '
     '"performance_projects", "performance_indicators", "budget_projects", "grant_summary"]',
     "the tables holding a report's figures"),
])
def test_a_spelling_again_is_found(code, what):
    assert [w for _, w in spellings(code)] == [what]


def test_words_that_only_mention_a_concept_are_not_spellings():
    code = '''
def f():
    """因公出国（境）费 and coalesce(part, 'full') named in a docstring."""
    return "其中因公出国（境）费{x}万元", ("budget", "actual"), "INSERT OR REPLACE INTO settings VALUES (?, ?)"
'''
    assert spellings(code) == []


def test_items_are_one_vocabulary():
    """The items a report prints or states (三公, 公开信息) are loaders.vocabulary.Item, read by parsers,
    checks, pages and factory alike: no module defines an item type of its own, and every item the
    disclosures parser reads by its words is a vocabulary item."""
    from loaders.parsers import disclosures

    own = [f"{path.relative_to(ROOT)}:{node.lineno}" for path in CODE if str(path.relative_to(ROOT)) != VOCABULARY
           for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
           if isinstance(node, ast.ClassDef) and node.name == "Item"]
    assert own == []
    assert disclosures.ITEMS and all(isinstance(i, vocabulary.Item) and i in vocabulary.DISCLOSED for i in disclosures.ITEMS)
