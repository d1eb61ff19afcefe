"""Text exports in the encodings Windows and WPS save: UTF-16 ("Unicode text", with or without a mark)
and GBK load with the same facts as UTF-8; other encodings are refused naming the guessed one."""
from __future__ import annotations

import duckdb
import pytest

from loaders.run.cli import main

from .reports import tiny_final_report

TRADITIONAL = ("臺北市政府財政局中華民國一一二年度部門決算\n預算執行情況說明\t金額單位：萬元\n"
               "一般公共服務支出\t行政運行\t機關服務\n") * 20


def facts(db: str) -> list:
    with duckdb.connect(db, read_only=True) as con:
        return con.execute("SELECT code, name, total, basic, project FROM expenditure_function ORDER BY code").fetchall()


@pytest.fixture(scope="module")
def utf8_facts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("utf8")
    (folder / "r.txt").write_bytes(tiny_final_report())
    assert main(["ingest", "--db", str(folder / "u.duckdb"), str(folder / "r.txt")]) == 0
    return facts(str(folder / "u.duckdb"))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "gbk", "gb18030", "utf-8-sig"])
def test_encodings_load_with_the_same_facts(tmp_path, utf8_facts, encoding):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(tiny_final_report().decode("utf-8").encode(encoding))
    assert main(["ingest", "--db", str(tmp_path / "t.duckdb"), str(path)]) == 0
    assert facts(str(tmp_path / "t.duckdb")) == utf8_facts and len(utf8_facts) == 5


@pytest.mark.parametrize("encoding, named", [("big5", "Big5（繁体中文）"), ("cp1252", None)])
def test_other_encodings_are_refused_naming_the_guess(tmp_path, capsys, encoding, named):
    text = TRADITIONAL if encoding == "big5" else "Budget café naïve résumé déjà vu\n" * 20
    path = tmp_path / "x.txt"
    path.write_bytes(text.encode(encoding))
    assert main(["ingest", "--db", str(tmp_path / "t.duckdb"), str(path)]) == 1
    out = capsys.readouterr().out
    assert "✗ x.txt：文本编码看起来是 " in out and "请另存为 UTF-8 后再导入" in out
    if named:
        assert named in out


def test_binary_content_is_still_refused(tmp_path, capsys):
    path = tmp_path / "b.txt"
    path.write_bytes(bytes(range(256)) * 40)
    assert main(["ingest", "--db", str(tmp_path / "t.duckdb"), str(path)]) == 1
    assert "不是文本文件（含二进制内容）" in capsys.readouterr().out
