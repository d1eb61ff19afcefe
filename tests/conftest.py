"""Shared fixtures: the corpus in ../shared (skipped cleanly when absent)."""
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
