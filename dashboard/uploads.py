"""Where uploads wait to be read: temporary folders that never outlive their server.

Each folder is named after the server's process id. A folder is removed when its upload is loaded,
every folder of this server when it exits, and at start those of servers no longer running (a
killed server cannot clean up after itself). Folders of another server still running are left alone.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

PREFIX = "budget-lens-upload-"


def _pid_of(folder: Path) -> int | None:
    try:
        return int(folder.name[len(PREFIX):].split("-", 1)[0])
    except ValueError:
        return None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # no signal sent: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        pass
    return True


def sweep(root: str | None = None) -> list[Path]:
    """Remove the upload folders left by servers that are not running; returns them."""
    gone = []
    for folder in Path(root or tempfile.gettempdir()).glob(PREFIX + "*"):
        pid = _pid_of(folder)
        if folder.is_dir() and (pid is None or (pid != os.getpid() and not _running(pid))):
            shutil.rmtree(folder, ignore_errors=True)
            gone.append(folder)
    return gone


def _remove_own(root: str | None = None) -> None:
    for folder in Path(root or tempfile.gettempdir()).glob(f"{PREFIX}{os.getpid()}-*"):
        shutil.rmtree(folder, ignore_errors=True)


atexit.register(_remove_own)
sweep()  # once per server, when it first imports this module (streamlit_app.py does at start)


@contextmanager
def folder():
    """A fresh folder for one batch of uploads, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-") as path:
        yield Path(path)
