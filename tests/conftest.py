"""Shared fixtures: the corpus in ../shared (skipped cleanly when absent) and two of its seeds
loaded; the corpus mark checked; the quick loop's Hypothesis profile."""
import functools
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "gold").is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture(scope="module")
def seeds_db(corpus, tmp_path_factory):
    """The two seed 决算 text exports loaded by the real loader (the 预算执行 and 三公 page tests)."""
    from loaders.run.ingest import ingest

    from .reports import SEEDS

    path = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    assert all(r.ok for r in ingest([corpus / "seeds" / name for name in SEEDS], str(path)))
    return str(path)


# The quick loop (an -m expression that leaves out slow) draws at most QUICK_EXAMPLES examples of a
# property test (tests/properties.py); the full run draws each test's own count.
QUICK_EXAMPLES = 4


def pytest_configure(config):
    if "not slow" in (config.getoption("markexpr") or ""):
        settings.register_profile("quick", max_examples=QUICK_EXAMPLES)
        settings.load_profile("quick")
    _scan_components_once()


def _scan_components_once() -> None:
    """Each new AppTest scans every installed package for Streamlit components (about a tenth of the
    quick loop, for a project that has none); the packages do not change during a run, so the first
    scan serves every AppTest."""
    from streamlit.components.v2 import manifest_scanner

    manifest_scanner.scan_component_manifests = functools.lru_cache(maxsize=None)(
        manifest_scanner.scan_component_manifests)


def pytest_collection_modifyitems(items):
    """`-m "not corpus"` must leave out every test that reads the corpus: one that uses the corpus
    fixture (itself or through another fixture) without the corpus mark stops the run, named."""
    unmarked = [item.nodeid for item in items
                if "corpus" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("corpus")]
    if unmarked:
        raise pytest.UsageError("these tests use the corpus fixture without @pytest.mark.corpus:\n  "
                                + "\n  ".join(unmarked))
