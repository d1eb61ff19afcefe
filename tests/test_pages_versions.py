"""What the pages say about the documents they use: 示例数据 while only samples are shown, the
samples gone once a real report is loaded, versions of one report named and chosen in 数据管理,
templates in no selector."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import db
from loaders.run.ingest import ingest
from loaders.run.samples import FOLDER, MANIFEST

from .reports import clean, damaged, tiny_final_report

pytestmark = pytest.mark.slow  # every test loads reports and runs every page
ROOT = Path(__file__).resolve().parents[1]


def page(name: str) -> AppTest:
    db._cached.clear()
    return AppTest.from_file(str(ROOT / "pages" / name), default_timeout=90).run()


def units_offered(at: AppTest) -> list[str]:
    return list(at.sidebar.multiselect(key="unit").options)


@pytest.fixture
def samples_db(tmp_path, monkeypatch):
    if not MANIFEST.is_file():
        pytest.skip("data/samples has no SHA256SUMS")
    path = str(tmp_path / "s.duckdb")
    assert all(r.ok for r in ingest(sorted(FOLDER.glob("*.txt")), path))  # two samples: quick to load
    monkeypatch.setenv("BUDGET_LENS_DB", path)
    monkeypatch.setenv("BUDGET_LENS_OPEN_WRITES", "1")  # the admin switches need writes open (single-user run)
    return path


def test_every_page_says_sample_data_until_a_real_report_is_loaded(samples_db, tmp_path):
    for name in ("overview.py", "structure.py", "sangong.py", "manage.py"):
        at = page(name)
        assert not at.exception, name
        assert any(w.value.startswith("示例数据") for w in at.warning), name
    (tmp_path / "real.txt").write_bytes(tiny_final_report())
    assert ingest([tmp_path / "real.txt"], samples_db)[0].ok
    at = page("overview.py")
    assert not any(w.value.startswith("示例数据") for w in at.warning)
    assert all(not str(u).startswith("示例") for u in units_offered(at))
    manage = page("manage.py")
    assert "否（示例数据，已隐藏）" in set(manage.dataframe[0].value["页面使用"])
    manage.toggle(key="show_samples").set_value(True).run()  # the switch brings them back
    assert any(str(u).startswith("示例") for u in units_offered(page("overview.py")))


@pytest.fixture
def versions_db(tmp_path, monkeypatch):
    path = str(tmp_path / "v.duckdb")
    (tmp_path / "clean.txt").write_bytes(clean())
    (tmp_path / "later.txt").write_bytes(damaged())
    (tmp_path / "template.txt").write_bytes(tiny_final_report(unit="上海市XX局"))
    ingest([tmp_path / "clean.txt", tmp_path / "later.txt", tmp_path / "template.txt"], path)
    monkeypatch.setenv("BUDGET_LENS_DB", path)
    monkeypatch.setenv("BUDGET_LENS_OPEN_WRITES", "1")  # the admin switches need writes open (single-user run)
    return path


def test_pages_name_the_version_in_use_and_an_admin_chooses_another(versions_db):
    at = page("overview.py")
    assert not at.exception
    assert any("有 2 个版本，当前使用 clean\\.txt" in w.value for w in at.sidebar.warning)
    assert not any("XX局" in str(u) for u in units_offered(at))  # the template is in no selector
    manage = page("manage.py")
    assert [s.value for s in manage.subheader].count("模板与占位单位") == 1
    versions = next(d.value for d in manage.dataframe if "当前使用" in d.value.columns)
    assert list(versions["文件"]) == ["clean.txt", "later.txt"]
    later = versions.loc[versions["文件"] == "later.txt", "文档编号"].iloc[0]
    manage.selectbox(key="choose_version").set_value(later).run()
    manage.button(key="choose_version_button").click().run()
    assert not manage.exception
    assert manage.success[0].value.startswith("各页面现在使用：")
    at = page("overview.py")
    assert any("当前使用 later\\.txt（管理员指定）" in w.value for w in at.sidebar.warning)
