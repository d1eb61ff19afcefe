"""Loading files: read → extract (in worker processes) → store (one writer).

Every failure becomes a FileResult with a Chinese reason naming the file; nothing of a failed
file is written, and files already loaded (same SHA-256) are skipped.
"""
from __future__ import annotations

import os
import queue
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..read import archive, excel_source, html_source, word_source
from . import child
from ..database import files, pairs
from ..document import Document, sha256_of
from ..extract import Extracted, extract
from .limits import LimitExceeded, Limits, check_pdf, check_zip, setting
from ..read.pdf_source import PdfError, read_pdf
from ..database.record import apply_aliases, record
from ..database.schema import report_key
from ..database.store import connect, has_document, opened
from ..read.text_source import read_text
from ..vocabulary import DOC_KINDS

MAX_BYTES = setting("BUDGET_LENS_MAX_MB", 100) * 1024 * 1024
MAX_PAGES = setting("BUDGET_LENS_MAX_PAGES", 500)
SUFFIXES = (".pdf", ".txt") + excel_source.SUFFIXES + word_source.SUFFIXES + html_source.SUFFIXES + (".zip",)
_OFFICE = ((excel_source.SUFFIXES, excel_source.read_excel), (word_source.SUFFIXES, word_source.read_word))
_MAY_BE_A_PAGE = html_source.SUFFIXES + word_source.SUFFIXES + excel_source.SUFFIXES + (".txt",)


class LoadError(Exception):
    """A file that cannot be loaded; str() is the Chinese reason."""


@dataclass
class FileResult:
    file_name: str
    ok: bool
    message: str
    doc_id: str | None = None
    skipped: bool = False
    status: str | None = None  # the stored document's parse_status
    problems: str | None = None  # and its problems, as its line says them
    tables: int = 0  # tables read from it
    part: str | None = None  # 'narrative': the text of a report whose tables were published in another file
    paired: bool = False  # a narrative whose tables file is loaded too: the report is read whole

    @property
    def outcome(self) -> str:
        """One of OUTCOMES: 'ok' only for a report whose tables were read whole."""
        if not self.ok:
            return "failed"
        if self.skipped:
            return "skipped"
        if self.part == "narrative" and not self.paired:
            return "text"
        if self.status == "template":
            return "template"
        return "ok" if self.status == "ok" and (self.tables or self.paired) else "partial"

    @property
    def mark(self) -> str:
        return OUTCOMES[self.outcome][0]


# outcome → (mark, word), in the order a summary names them and a result list shows them: failures first
OUTCOMES = {"failed": ("✗", "失败"), "partial": ("⚠", "部分解析"), "template": ("⚠", "模板"),
            "text": ("ℹ", "仅文字"), "skipped": ("•", "跳过"), "ok": ("✓", "成功")}


def summary(results: list[FileResult]) -> str:
    """'共 3 个文件：成功 1 个，部分解析 1 个，失败 1 个。' naming the outcomes that occur (CLI and upload alike)."""
    counts = {o: sum(r.outcome == o for r in results) for o in OUTCOMES}
    order = ["ok", "partial", "template", "text", "skipped", "failed"]
    parts = [f"{OUTCOMES[o][1]} {counts[o]} 个" for o in order if counts[o] or o in ("ok", "failed")]
    return f"共 {len(results)} 个文件：{'，'.join(parts)}。"


def in_order_shown(results: list[FileResult]) -> list[FileResult]:
    """The results failures first, then the rest by outcome (OUTCOMES' order), each kind in input order."""
    return sorted(results, key=lambda r: list(OUTCOMES).index(r.outcome))


def expand(paths: Iterable[str]) -> list[Path]:
    """Files named directly, and the files of a loaded form (SUFFIXES) inside folders named."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file()))
        else:
            out.append(p)
    return out


def read_document(data: bytes, file_name: str, workers: int = 1) -> Document:
    """The file as a Document; a scanned PDF's pages are read by OCR with `workers` processes."""
    if not data:
        raise LoadError("空文件")
    if len(data) > MAX_BYTES:
        raise LoadError(f"文件大小 {len(data) / 1024 / 1024:.1f} MB 超过上限 {MAX_BYTES // 1024 // 1024} MB")
    if data[:1024].lstrip().startswith(b"%PDF-"):
        try:
            check_pdf(data)
            doc = read_pdf(data, file_name, MAX_PAGES, workers)
        except (PdfError, LimitExceeded) as exc:
            raise LoadError(str(exc)) from exc
        if doc.page_count and doc.pages_without_text == doc.page_count:
            raise LoadError("扫描件，OCR 未识别出文字" if doc.ocr_pages else "PDF 中没有文字（无文字层，也没有扫描图像）")
        return doc
    name = file_name.lower()
    if name.endswith(".pdf"):
        raise LoadError("不是 PDF 文件（扩展名为 .pdf，但内容不是 PDF）")
    if archive.is_archive(name):
        raise LoadError("是 zip 压缩包：请导入压缩包本身（python -m loaders ingest 或数据管理页上传），其中的文件逐个读取")
    if html_source.looks_like_html(data) and name.endswith(_MAY_BE_A_PAGE):
        try:  # a page saved from a site; also Word's 'web page' saved as .doc, a site's HTML table saved as .xls
            return html_source.read_html(data, file_name)
        except ValueError as exc:
            raise LoadError(str(exc)) from exc
    if name.endswith(html_source.SUFFIXES):
        raise LoadError(f"不是网页文件（扩展名为 {Path(file_name).suffix}，但内容不是 HTML）")
    for suffixes, read in _OFFICE:
        if name.endswith(suffixes):
            try:
                check_zip(data)  # an .xlsx or .docx is a zip: its declared sizes bound what is inflated
                return read(data, file_name)
            except (excel_source.ExcelError, word_source.WordError, LimitExceeded) as exc:
                raise LoadError(str(exc)) from exc
    try:
        return read_text(data, file_name)  # also refuses binary content and unknown encodings
    except ValueError as exc:
        raise LoadError(str(exc)) from exc


def extract_bytes(data: bytes, file_name: str, workers: int = 1) -> Extracted:
    return parse_document(read_document(data, file_name, workers))


def parse_document(doc: Document) -> Extracted:
    """What a read document says (extract), refused when it is not a budget report."""
    ex = extract(doc)
    if ex.info.doc_kind is None or not (ex.facts.tables or ex.info.unit_name):
        raise LoadError("不是部门预算或决算报告（未找到“部门决算/部门预算”等标题，也没有可读的预算表）")
    if ex.part:
        ex.text = pairs.text_lines(doc)  # read again (a narrative) or looked through (its 目录's tables) once paired
    doc.blocks = []  # the parsed facts are what travels back from a worker
    return ex


def _read_file(path: str, name: str | None = None, workers: int = 1) -> tuple[Document | None, str | None]:
    """Read one file (in a reader process); name is the file name to record, the path's by default;
    workers the processes that may read its scanned pages."""
    return _answer(lambda: read_document(Path(path).read_bytes(), name or Path(path).name, workers))


def _parse_file(doc: Document) -> tuple[Extracted | None, str | None]:
    """Parse one read file (in a parser process)."""
    return _answer(lambda: parse_document(doc))


def _answer(work: Callable[[], object]) -> tuple[object | None, str | None]:
    """(work(), None), or (None, the Chinese reason) when it fails; a MemoryError is left to the
    process it runs in (child.Reader names it)."""
    try:
        return work(), None
    except LoadError as exc:
        return None, str(exc)
    except MemoryError:
        raise
    except Exception as exc:  # an unexpected failure still names the file
        return None, f"解析失败（{type(exc).__name__}: {exc}）"


TEXT_ONLY = "仅文字（表格在配套文件中）"
READ_WITH_TABLES = "仅文字，与已导入的表格文件合为一份报告读取"


def describe(ex: Extracted) -> str:
    info = ex.info
    read = (TEXT_ONLY if ex.part == "narrative"
            else f"表 {len(ex.facts.tables)} 张，数据 {ex.facts.count()} 条")
    return (f"{info.unit_name}，{info.fiscal_year}年，{DOC_KINDS.get(info.doc_kind, '?')}，{read}"
            + notes_of(ex.status, "；".join(ex.facts.problems)))


def notes_of(status: str | None, problems: str | None) -> str:
    """The note a file's line ends with: a template, what was read in part, or what it read elsewhere."""
    if status == "template":
        return "（模板或占位单位名称，不计入各页面）"
    if status != "ok":
        return f"（部分解析：{problems}）"
    return f"（{problems}）" if problems else ""


def settle_statuses(con, results: list[FileResult]) -> None:
    """A file of a report published as two may have read what it lacked from its companion, loaded
    after it (pairs.join): its result then says how it stands now, and a narrative part whose tables
    file is loaded (in this load or before) is one report read whole, no longer text only."""
    ids = [r.doc_id for r in results if r.ok and not r.skipped and r.doc_id]
    stored = {d: (s, p) for d, s, p in con.execute(
        "SELECT doc_id, parse_status, problems FROM documents WHERE list_contains(?, doc_id)", [ids]).fetchall()}
    paired = {d for (d,) in con.execute(
        "SELECT n.doc_id FROM documents n WHERE list_contains(?, n.doc_id) AND n.part = 'narrative' AND EXISTS ("
        "  SELECT 1 FROM documents t WHERE t.unit_id = n.unit_id AND t.doc_kind = n.doc_kind AND t.part = 'tables'"
        "  AND t.fiscal_year IS NOT DISTINCT FROM n.fiscal_year AND t.parse_status NOT IN ('failed', 'template'))",
        [ids]).fetchall()}
    for res in results:
        if res.doc_id not in stored or res.skipped or not res.ok:
            continue
        if res.doc_id in paired:
            res.paired, res.message = True, res.message.replace(TEXT_ONLY, READ_WITH_TABLES, 1)
        status, problems = stored[res.doc_id]
        before, after = notes_of(res.status, res.problems), notes_of(status, problems)
        if (status, problems or "") != (res.status, res.problems or "") and before in res.message:
            res.message = res.message.replace(before, after, 1) if before else res.message + after
            res.status, res.problems = status, problems


def version_notes(con, doc_ids: list[str]) -> dict[str, str]:
    """'与已导入的 a.pdf 为同一报告的不同版本，当前使用 b.pdf' for each of the documents whose report has
    other versions (one query for a whole load)."""
    rows = con.execute(f"""
        SELECT d.doc_id, v.doc_id, v.file_name FROM document_versions v JOIN document_versions d
          ON ({report_key('v')}) = ({report_key('d')})
        WHERE list_contains(?, d.doc_id) ORDER BY d.doc_id, v.version_rank""", [doc_ids]).fetchall()
    groups: dict[str, list[tuple[str, str]]] = {}
    for doc_id, other, name in rows:
        groups.setdefault(doc_id, []).append((other, name))
    return {doc_id: f"与已导入的 {'、'.join(n for o, n in group if o != doc_id)} 为同一报告的不同版本，当前使用 {group[0][1]}"
            for doc_id, group in groups.items() if len(group) > 1}


def ingest(paths: list[Path], db_path: str, workers: int = 1,
           on_result: Callable[[FileResult], None] | None = None,
           names: dict[Path, str] | None = None,
           on_page: Callable[[str, int, int], None] | None = None) -> list[FileResult]:
    """Load files into the database, each file inside a .zip as a file of its own (archive.py);
    results come back as files are settled: what is refused before reading (an archive that cannot be
    opened, a file already loaded) first, then the files read, in input order.

    names gives the file name to record for a path (an upload saved under its hash keeps the name
    the user gave, as text). on_page(file name, pages done, pages in all) is told of each page of a
    scanned file read by OCR (done 0 when its reading starts).

    The database is opened only to check and to store each document, never while parsing, so the
    dashboard can read between documents."""
    limits = Limits.from_env()  # a setting that cannot be read is said before the database is touched
    files.check(db_path)
    results: list[FileResult] = []
    names = dict(names or {})

    def report(res: FileResult) -> None:
        results.append(res)
        if on_result:
            on_result(res)

    # the files inside .zip archives; no folder when there is none, so a load that is killed leaves nothing behind
    archives = any(archive.is_archive(names.get(p, p.name)) for p in paths)
    with tempfile.TemporaryDirectory(prefix="budget-lens-zip-") if archives else nullcontext() as folder:
        paths = _unpacked(paths, names, folder, limits, report)
        todo: list[Path] = []
        batch: dict[str, str] = {}
        with _opened_if_any(db_path) as con:
            for path in paths:
                res = _precheck(con, path, names.get(path, path.name), batch)
                if res is None:
                    todo.append(path)
                else:
                    report(res)
        todo_names = [names.get(p, p.name) for p in todo]
        with _Writer(db_path) as writer, _children(workers, limits) as children:
            for path, name, ((ex, error), more) in zip(todo, todo_names, _run(todo, todo_names, children, on_page)):
                if ex is None:
                    report(FileResult(name, False, error))
                else:
                    files.keep(db_path, ex.doc.sha256, path, ex.doc.source)  # before storing: a stored document has its file
                    record(writer.connection(), ex)
                    report(FileResult(name, True, describe(ex), doc_id=ex.doc.doc_id, status=ex.status,
                                      problems="；".join(ex.facts.problems), tables=len(ex.facts.tables),
                                      part=ex.part))
                if not more:
                    writer.release()
            con = writer.connection()
            apply_aliases(con)  # before the versions are named: an alias can make two units one
            settle_statuses(con, results)
            notes = version_notes(con, [r.doc_id for r in results if r.ok and r.doc_id])
            for res in results:
                if res.doc_id in notes:
                    res.message += f"。{notes[res.doc_id]}"
    return results


def _unpacked(paths: list[Path], names: dict[Path, str], folder: str | None, limits: Limits,
              report) -> list[Path]:
    """The paths with each .zip replaced by the files inside it (archive.py), unpacked into folder
    (given when there is an archive), each named 'archive.zip/inner name' in names; an archive or
    member that cannot be read is reported."""
    out: list[Path] = []
    for k, path in enumerate(paths):
        name = names.get(path, path.name)
        if not archive.is_archive(name):
            out.append(path)
            continue
        try:
            if path.stat().st_size > MAX_BYTES:
                raise archive.ArchiveError(f"文件大小 {path.stat().st_size / 1024 / 1024:.1f} MB 超过上限 "
                                           f"{MAX_BYTES // 1024 // 1024} MB")
            inside = Path(folder) / str(k)
            inside.mkdir()
            got = archive.unpack(path.read_bytes(), name, inside, SUFFIXES, MAX_BYTES, limits)
        except OSError as exc:
            report(FileResult(name, False, f"无法读取文件（{exc.strerror or exc}）"))
            continue
        except archive.ArchiveError as exc:
            report(FileResult(name, False, str(exc)))
            continue
        for shown, reason in got.refused:
            report(FileResult(shown, False, reason))
        for shown, member in got.files:
            names[member] = shown
            out.append(member)
    return out


@contextmanager
def _opened_if_any(db_path: str):
    """The database, to look up what is loaded already; None when there is no file yet (nothing is):
    a new database is then made by the first store, while the next file is read, not before the
    first file is read."""
    if not os.path.lexists(db_path):
        yield None
        return
    with opened(db_path) as con:
        yield con


def _precheck(con, path: Path, name: str, batch: dict[str, str]) -> FileResult | None:
    """Unreadable, already-loaded or repeated files are settled before any parsing (con: the
    database, None when there is none yet).

    batch maps the doc_ids of this run's earlier files to their names: the same content twice in
    one run is loaded once."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return FileResult(name, False, f"无法读取文件（{exc.strerror or exc}）")
    if size > MAX_BYTES:
        return FileResult(name, False, f"文件大小 {size / 1024 / 1024:.1f} MB 超过上限 {MAX_BYTES // 1024 // 1024} MB")
    doc_id = sha256_of(path.read_bytes())[:16]
    if con is not None and has_document(con, doc_id):
        return FileResult(name, True, "已加载过（内容相同），跳过", doc_id=doc_id, skipped=True)
    if doc_id in batch:
        return FileResult(name, True, f"与本次导入的 {batch[doc_id]} 内容相同，跳过", doc_id=doc_id, skipped=True)
    batch[doc_id] = name
    return None


@contextmanager
def _children(workers: int, limits: Limits):
    """The child processes of a load (child.py), two per worker: each reads a file or parses one
    read before, whichever comes next, so that one file is parsed while the next is read and
    neither step waits for a process kept for the other (reading takes about twice as long as
    parsing). Started by _run before its threads, all stopped when the load ends, however it ends."""
    processes = [child.Reader(limits) for _ in range(2 * max(1, workers))]
    try:
        yield processes
    finally:
        for process in processes:
            process.close()


def _run(paths: list[Path], names: list[str], processes: list[child.Reader], on_page=None):
    """Each file read by one of the processes, then parsed by one (the same or the other, the
    document passed through this process), under the limits (limits.py, child.py), one step per
    process at a time; results in input order. A file's scanned pages are read by as many
    processes as its share of the workers (one file and two workers: two processes OCR its
    pages)."""
    workers = len(processes) // 2
    pages = max(1, workers // max(1, min(workers, len(paths))))
    jobs = [(str(p), name, pages) for p, name in zip(paths, names)]
    # one file alone has nothing to be read while it is parsed: one process reads and parses it
    started = processes[:min(len(processes), len(jobs))]
    idle: queue.SimpleQueue = queue.SimpleQueue()
    for process in started:
        idle.put(process)

    def in_turn(func, args, task: str, told=None):
        process = idle.get()
        try:
            return process.run(func, args, told, task)
        finally:
            idle.put(process)

    pages_told: queue.SimpleQueue = queue.SimpleQueue()  # (file name, done, total), from the threads below

    def load(job, tell=pages_told.put):
        told = (lambda p: tell((job[1], p.done, p.total))) if on_page else None
        doc, error = in_turn(_read_file, job, "读取", told)
        return (None, error) if doc is None else in_turn(_parse_file, (doc,), "解析")

    def tell_pages() -> None:
        while not pages_told.empty():
            on_page(*pages_told.get())

    for process in started:
        process.start()  # here, before the threads below: no lock of theirs is copied into a child
    if len(jobs) <= 1:  # in this thread, each page told as it is read
        yield from ((load(job, lambda told: on_page(*told)), True) for job in jobs)
        return
    # Threads only wait for their processes, one thread per process; the caller stores meanwhile,
    # and is told of scanned pages here, in its own thread (a page's progress bar can only be drawn
    # from its own). With each result comes whether the next is ready too (or this is the last):
    # whether the caller should keep the database open.
    with ThreadPoolExecutor(max_workers=len(started)) as pool:
        futures = [pool.submit(load, job) for job in jobs]
        for i, future in enumerate(futures):
            while not _done(future, PAGE_NEWS if on_page else None):
                tell_pages()
            tell_pages()
            yield future.result(), i + 1 == len(futures) or futures[i + 1].done()


PAGE_NEWS = 0.2  # seconds between looks for scanned pages read while a file's result is awaited


def _done(future, wait: float | None) -> bool:
    try:
        future.exception(timeout=wait)
    except TimeoutError:
        return False
    return True


class _Writer:
    """The database connection of a load, opened when a document is to be stored and released
    whenever no other file's result is waiting, so the dashboard can read while files are parsed;
    results that are ready together are stored under one opening (each still its own transaction)."""

    def __init__(self, path: str) -> None:
        self.path, self.con = path, None

    def connection(self):
        if self.con is None:
            self.con = connect(self.path)
        return self.con

    def release(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def __enter__(self) -> "_Writer":
        return self

    def __exit__(self, *exc) -> None:
        self.release()
