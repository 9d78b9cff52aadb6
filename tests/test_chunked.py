"""Chunked cohorts (hs.simulate(..., chunk_size=N)): summaries equal those of the whole run,
the same with and without Dask, and bad input is refused by name."""
import importlib.util
import os

import numpy as np
import pytest

import hormonesim as hs
from hormonesim.chunked import KINDS, _summarise_result

PLAN = hs.dose("testosterone_cypionate", 100, "mg", every="7d")


def require_dask():
    """The Dask path is tested wherever dask and distributed are installed. They are optional
    for hormonesim and the book (requirements.txt does not list them), so elsewhere the test
    skips, naming what to install; with CI=true (.ci/run installs requirements-test.txt, which
    pins them) a missing Dask fails the test instead of silently skipping it."""
    missing = [m for m in ("dask", "distributed") if importlib.util.find_spec(m) is None]
    if not missing:
        return
    message = (f"{' and '.join(missing)} not installed: the Dask path of chunked cohorts is "
               f"optional; pip install -r requirements-test.txt to test it")
    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        pytest.fail(f"{message} (CI=true: the Dask test is required, not optional)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def cohort():
    return hs.population(hs.MaleHPG(), n=23, seed=4, bmi=(29, 4))


@pytest.fixture(scope="module")
def spec(cohort):
    return hs.Summaries(outputs=("testosterone", "estradiol", "lh"),
                        targets={"estradiol": (10.0, 40.0), "lh": (1.0, 9.0)}).resolved(
                            cohort.model)


@pytest.fixture(scope="module")
def chunked(cohort, spec):
    return hs.simulate(cohort, PLAN, duration="3w", chunk_size=6, summaries=spec)


def test_chunked_summaries_equal_the_whole_run(cohort, spec, chunked):
    whole = hs.simulate(cohort, PLAN, duration="3w")
    expected = _summarise_result(whole, spec, chunked.window_h)
    assert chunked.n_chunks == 4 and len(chunked) == 23
    assert chunked.window_h == 168.0                   # the plan's dosing interval
    for (kind, name), values in expected.items():
        got = (chunked.daily_mean(name)[1] if kind == "daily_mean"
               else chunk_api(kind)(chunked, name))
        # a chunk of one subject steps on floats, the others on arrays: equal to rounding
        np.testing.assert_allclose(got, values, rtol=1e-12, atol=0, err_msg=f"{kind} {name}")
    days, daily = chunked.daily_mean("testosterone")
    assert daily.shape == (23, 21) and list(days) == list(range(21))
    # the summaries mean what they say, checked on subject 5 from its own time series
    t5 = whole["testosterone"][5]
    w = whole.t_hours >= whole.t_hours[-1] - 168.0 - 1e-9
    assert chunked.trough("testosterone")[5] == pytest.approx(t5[w].min())
    assert chunked.peak("testosterone")[5] == pytest.approx(t5[w].max())
    assert chunked.average("testosterone")[5] == pytest.approx(t5[w].mean())
    inside = np.mean((t5[w] >= 450) & (t5[w] <= 700))
    assert chunked.time_in_range("testosterone")[5] == pytest.approx(inside)
    assert 0 < np.mean(chunked.time_in_range("testosterone")) < 1


def chunk_api(kind):
    return {"trough": hs.CohortSummary.trough, "average": hs.CohortSummary.average,
            "peak": hs.CohortSummary.peak, "time_in_range": hs.CohortSummary.time_in_range}[kind]


def test_chunking_does_not_change_any_subject(cohort, spec, chunked):
    """Cut differently (sizes 23, 5, 1), every subject's summaries are the same."""
    for size in (23, 5):
        other = hs.simulate(cohort, PLAN, duration="3w", chunk_size=size, summaries=spec)
        for name in spec.outputs:
            np.testing.assert_allclose(other.average(name), chunked.average(name), rtol=1e-12)
            np.testing.assert_allclose(other.daily_mean(name)[1], chunked.daily_mean(name)[1],
                                       rtol=1e-12)


def test_chunked_noise_follows_the_subject_not_the_chunk():
    """A model with random parts (FemaleHPO's follicle noise) gives each subject the same
    draws whichever chunk it lands in."""
    women = hs.population(hs.FemaleHPO(age=30), n=7, seed=2, spreads={"follicle_capacity": 0.15})
    spec = hs.Summaries(outputs=("estradiol",), kinds=("average", "peak", "daily_mean"))
    a = hs.simulate(women, None, duration="30d", chunk_size=3, summaries=spec, seed=11)
    b = hs.simulate(women, None, duration="30d", chunk_size=7, summaries=spec, seed=11)
    np.testing.assert_allclose(a.daily_mean("estradiol")[1], b.daily_mean("estradiol")[1],
                               rtol=1e-12)
    c = hs.simulate(women, None, duration="30d", chunk_size=3, summaries=spec, seed=12)
    assert not np.allclose(a.peak("estradiol"), c.peak("estradiol"))


def test_dask_gives_the_single_process_numbers(cohort, spec, chunked):
    require_dask()
    import distributed
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = hs.simulate(cohort, PLAN, duration="3w", chunk_size=6, summaries=spec,
                             client=client)
    assert remote.n_chunks == chunked.n_chunks
    for name in spec.outputs:
        for kind in KINDS:
            if kind == "daily_mean":
                assert np.array_equal(remote.daily_mean(name)[1], chunked.daily_mean(name)[1])
            else:
                assert np.array_equal(chunk_api(kind)(remote, name), chunk_api(kind)(chunked, name))


def test_summaries_are_read_only_and_only_what_was_kept(cohort):
    s = hs.simulate(cohort[:4], PLAN, duration="2w", chunk_size=2, summaries=["average"])
    assert s.average("testosterone").shape == (4,)
    with pytest.raises(ValueError):
        s.average("testosterone")[0] = 1.0
    with pytest.raises(ValueError, match="did not keep 'peak'"):
        s.peak("testosterone")
    with pytest.raises(ValueError, match="output"):
        s.average("estradiol")
    assert [row["summary"] for row in s.table()] == ["average"]


@pytest.mark.parametrize("kwargs, err, match", [
    ({"chunk_size": 0}, ValueError, "chunk_size"),
    ({"chunk_size": 2.5}, TypeError, "chunk_size"),
    ({"chunk_size": 5, "summaries": ["median"]}, ValueError, "summary kind"),
    ({"chunk_size": 5, "summaries": 3}, TypeError, "summaries"),
    ({"chunk_size": 5, "summaries": hs.Summaries(outputs=("cortisol",))}, ValueError, "output"),
    ({"chunk_size": 5, "summaries": hs.Summaries(outputs=("lh",))}, ValueError, "target range"),
    ({"chunk_size": 5, "summaries": hs.Summaries(window="9w")}, ValueError, "window"),
    ({"summaries": ["average"]}, ValueError, "chunk_size"),
    ({"client": object()}, ValueError, "chunk_size"),
    ({"chunk_size": 5, "client": object()}, TypeError, "Client"),
])
def test_bad_chunked_input_is_refused_by_name(cohort, kwargs, err, match):
    with pytest.raises(err, match=match):
        hs.simulate(cohort, PLAN, duration="2w", **kwargs)


def test_chunk_size_needs_a_cohort():
    with pytest.raises(TypeError, match="cohort"):
        hs.simulate(hs.MaleHPG(), PLAN, duration="1w", chunk_size=10)


def test_targets_must_be_ranges():
    with pytest.raises(ValueError, match="low must be below high"):
        hs.Summaries(targets={"testosterone": (700, 450)})


def test_hormonesim_and_chunked_runs_need_no_dask():
    """Dask stays optional: with dask and distributed unimportable, hormonesim imports and a
    chunked run in this process works; only client= would need a Dask Client."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "sys.modules['dask'] = None\n"          # any import of dask now raises ImportError
        "sys.modules['distributed'] = None\n"
        "import hormonesim as hs\n"
        "cohort = hs.population(hs.MaleHPG(), n=4, seed=1)\n"
        "s = hs.simulate(cohort, hs.dose('testosterone_cypionate', 100, 'mg', every='7d'),\n"
        "                duration='2w', chunk_size=3, summaries=['average'])\n"
        "print(s.n_chunks, s.average('testosterone').shape)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["2", "(4,)"]
