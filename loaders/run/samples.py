"""The project's own sample reports (data/samples/), known by the digests in its SHA256SUMS.

The report factory writes that list with the files (`python -m factory samples`). A document is a
sample exactly when its SHA-256 is listed: a name, a folder or words inside a file cannot make a
real report pass for one, and no digest of a real report can be listed by accident."""
from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parents[2] / "data" / "samples"
MANIFEST = FOLDER / "SHA256SUMS"


def digests(manifest: Path = MANIFEST) -> frozenset[str]:
    """The listed SHA-256 digests (sha256sum's format: digest, two spaces, name)."""
    if not manifest.is_file():
        return frozenset()
    return frozenset(line.split()[0] for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip())


def is_sample(sha256: str) -> bool:
    return sha256 in digests()
