"""Command line: python -m loaders ingest|samples|list|remove|units|tables|export|compact."""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from tqdm import tqdm

from .cluster import ClusterError, ingest_on_cluster
from .ingest import expand, ingest, summary
from ..database import export, parquet
from . import samples
from ..database.record import apply_aliases, cross_check_lake, remove
from ..database.store import DatabaseBusy, DatabaseDamaged, connect, opened, unit_variants
from ..vocabulary import DOC_KINDS, PARTS, SCOPES

DEFAULT_DB = "data/budget.duckdb"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m loaders", description="预决算透视：导入预算/决算报告到 DuckDB")
    ap.add_argument("--db", default=DEFAULT_DB, help=f"数据库文件（默认 {DEFAULT_DB}）")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="导入 PDF、Word、Excel、网页、文本导出、zip 压缩包文件或文件夹")
    p.add_argument("paths", nargs="+")
    p.add_argument("--db", default=argparse.SUPPRESS)
    p.add_argument("--workers", type=int, default=1, help="并行解析的进程数")
    p.add_argument("--format", choices=("duckdb", "parquet"), default="duckdb",
                   help="输出格式：duckdb（默认，写入 --db）或 parquet（按地区/年度分区写入 --out 文件夹）")
    p.add_argument("--out", help="--format parquet 时的输出文件夹")
    p.add_argument("--cluster", metavar="ADDRESS",
                   help="在 Dask 集群上解析（调度器地址如 tcp://host:8786，或 local[:N] 在本机启动 N 个工作进程）；"
                        "需同时使用 --format parquet --out DIR，各机器须能以相同路径读到文件和输出文件夹")
    p = sub.add_parser("samples", help="导入项目自带的示例报告（data/samples/，单位和数字均为虚构）")
    p.add_argument("--db", default=argparse.SUPPRESS)
    p = sub.add_parser("list", help="列出已导入的文档")
    p.add_argument("--db", default=argparse.SUPPRESS)
    p = sub.add_parser("remove", help="删除一个文档（按 doc_id）")
    p.add_argument("doc_id")
    p.add_argument("--db", default=argparse.SUPPRESS)
    p = sub.add_parser("units", help="列出单位及其不同年份的名称写法，并应用 data/unit_aliases.csv 中的合并")
    p.add_argument("--db", default=argparse.SUPPRESS)
    p = sub.add_parser("tables", help="显示一个文件中识别出的表（不写数据库）")
    p.add_argument("path")
    p = sub.add_parser("export", help="导出当前文档的契约表（每表一个文件或工作表；文本不会成为公式）")
    p.add_argument("--db", default=argparse.SUPPRESS)
    p.add_argument("--format", choices=export.FORMATS, required=True, help="csv、xlsx 或 parquet")
    p.add_argument("--out", required=True, help="输出文件夹")
    p.add_argument("--lake", metavar="DIR", help="从 Parquet 文件夹（ingest --format parquet 写出的）导出，而不是从数据库")
    p = sub.add_parser("compact", help="合并 Parquet 文件夹中的小文件（每个分区一个文件，重复导入的文档只留一份）")
    p.add_argument("folder")
    args = ap.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (DatabaseBusy, DatabaseDamaged, ClusterError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1


def cmd_ingest(args) -> int:
    paths = expand(args.paths)
    if not paths:
        print("错误：没有找到要导入的报告文件（PDF、Word、Excel、网页、.txt 或 .zip）", file=sys.stderr)
        return 1
    if args.format == "parquet" and not args.out:
        print("错误：--format parquet 需要用 --out 指定输出文件夹", file=sys.stderr)
        return 1
    if args.cluster and args.format != "parquet":
        print("错误：--cluster 需要 --format parquet --out DIR（各工作进程把结果写入同一个 Parquet 文件夹）", file=sys.stderr)
        return 1
    bar = tqdm(total=len(paths), unit="个文件", file=sys.stderr, disable=None)
    if args.cluster:
        results = ingest_on_cluster(paths, args.out, args.cluster, on_result=lambda res: bar.update(1))
        bar.close()
        return _report(results, f"Parquet 文件夹：{args.out}（集群 {args.cluster}）")
    db = args.db if args.format == "duckdb" else str(Path(tempfile.mkdtemp()) / "batch.duckdb")
    pages = PageBar()
    results = ingest(paths, db, workers=args.workers, on_result=lambda res: bar.update(1), on_page=pages.update)
    pages.close()
    bar.close()
    target = f"数据库：{args.db}"
    if args.format == "parquet":
        with opened(db, read_only=True) as con:
            counts = parquet.export(con, args.out)
            units = [u for (u,) in con.execute("SELECT DISTINCT unit_id FROM documents WHERE unit_id IS NOT NULL")
                     .fetchall()]
        shutil.rmtree(Path(db).parent)
        cross_check_lake(args.out, units)  # against the documents other batches wrote
        target = f"Parquet 文件夹：{args.out}（{counts['documents']} 个文档）"
    return _report(results, target)


def _report(results, target: str) -> int:
    """Each file's line (the marks and words of the upload's), then the totals; exit code 1 when a
    file failed."""
    print("\n".join(f"{r.mark} {r.file_name}：{r.message}" for r in results))
    print(f"{summary(results)}{target}")
    return 1 if any(not r.ok for r in results) else 0


class PageBar:
    """A second bar, shown once a scanned file's pages are read by OCR: one step per page, its
    total growing as each scanned file announces its pages."""

    def __init__(self) -> None:
        self.bar = None

    def update(self, name: str, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = tqdm(total=0, unit="页", desc="OCR 识别扫描页", file=sys.stderr, disable=None, position=1, leave=False)
        if done == 0:
            self.bar.total += total
            self.bar.set_postfix_str(name, refresh=True)
        else:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def cmd_samples(args) -> int:
    """The bundled samples, as the dashboard's first start loads them; they leave every page once a
    real report is loaded."""
    args.paths, args.workers, args.format, args.cluster = [str(samples.FOLDER)], 1, "duckdb", None
    return cmd_ingest(args)


def cmd_list(args) -> int:
    con = connect(args.db, read_only=True)
    rows = con.execute(
        "SELECT doc_id, unit_name, fiscal_year, doc_kind, scope, parse_status, file_name "
        "FROM documents ORDER BY unit_id, fiscal_year, doc_kind").fetchall()
    for r in rows:
        print("\t".join("" if v is None else str(v) for v in r))
    print(f"共 {len(rows)} 个文档")
    return 0


def cmd_remove(args) -> int:
    con = connect(args.db)
    if remove(con, args.doc_id):
        print(f"已删除文档 {args.doc_id}")
        return 0
    print(f"错误：没有 doc_id 为 {args.doc_id} 的文档", file=sys.stderr)
    return 1


def cmd_units(args) -> int:
    con = connect(args.db)
    changed = apply_aliases(con)
    for unit_id, names, years in unit_variants(con):
        print(f"{unit_id}\t{names}\t{years}")
    print(f"已按单位别名表重新归并 {changed} 个文档")
    return 0




def cmd_tables(args) -> int:
    """What the loader sees in one file: who, when and what, where each was read, the tables found."""
    from ..extract import extract
    from .ingest import LoadError, read_document

    try:
        doc = read_document(Path(args.path).read_bytes(), Path(args.path).name)
    except LoadError as exc:
        print(f"✗ {args.path}：{exc}", file=sys.stderr)
        return 1
    ex = extract(doc)
    info, said = ex.info, ex.info.sources
    pages = f"，{doc.page_count} 页" if doc.page_count else ""
    print(f"文件：{doc.file_name}（{doc.source}{pages}）")
    print(f"单位：{info.unit_name or '未识别'}" + (f"（来自{said['unit_name']}）" if "unit_name" in said else ""))
    print(f"年度：{info.fiscal_year or '未识别'}" + (f"（来自{said['fiscal_year']}）" if "fiscal_year" in said else ""))
    print(f"类型：{DOC_KINDS.get(info.doc_kind, '未识别')}，{SCOPES.get(info.scope, '未识别')}")
    print(f"地区：{info.region or '未识别'}；金额单位：{info.source_unit}；发布形式：{PARTS[ex.part]}；状态：{ex.status}")
    print(f"识别出的表（{len(ex.facts.tables)} 张）：")
    for t in ex.facts.tables:
        page = f"第{t['first_page']}页" if t["first_page"] else "—"
        print(f"  {page}\t{t['label']}\t“{t['title']}”\t{t['row_count']} 行，数据 {t['fact_count']} 条")
    print(f"未读取的表格（{len(ex.facts.unread)} 张）：")
    for t in ex.facts.unread:
        page = f"第{t.page}页" if t.page else "—"
        print(f"  {page}\t“{t.title or '（无标题）'}”\t{t.rows} 行：{t.reason}")
    for problem in ex.facts.problems:
        print(f"问题：{problem}")
    return 0


def cmd_export(args) -> int:
    source = args.lake or args.db
    if not (Path(source).is_dir() if args.lake else Path(source).exists()):
        print(f"错误：{'Parquet 文件夹' if args.lake else '数据库文件'} {source} 不存在", file=sys.stderr)
        return 1
    with _reading(args) as con:
        try:
            counts = export.export(con, args.format, args.out)
        except ValueError as exc:  # a table too large for one Excel sheet
            print(f"错误：{exc}", file=sys.stderr)
            return 1
    for table, rows in counts.items():
        print(f"{table}\t{rows} 行")
    print(f"已导出 {len(counts)} 张表（{args.format}）到 {args.out}")
    return 0


def _reading(args):
    """The database, or the Parquet folder seen as one (the same tables and views); closed after use."""
    return parquet.connect(args.lake) if args.lake else opened(args.db, read_only=True)


def cmd_compact(args) -> int:
    if not (Path(args.folder) / "documents").is_dir():
        print(f"错误：{args.folder} 不是 Parquet 文件夹（没有 documents/ 子文件夹）", file=sys.stderr)
        return 1
    counts = parquet.compact(args.folder)
    cross_check_lake(args.folder)  # once over every unit
    for table, (before, after) in counts.items():
        print(f"{table}\t{before} → {after} 个文件")
    print(f"已合并 {args.folder}，并重新核对了跨文档检查")
    return 0


COMMANDS = {"ingest": cmd_ingest, "samples": cmd_samples, "list": cmd_list, "remove": cmd_remove, "units": cmd_units,
            "tables": cmd_tables, "export": cmd_export, "compact": cmd_compact}
