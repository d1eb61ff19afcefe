"""The bundled sample reports (data/samples/): fictional units drawn from the seeds' figures.

Three units over several years, 预算 and 决算, so the dashboard has something to compare on a
fresh clone: 示例市's 管委会办公室 under three spellings of its name (unit identity), a 2021-layout
unit of 示例区, and 示例市财政局 whose 2024 预算 and 决算 pair up. Every unit name is fictional, every
figure scaled away from the seed's, and each report says so under its cover title. SHA256SUMS lists
the files: the loader marks exactly those as samples (documents.is_sample)."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from loaders.run.samples import FOLDER as OUT, MANIFEST as MANIFEST_PATH
from loaders.identity.units import unit_id_of

from .figures import Report
from .pdf import render_pdf
from .text import render_text
from .vary import FIGURES, scaled
from .figures import load

# (figures file, factor, unit, year, scope, formats)
SAMPLES = (
    ("jiyuan_office_2023_final", 0.91, None, None, None, ("pdf", "txt")),
    ("jiyuan_office_2023_final", 0.97, "示例市产城融合示范区管委会办公室", 2024, None, ("pdf",)),
    ("jiyuan_office_2026_budget", 0.88, None, None, None, ("pdf",)),
    ("jiyuan_office_2026_budget", 0.83, "示例市产城融合示范区管委会办公室", 2025, None, ("pdf",)),
    ("jiyuan_service_center_2021_final", 0.94, None, None, None, ("pdf", "txt")),
    ("jiyuan_service_center_2021_final", 1.05, None, 2022, None, ("pdf",)),
    ("jiyuan_office_2023_final", 0.62, "示例市财政局", 2023, "department", ("pdf",)),
    ("jiyuan_office_2023_final", 0.66, "示例市财政局", 2024, "department", ("pdf",)),
    ("jiyuan_office_2026_budget", 0.64, "示例市财政局", 2024, None, ("pdf",)),
    ("jiyuan_office_2026_budget", 0.69, "示例市财政局", 2025, None, ("pdf",)),
)
RENDER = {"pdf": render_pdf, "txt": render_text}
NOTICE = "示例数据：本报告由预决算透视的报告工厂生成，单位名称和全部数字均为虚构，不是任何单位公开的报告。"
MANIFEST = MANIFEST_PATH.name


def sample_reports() -> list[Report]:
    out = []
    for stem, factor, unit, year, scope, _ in SAMPLES:
        report = replace(scaled(load(FIGURES / f"{stem}.json"), factor, unit, year), notice=NOTICE)
        out.append(replace(report, scope=scope) if scope else report)
    return _last_years_stated(out)


def _last_years_stated(reports: list[Report]) -> list[Report]:
    """Each report that states last year's 机关运行经费 states the figure its unit's report of last year
    (same kind) prints: scaled copies would otherwise contradict each other across years."""
    printed = {(unit_id_of(r.unit, {}), r.kind, r.year): r.disclosures.operating_costs for r in reports}
    out = []
    for r in reports:
        last = printed.get((unit_id_of(r.unit, {}), r.kind, r.year - 1))
        if last is not None and r.disclosures.operating_costs_prior is not None:
            r = replace(r, disclosures=replace(r.disclosures, operating_costs_prior=last))
        out.append(r)
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


def manifest(files: dict[str, bytes]) -> bytes:
    """SHA256SUMS as sha256sum writes it: the digests by which the loader knows a sample."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())).encode()


def write_samples(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*"):
        if old.suffix in (".pdf", ".txt") or old.name == MANIFEST:
            old.unlink()
    files = sample_files()
    written = []
    for name, data in {**files, MANIFEST: manifest(files)}.items():
        (out / name).write_bytes(data)
        written.append(out / name)
    return written
