"""A .zip holding a report's files (the 公开文件 and 公开表格, or a report in several forms): each
file inside is loaded as a file of its own, named 'archive.zip/inner name'; a narrative and a tables
file of one report pair up as any two files do (pairs.py).

The archive is opened before any reader starts, so it is bounded here: the sizes its members declare
(zipfile inflates no more than that) must stay under the inflate limit (limits.check_zip), at most
MAX_MEMBERS files are taken, a member larger than the file-size limit is refused by name, and archives
inside the archive are not opened. Names written by Chinese Windows (GBK, without the zip's UTF-8
flag) are decoded as GBK.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..run.limits import Limits, check_zip

MAX_MEMBERS = 200
_UTF8_FLAG = 0x800


@dataclass
class Unpacked:
    files: list[tuple[str, Path]] = field(default_factory=list)  # (name to record, the member's bytes on disk)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (name, Chinese reason)


class ArchiveError(ValueError):
    """A .zip that cannot be opened; str() is the Chinese reason."""


def is_archive(name: str) -> bool:
    return name.lower().endswith(".zip")


def unpack(data: bytes, name: str, folder: Path, suffixes: tuple[str, ...], max_bytes: int,
           limits: Limits | None = None) -> Unpacked:
    """The members of the archive with a suffix loaded, each written to folder under a name of its
    own; members refused, each with why. ArchiveError when the archive itself cannot be read."""
    from ..run.limits import LimitExceeded

    try:
        check_zip(data, limits)
        archive = zipfile.ZipFile(io.BytesIO(data))
    except LimitExceeded as exc:
        raise ArchiveError(str(exc)) from exc
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ArchiveError("不是有效的 zip 压缩包或文件已损坏") from exc
    out = Unpacked()
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        others = []
        for member in members:
            inner = _name(member)
            shown = f"{name}/{inner}"
            suffix = PurePosixPath(inner).suffix.lower()
            if suffix not in suffixes or is_archive(inner):
                others.append(PurePosixPath(inner).name)
            elif len(out.files) >= MAX_MEMBERS:
                out.refused.append((shown, f"压缩包中的文件超过 {MAX_MEMBERS} 个，其余未导入"))
                break
            elif member.flag_bits & 0x1:
                out.refused.append((shown, "压缩包中的该文件已加密（需要密码），无法读取"))
            elif member.file_size > max_bytes:
                out.refused.append((shown, f"文件大小 {member.file_size / 1024 / 1024:.1f} MB 超过上限 "
                                           f"{max_bytes // 1024 // 1024} MB"))
            else:
                try:
                    content = archive.read(member)
                except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
                    out.refused.append((shown, f"压缩包中的该文件已损坏，无法解压（{type(exc).__name__}）"))
                    continue
                path = folder / f"{len(out.files):03d}{suffix}"
                path.write_bytes(content)
                out.files.append((shown, path))
    if not out.files and not out.refused:
        listed = "、".join(others[:5]) + ("等" if len(others) > 5 else "")
        raise ArchiveError("压缩包中没有可导入的报告文件（PDF、Word、Excel、HTML 或 .txt）"
                           + (f"，只有：{listed}" if others else "，压缩包是空的"))
    return out


def _name(member: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: a name without the UTF-8 flag is usually GBK."""
    if member.flag_bits & _UTF8_FLAG:
        return member.filename
    raw = member.filename.encode("cp437", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return member.filename
