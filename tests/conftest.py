"""Shared fixtures: the corpus in ../shared (skipped cleanly when absent); the corpus mark checked."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "gold").is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


def pytest_collection_modifyitems(items):
    """`-m "not corpus"` must leave out every test that reads the corpus: one that uses the corpus
    fixture (itself or through another fixture) without the corpus mark stops the run, named."""
    unmarked = [item.nodeid for item in items
                if "corpus" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("corpus")]
    if unmarked:
        raise pytest.UsageError("these tests use the corpus fixture without @pytest.mark.corpus:\n  "
                                + "\n  ".join(unmarked))
