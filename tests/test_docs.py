"""The README stays a short user's guide whose links lead somewhere, and CI runs the test command it shows."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def _anchor(heading: str) -> str:
    """GitHub's id for a heading: lower case, punctuation dropped (CJK kept), spaces as hyphens."""
    text = heading.strip().lower().replace("`", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {_anchor(m) for m in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def _links(path: Path) -> list[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]


def test_readme_is_short():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 250


@pytest.mark.parametrize("path", [README, *DOCS], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_lead_to_files_and_headings(path):
    broken = []
    for target in _links(path):
        file_part, _, fragment = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        if not dest.exists():
            broken.append(target)
        elif fragment and dest.suffix == ".md" and fragment not in _anchors(dest):
            broken.append(target)
    assert not broken, f"{path.name}: {broken}"


def test_docs_index_lists_every_doc():
    index = ROOT / "docs" / "README.md"
    listed = {(index.parent / t).resolve() for t in _links(index)}
    assert {p.resolve() for p in DOCS if p != index} <= listed


def test_readme_test_command_is_what_ci_runs():
    ci_lines = [ln for ln in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if ln.strip()]
    commands = [ln for ln in README.read_text(encoding="utf-8").splitlines()
                if ln.startswith("python3 -m pip install -r requirements.txt && ") and "pytest" in ln]
    assert commands == [f"python3 -m pip install -r requirements.txt && {ci_lines[-1]}"]
    assert any(ln.startswith("python3 -m pip install") and "-r requirements.txt" in ln for ln in ci_lines)
