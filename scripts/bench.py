"""Benchmarks: loading speed against plain pdfplumber, parallel speed-up, memory per worker.

usage: python scripts/bench.py [--corpus ../shared/corpus] [--skip-scale]
Prints each figure next to its target. Targets live here, not in timed tests."""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loaders.ingest import _extract_file  # noqa: E402


def baseline(path: str) -> None:
    """The plain pdfplumber work: open, extract_text and extract_tables on every page."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def timed(func, paths) -> float:
    start = time.perf_counter()
    for p in paths:
        func(p)
    return time.perf_counter() - start


def parallel(paths, workers: int) -> float:
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_extract_file, paths))
    return time.perf_counter() - start


def peak_memory_mb(path: str) -> float:
    code = ("import resource,sys; sys.path.insert(0, sys.argv[2]); from loaders.ingest import _extract_file;"
            "_extract_file(sys.argv[1]); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, path, str(ROOT)], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def row(name: str, value: str, target: str, ok: bool) -> None:
    print(f"{name:<44} {value:>14}   target {target:<12} {'OK' if ok else 'MISSED'}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--skip-scale", action="store_true")
    args = ap.parse_args()
    pdfs = sorted(str(p) for p in Path(args.corpus).rglob("*.pdf"))
    if not pdfs:
        print(f"no PDFs under {args.corpus}")
        return 1
    print(f"machine: {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores; "
          f"{len(pdfs)} corpus PDFs")
    base = timed(baseline, pdfs)
    ours = timed(_extract_file, pdfs)
    row("loader / plain pdfplumber (wall time)", f"{ours:.2f}s/{base:.2f}s", "≤ 1.0×", ours <= base)
    print(f"{'':<44} {ours / base:>13.2f}×")
    twenty = (pdfs * 20)[:20]
    one, two = parallel(twenty, 1), parallel(twenty, 2)
    row("speed-up of --workers 2 on 20 files", f"{one / two:.2f}×", "≥ 1.7×", one / two >= 1.7)
    largest = max(pdfs, key=lambda p: Path(p).stat().st_size)
    mem = peak_memory_mb(largest)
    row(f"peak memory, largest PDF ({Path(largest).stat().st_size // 1024} KB)", f"{mem:.0f} MB", "< 500 MB", mem < 500)
    if not args.skip_scale:
        from scripts import bench_scale

        bench_scale.main(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
