"""The loader's modules as the read side meets them: importing loaders.api (what every page imports)
loads no reader, parser or check, and no two loader modules import each other at module level."""
from __future__ import annotations

import ast
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The write side: a page only reading the database must not pay for these (nor import them by mistake).
WRITE_SIDE = ("loaders.checks", "loaders.parsers", "loaders.database.pairs", "loaders.database.record", "loaders.extract",
              "loaders.run.ingest", "loaders.identity.identify", "loaders.locate.recognise", "loaders.read.pdf_source", "loaders.read.excel_source")


def test_importing_the_api_loads_no_reader_parser_or_check():
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, loaders.api; print('\\n'.join(sorted(sys.modules)))"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert "loaders.database.store" in loaded
    assert [m for m in loaded if m.startswith(WRITE_SIDE)] == []


def test_the_checks_page_loads_no_pdf_reader_or_renderer():
    """pdfplumber is imported where the 来源 view reads a box, PDFium and PIL where a page is drawn:
    数据核对 imports dashboard.source, and its first visit on a fresh server waited 0.1 s for each."""
    modules = "dashboard.source, dashboard.findings, dashboard.charts, dashboard.widgets, dashboard.filters"
    loaded = subprocess.run([sys.executable, "-c", f"import sys, {modules}; print('\\n'.join(sorted(sys.modules)))"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert "dashboard.source" in loaded and not {"pdfplumber", "pypdfium2", "PIL"} & set(loaded)


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The loader modules a module imports when it is imported (its top-level import statements)."""
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            found |= {target} | {f"{target}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


def test_no_loader_modules_import_each_other():
    graph = {_module(p): _imports(p) for p in (ROOT / "loaders").rglob("*.py")}
    graph = {m: {d for d in deps if d in graph and d != m} for m, deps in graph.items()}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise AssertionError(f"import cycle: {' → '.join(exc.args[1])}") from None
