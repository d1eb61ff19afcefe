"""The report factory: figures validate themselves, scaling keeps every sum, output is deterministic,
and data/samples/ is exactly what `python -m factory samples` writes."""
from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from factory.__main__ import main
from factory.figures import FigureError, from_dict, rollup, validate
from factory.pdf import render_pdf
from factory.samples import MANIFEST, NOTICE, OUT, manifest, sample_files, sample_reports
from factory.text import render_text
from factory.vary import FIGURES, bundled, scaled, varied

D = Decimal


def raw(stem: str) -> dict:
    return json.loads((FIGURES / f"{stem}.json").read_text(encoding="utf-8"))


def identities(r) -> None:
    """The sums a report prints, recomputed from its parts."""
    assert r.income_total + r.carry_in == r.total + r.carry_out
    basic = sum(x.basic for x in r.general)
    totals = r.economic_totals()
    assert totals["personnel"] + totals["public"] == basic
    rows = rollup(r.leaves, "total", "basic", "project")
    assert rows[0]["total"] == sum(row["total"] for row in rows if row["level"] == 1) == r.total
    assert all(row["total"] == row["basic"] + row["project"] for row in rows)
    for s in filter(None, (r.sangong_budget, r.sangong_actual)):
        assert s.total == s.overseas + s.vehicle_purchase + s.vehicle_operation + s.reception
    if r.kind == "budget":
        assert sum(p.total for p in r.projects) == sum(x.project for x in r.leaves)


def test_seed_figures_carry_the_seed_totals():
    final, budget, old = (from_dict(raw(s)) for s in ("jiyuan_office_2023_final", "jiyuan_office_2026_budget",
                                                      "jiyuan_service_center_2021_final"))
    assert (final.total, final.income_total, final.carry_in, final.other_income) == (
        D("3088.57"), D("2643.57"), D("445.00"), D("0.42"))
    assert (final.sangong_budget.total, final.sangong_actual.vehicle) == (D("36.76"), D("22.37"))
    assert [e.score for e in final.evaluations][:2] == [D("99.21"), D("98.06")]
    assert (budget.total, budget.general_total, budget.carry_in) == (D("5667.90"), D("4459.90"), D("60.00"))
    assert budget.economic_totals() == {"personnel": D("2856.00"), "public": D("228.60")}
    assert (old.total, old.sangong_actual.total) == (D("1669.02"), D("1.20"))


@pytest.mark.parametrize("report", bundled(), ids=lambda r: f"{r.layout}-{r.year}")
def test_bundled_figures_add_up(report):
    identities(report)


@pytest.mark.parametrize("stem, change, words", [
    ("jiyuan_office_2023_final", lambda d: d["general"][0].update(basic=99999), "exceed"),
    ("jiyuan_office_2023_final", lambda d: d["economic"][0].update(amount=1), "economic"),
    ("jiyuan_office_2023_final", lambda d: d["evaluations"][0]["indicators"][0].update(weight=1), "weights"),
    ("jiyuan_office_2023_final", lambda d: d["leaves"][0].update(code="9990101"), "not a known"),
    ("jiyuan_office_2026_budget", lambda d: d["projects"][0].update(general=1), "项目支出表"),
    ("jiyuan_office_2026_budget", lambda d: d.update(layout="final2023"), "layout"),
])
def test_validation_names_what_does_not_add_up(stem, change, words):
    d = copy.deepcopy(raw(stem))
    change(d)
    with pytest.raises(FigureError, match=words):
        from_dict(d)


@pytest.mark.parametrize("factor", ["0.333", "1.0007", "7.9"])
def test_scaling_keeps_every_sum(factor):
    for r in bundled():
        out = scaled(r, factor, "示例县测试局", 2019)
        assert (out.unit, out.year) == ("示例县测试局", 2019)
        identities(validate(out))
        assert abs(out.total - r.total * D(factor)) < D("0.01") * (len(r.leaves) + 1)


def test_varied_is_deterministic_and_adds_up():
    first = list(varied(6, 3, seed=7))
    assert first == list(varied(6, 3, seed=7))
    assert first != list(varied(6, 3, seed=8))
    assert len(first) == 18 and len({r.unit for r in first}) == 6
    assert sorted({r.year for r in first}) == [2015, 2016, 2017]
    assert {r.kind for r in first} == {"final", "budget"}
    for r in first:
        identities(r)
    assert len({r.unit for r in varied(300, 1)}) == 300


def test_output_is_deterministic_and_the_same_in_both_formats():
    r = bundled()[0]
    assert render_pdf(r) == render_pdf(r)
    text = render_text(r).decode("utf-8")
    for title in ("收入支出决算总表", "一般公共预算财政拨款基本支出决算明细表", "财政拨款“三公”经费支出决算表",
                  "项目支出绩效自评表", "完成年初预算的102.18%"):
        assert title in text
    assert "2,085.44\t1,533.83\t551.61" in text  # 201 一般公共服务支出 = Σ of its 项


@pytest.mark.slow
def test_bundled_samples_are_what_the_factory_writes():
    files = sample_files()
    on_disk = {p.name: p.read_bytes() for p in OUT.iterdir() if p.suffix in (".pdf", ".txt")}
    assert sorted(on_disk) == sorted(files)
    changed = [name for name, data in files.items() if on_disk[name] != data]
    assert not changed, f"run `python -m factory samples`: {changed} differ"
    assert (OUT / MANIFEST).read_bytes() == manifest(files)
    assert sum(len(d) for d in files.values()) < 2 * 1024 * 1024
    assert sum(name.endswith(".pdf") for name in files) >= 6


@pytest.mark.slow
def test_cli_writes_samples(tmp_path, capsys):
    assert main(["samples", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*sample_files(), MANIFEST])
    assert "共 13 个文件" in capsys.readouterr().out


@pytest.mark.corpus
def test_samples_are_fictional_and_say_so(corpus):
    """No sample names a real unit or region: every unit is 示例…, no unit or region of a real
    report (the corpus gold) appears anywhere in a sample's text, and each report prints the notice."""
    import json

    gold = [json.loads(p.read_text(encoding="utf-8"))["document"] for p in corpus.rglob("gold/*.json")]
    places = {g["region"] for g in gold if g.get("region")} - {"中央"}  # 中央 names no place: any report may say it
    real = {g["unit_name"] for g in gold} | places | {"济源", "三门峡"}
    assert {r.unit[:2] for r in sample_reports()} == {"示例"}
    for report in sample_reports():
        text = render_text(report).decode("utf-8")
        assert NOTICE in text
        assert not [name for name in real if name in text], report.unit
