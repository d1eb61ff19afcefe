"""The bundled sample reports (data/samples/): the seeds' figures and a few derived unit-years.

Three units over several years, 预算 and 决算, so the dashboard has something to compare on a
fresh clone: the 济源 管委会办公室 under three spellings of its name (unit identity), a 2021-layout
unit, and a fictional 示例市财政局 whose 2024 预算 and 决算 pair up."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .figures import Report
from .pdf import render_pdf
from .text import render_text
from .vary import FIGURES, scaled
from .figures import load

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "samples"
# (figures file, factor, unit, year, scope, formats)
SAMPLES = (
    ("jiyuan_office_2023_final", 1, None, None, None, ("pdf", "txt")),
    ("jiyuan_office_2023_final", 1.06, "济源产城融合示范区管委会办公室", 2024, None, ("pdf",)),
    ("jiyuan_office_2026_budget", 1, None, None, None, ("pdf",)),
    ("jiyuan_office_2026_budget", 0.93, "济源示范区管委会办公室", 2025, None, ("pdf",)),
    ("jiyuan_service_center_2021_final", 1, None, None, None, ("pdf", "txt")),
    ("jiyuan_service_center_2021_final", 1.12, None, 2022, None, ("pdf",)),
    ("jiyuan_office_2023_final", 0.62, "示例市财政局", 2023, "department", ("pdf",)),
    ("jiyuan_office_2023_final", 0.66, "示例市财政局", 2024, "department", ("pdf",)),
    ("jiyuan_office_2026_budget", 0.64, "示例市财政局", 2024, None, ("pdf",)),
    ("jiyuan_office_2026_budget", 0.69, "示例市财政局", 2025, None, ("pdf",)),
)
RENDER = {"pdf": render_pdf, "txt": render_text}


def sample_reports() -> list[Report]:
    out = []
    for stem, factor, unit, year, scope, _ in SAMPLES:
        report = scaled(load(FIGURES / f"{stem}.json"), factor, unit, year)
        out.append(replace(report, scope=scope) if scope else report)
    return out


def file_name(r: Report, suffix: str) -> str:
    who = "单位" if r.scope == "unit" else "部门"
    kind = "决算" if r.kind == "final" else "预算"
    return f"{r.unit}{r.year}年度{who}{kind}.{suffix}"


def sample_files() -> dict[str, bytes]:
    """File name → content of every bundled sample."""
    files = {}
    for report, spec in zip(sample_reports(), SAMPLES):
        for fmt in spec[-1]:
            files[file_name(report, fmt)] = RENDER[fmt](report)
    return files


def write_samples(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*"):
        if old.suffix in (".pdf", ".txt"):
            old.unlink()
    written = []
    for name, data in sample_files().items():
        (out / name).write_bytes(data)
        written.append(out / name)
    return written
