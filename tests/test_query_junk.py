"""A link is anyone's to craft: any value of any query-string key a page reads gives the page or a
message, never a traceback (来源's own values: tests/test_source.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from . import dashboard_db

pytestmark = pytest.mark.slow  # every page, run again for each value
ROOT = Path(__file__).resolve().parents[1]
KEYS = ["region", "unit", "year", "kind", "fund", "exec_fund", "basis", "band", "severity", "project", "exec_level",
        "exec_focus", "change_level", "sangong_measure", "sangong_shared", "part", "drill", "doc", "page", "line",
        "x0", "opage", "功能分类占比对照_open"]
JUNK = ["\x00", "99999999999999999999", "-inf", "x" * 3000, "' OR 1=1 --", "[]"]


@pytest.fixture(scope="module")
def known_db(tmp_path_factory):
    return dashboard_db.build(str(tmp_path_factory.mktemp("junk") / "known.duckdb"))


@pytest.mark.parametrize("page", sorted(p.stem for p in (ROOT / "pages").glob("*.py")))
def test_any_value_of_any_key_gives_the_page_or_a_message(known_db, monkeypatch, page):
    monkeypatch.setenv("BUDGET_LENS_DB", known_db)
    for junk in JUNK:
        at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
        for key in KEYS:
            at.query_params[key] = junk
        at.run()
        assert not at.exception, (page, junk[:20], at.exception)
        for key in KEYS:  # and each key alone, the others left as a first visit has them
            if junk == "\x00":
                alone = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
                alone.query_params[key] = junk
                alone.run()
                assert not alone.exception, (page, key, alone.exception)
