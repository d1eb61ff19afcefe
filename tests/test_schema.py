"""The schema spec against the public contract: the DDL made from schema.TABLES gives every table and
column ../shared/CONTRACT.md names, with the types it states, and exactly the spec's columns in order."""
from __future__ import annotations

import re

import duckdb
import pytest

from loaders.database import schema

from .conftest import SHARED

CONTRACT = SHARED / "CONTRACT.md"
TYPES = {"INT": "INTEGER", "DOUBLE": "DOUBLE", "BOOLEAN": "BOOLEAN", "TIMESTAMP": "TIMESTAMP"}


def contract() -> dict[str, dict[str, str | None]]:
    """table → {column: the type the contract states for it, or None} from CONTRACT.md: a markdown
    table of columns, or a line listing them ('doc_id, side (...), item, ...')."""
    if not CONTRACT.is_file():
        pytest.skip("../shared/CONTRACT.md is not present")
    tables: dict[str, dict[str, str | None]] = {}
    for section in re.split(r"^## ", CONTRACT.read_text(encoding="utf-8"), flags=re.M)[1:]:
        name, body = section.split("\n", 1)
        columns: dict[str, str | None] = {}
        rows = re.findall(r"^\| (\w+) \| (.*) \|$", body, re.M)
        if rows:
            columns = {col: _stated(meaning) for col, meaning in rows if col != "column"}
        else:
            listing = body.strip().split("\n\n")[0].split("\n- ")[0]
            while re.search(r"\([^()]*\)", listing):  # asides, which may hold commas, with their types
                listing = re.sub(r"\s*\(([^()]*)\)", lambda m: f" :{_stated(m.group(1)) or ''}", listing)
            for part in listing.replace("\n", " ").split(".")[0].split(","):
                col, _, stated = part.strip().partition(" :")
                columns[col] = stated or None
        tables[name.split()[0]] = columns
    return tables


def _stated(meaning: str) -> str | None:
    first = re.match(r"[A-Z]+", meaning.strip())
    return TYPES.get(first.group()) if first else None


def test_the_contract_is_read_whole():
    tables = contract()
    assert len(tables) == 11 and list(tables["documents"])[:2] == ["doc_id", "file_name"]
    assert tables["findings"]["actual"] == "DOUBLE" and tables["documents"]["fiscal_year"] == "INTEGER"
    assert list(tables["summary"]) == ["doc_id", "side", "item", "amount", "page"]


def test_the_generated_ddl_gives_the_contract_tables_and_columns():
    con = duckdb.connect()
    schema.create_schema(con)
    made = {}
    for table, column, kind in con.execute("SELECT table_name, column_name, data_type FROM duckdb_columns() "
                                           "WHERE NOT internal ORDER BY table_name, column_index").fetchall():
        made.setdefault(table, {})[column] = kind
    for table, columns in contract().items():
        assert table in made and schema.TABLES[table].contract, table
        for column, stated in columns.items():
            assert column in made[table], (table, column)
            assert stated is None or made[table][column] == stated, (table, column)
        for column in ("page", "x0", "top", "x1", "bottom", "line"):  # as the contract's conventions say
            if column in made[table]:
                assert made[table][column] == ("DOUBLE" if column[0] in "xtb" else "INTEGER"), (table, column)
    assert {t for t, spec in schema.TABLES.items() if spec.contract} == set(contract())


def test_the_database_holds_exactly_the_spec_in_order():
    con = duckdb.connect()
    schema.create_schema(con)
    for table in schema.TABLES.values():
        made = con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
                           "ORDER BY column_index", [table.name]).fetchall()
        assert made == [(c.name, c.type.split()[0]) for c in table.columns], table.name


def test_the_roles_name_the_figures_words_and_positions():
    for table in schema.TABLES.values():
        kinds = dict(schema.columns(table.name))
        assert all(kinds[c] == "DOUBLE" for c in table.names(schema.FIGURE)), table.name  # amounts are DOUBLE
        assert all(kinds[c] == "VARCHAR" for c in table.names(schema.WORD)), table.name
        assert table.names(schema.POSITION) in ((), ("x0", "top", "x1", "bottom", "line")), table.name
    fact = schema.TABLES["expenditure_function"]
    assert fact.names(schema.KEY) == ("doc_id",) and fact.names(schema.FIGURE) == ("total", "basic", "project")
    assert fact.names(schema.WORD) == ("code", "name")


def test_an_insert_names_only_the_spec_columns():
    table = schema.TABLES["chosen_documents"]
    assert table.insert_sql() == "INSERT INTO chosen_documents (doc_id, chosen_at) VALUES (?, ?)"
    with pytest.raises(KeyError):
        table.insert_sql(("doc_id", "chosen"))
