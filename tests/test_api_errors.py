"""Bad input gets the library's own clear error, never a raw Python/numpy one or a silent answer.

Two parts:

* one regression test per "plausible wrong answer" reproduced in issue 18 (each named after
  the case);
* property-based tests (hypothesis) that feed random bad values (wrong types, NaN, infinity,
  negative, huge, strings, Fractions, None) to each parameter of the public API and accept only
  a ValueError, TypeError or KeyError raised inside hormonesim whose message names the parameter.
"""
from __future__ import annotations

import math
import traceback
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hormonesim as hs

PACKAGE_DIR = Path(hs.__file__).resolve().parent
TC = "testosterone_cypionate"
ALLOWED = (ValueError, TypeError, KeyError)


# ----------------------------------------------------------------- regression tests (issue 18)
def test_first_dose_after_the_end_of_the_run_is_refused():
    late = hs.dose(TC, 200, "mg", start="20d")
    with pytest.raises(ValueError, match=r"start = 480 h, at or after the end of the run "
                                         r"\(duration = '2w', 336 h\)"):
        hs.simulate(hs.MaleHPG(), late, duration="2w")
    # a dose inside the run is fine
    hs.simulate(hs.MaleHPG(), hs.dose(TC, 200, "mg", start="10d"), duration="2w")


def test_count_without_every_is_refused():
    with pytest.raises(ValueError, match=r"count = 3 needs an interval: give every="):
        hs.dose(TC, 100, "mg", count=3)
    assert len(hs.dose(TC, 100, "mg", count=1).items[0].times_h(1000)) == 1
    assert len(hs.dose(TC, 100, "mg", every="7d", count=3).items[0].times_h(10_000)) == 3


def test_duration_months_accepted_and_bare_m_refused_with_a_hint():
    assert hs.parse_duration("6mo") == pytest.approx(6 * 365.25 * 24 / 12)
    assert hs.parse_duration("1 month") == hs.parse_duration("1months") == 730.5
    assert hs.parse_duration("90min") == 1.5
    with pytest.raises(ValueError, match=r"duration = '6m': 'm' is ambiguous; write minutes as "
                                         r"'min' and months as 'mo'"):
        hs.parse_duration("6m")
    with pytest.raises(ValueError, match="ambiguous"):
        hs.simulate(hs.FeedbackLoop(), duration="6m")


def test_female_age_must_fit_the_stage():
    with pytest.raises(ValueError, match=r"age = 80 y does not fit stage = 'premenopause'; "
                                         r"allowed ages for premenopause: 18 to 55 y"):
        hs.FemaleHPO(age=80, stage="premenopause")
    with pytest.raises(ValueError, match="perimenopause: 35 to 60"):
        hs.FemaleHPO(age=25, stage="perimenopause")
    # the ages the chapters and the validation use stay legitimate
    for age, stage in ((30, "premenopause"), (45, "premenopause"), (47, "perimenopause"),
                       (48, "perimenopause"), (53, "postmenopause"), (59, "postmenopause"),
                       (80, "postmenopause")):
        hs.FemaleHPO(age=age, stage=stage)
    # a cohort's ages are checked too, and population draws ages inside the stage's range
    cohort = hs.population(hs.FemaleHPO(age=40), n=200, seed=0, spreads={}, age=(45, 15))
    assert cohort.values("age").max() <= 55


@pytest.mark.parametrize("drug,rate,allowed", [("anastrozole", 240, "20 mg/day"),
                                               (TC, 24000, "1000 mg/day")])
def test_infusion_rate_checked_against_a_rate_limit(drug, rate, allowed):
    with pytest.raises(ValueError, match=f"rate of {drug} = {rate} mg/day is above the largest "
                                         f"accepted rate; allowed: more than 0 and at most "
                                         f"{allowed}"):
        hs.infusion(drug, rate, "mg/day")
    # the same limit in another time unit
    with pytest.raises(ValueError, match="above the largest accepted rate"):
        hs.infusion(drug, rate / 24, "mg/h")
    # the continuous gonadorelin of chapter 6 stays allowed
    hs.infusion("gonadorelin", 800, "ug/day")


@pytest.mark.parametrize("kwargs,err,match", [
    (dict(n_intervals=float("nan")), TypeError, "n_intervals must be an integer"),
    (dict(n_intervals=2.5), TypeError, "n_intervals must be an integer, \\[2, 1000\\]"),
    (dict(n_intervals=1), ValueError, "n_intervals = 1 is out of range"),
    (dict(tolerance=float("nan")), ValueError, "tolerance must be a finite number"),
    (dict(tolerance=2.5), ValueError, "tolerance = 2.5 is out of range; allowed: \\(0, 1\\)"),
    (dict(tolerance=0), ValueError, "tolerance = 0 is out of range"),
])
def test_periodic_steady_state_names_n_intervals_and_tolerance(kwargs, err, match):
    with pytest.raises(err, match=match):
        hs.periodic_steady_state(hs.MaleHPG(), hs.dose(TC, 200, "mg", every="14d"), **kwargs)


def test_record_every_not_a_multiple_of_the_step_is_refused():
    with pytest.raises(ValueError, match=r"record_every = '90min' \(1.5 h\) is not a whole number "
                                         r"of steps of 1 h .*e\.g\. 1 h or 2 h"):
        hs.simulate(hs.MaleHPG(), duration="3d", resolution="mean", record_every="90min")
    res = hs.simulate(hs.MaleHPG(), duration="3d", resolution="mean", record_every="3h")
    np.testing.assert_allclose(np.diff(res.t_hours), 3.0)


def test_titrated_misspelt_measure_names_measure():
    with pytest.raises(ValueError, match=r"unknown measure 'testosteron' \(did you mean "
                                         r"'testosterone'\?\); allowed: .*'estradiol'"):
        hs.titrated(TC, start=100, unit="mg", every="7d", target=(450, 700),
                    measure="testosteron")


def test_unknown_drug_suggests_the_close_match():
    with pytest.raises(ValueError, match=r"unknown drug 'testosteron_cypionate' \(did you mean "
                                         r"'testosterone_cypionate'\?\)"):
        hs.dose("testosteron_cypionate", 100, "mg")
    with pytest.raises(ValueError, match=r"did you mean 'anastrozole'"):
        hs.get_drug("anastrazole")
    with pytest.raises(KeyError, match=r"did you mean 'anastrozole'"):
        hs.DRUGS["anastrazole"]
    assert "anastrazole" not in hs.DRUGS and "anastrozole" in hs.DRUGS


def test_result_window_with_a_string_names_start():
    res = hs.simulate(hs.FeedbackLoop(), duration="1d")
    with pytest.raises(ValueError, match="start = 'a' is not a duration"):
        res.window("a")
    assert res.window("12h").sum() == (res.t_hours >= 12).sum()


def test_model_subject_with_a_float_index_names_i():
    cohort = hs.population(hs.FeedbackLoop(), n=3, seed=0, spreads={"gain": 0.3})
    with pytest.raises(TypeError, match="i must be an integer"):
        cohort.model.subject(1.5)
    with pytest.raises(IndexError, match="allowed: -3 to 2"):
        cohort.model.subject(3)
    res = hs.simulate(cohort, duration="1d")
    with pytest.raises(TypeError, match="i must be an integer"):
        res.subject(1.5)


def test_number_plus_plan_is_a_type_error():
    plan = hs.dose(TC, 200, "mg", every="14d")
    with pytest.raises(TypeError, match="only regimens can be added to a regimen, got 5"):
        5 + plan
    with pytest.raises(TypeError, match="only regimens can be added"):
        plan + 5
    assert sum([plan, plan]).items == plan.items * 2     # sum() still starts from 0


def test_fraction_amount_is_a_number():
    plan = hs.dose(TC, Fraction(200), "mg", every="14d")
    assert plan.items[0].amount == 200.0 and "200 mg" in plan.items[0].label


def test_to_si_refuses_strings_and_returns_float_or_array():
    with pytest.raises(TypeError, match="value for to_si must be a number"):
        hs.to_si("testosterone", "5")
    assert type(hs.to_si("testosterone", 5)) is float
    assert type(hs.to_si("testosterone", np.float32(5))) is float
    out = hs.to_si("testosterone", [5, 6])
    assert isinstance(out, np.ndarray) and out.shape == (2,)


def test_result_arrays_are_read_only():
    res = hs.simulate(hs.FeedbackLoop(), duration="1d")
    x = res["target_hormone"]
    with pytest.raises(ValueError, match="read-only"):
        x[:] = 0
    assert res["target_hormone"].max() > 0
    y = res["target_hormone"].copy()
    y[:] = 0                                             # a copy is the reader's own


def test_unknown_output_is_a_key_error_that_is_also_a_value_error():
    res = hs.simulate(hs.FeedbackLoop(), duration="1d")
    with pytest.raises(KeyError) as info:
        res["lhx"]
    assert isinstance(info.value, ValueError) and isinstance(info.value, hs.UnknownOutputError)
    assert str(info.value).startswith("unknown output 'lhx'; allowed: 'releasing_hormone'")


def test_gonadorelin_plan_gets_the_pulse_resolution_by_itself():
    man = hs.MaleHPG(gnrh_pulse_generator=False)
    plan = hs.dose("gonadorelin", 10, "ug", every="90min")
    res = hs.simulate(man, plan, duration="2w")           # the default for 2 weeks is "mean"
    assert res.resolution == "pulse"
    assert res["lh"].mean() > hs.simulate(man, duration="2w").si("lh").mean()
    with pytest.raises(ValueError, match=r"resolution = 'mean' steps 1 h at a time, longer than "
                                         r"one dose of gonadorelin lasts .* use "
                                         r"resolution='pulse'"):
        hs.simulate(man, plan, duration="2w", resolution="mean")
    # plans without such a drug keep the model's default
    assert hs.simulate(man, hs.dose("hcg", 1000, "IU", every="3.5d"),
                       duration="2w").resolution == "mean"


def test_summary_names_are_distinct_and_old_names_still_work():
    assert hs.summarise is hs.summary_value and hs.summarize is hs.trial_summary
    assert hs.summary_value is not hs.trial_summary


# ------------------------------------------------------------------- property-based tests
def _assert_library_error(call, *names):
    """``call()`` raises ValueError/TypeError/KeyError from inside hormonesim naming a name."""
    try:
        call()
    except ALLOWED as err:
        last = traceback.extract_tb(err.__traceback__)[-1]
        assert Path(last.filename).resolve().is_relative_to(PACKAGE_DIR), (
            f"{type(err).__name__} raised outside hormonesim, at {last.filename}:{last.lineno}: "
            f"{err}")
        message = str(err)
        assert any(n in message for n in names), f"message does not name {names}: {message!r}"
        return err
    except Exception as err:      # noqa: BLE001 - any other type is the failure we look for
        pytest.fail(f"raw {type(err).__name__}: {err}")
    pytest.fail(f"no error for a bad value (expected one naming {names})")


huge = st.sampled_from([10 ** 400, 1e308 * 10, -10 ** 400, 1e300])
nonfinite = st.sampled_from([math.nan, math.inf, -math.inf, np.nan, np.float64("inf")])
junk = st.one_of(st.none(), st.text(max_size=6), st.lists(st.integers(), max_size=2),
                 st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
                 st.complex_numbers(allow_nan=False, min_magnitude=1), st.booleans(),
                 st.just(b"5"), st.just(object()))
negative = st.one_of(st.floats(max_value=-1e-6, allow_nan=False, allow_infinity=False),
                     st.integers(max_value=-1), st.fractions(max_value=Fraction(-1, 10**6)))
# a bad positive quantity: anything but a finite positive real number of sensible size
bad_positive = st.one_of(junk, nonfinite, negative, st.just(0), st.just(0.0), huge)
bad_duration = st.one_of(st.none(), st.lists(st.integers(), max_size=2), st.booleans(),
                         nonfinite, negative, st.just(0), huge,
                         st.text(alphabet="xzqjmM!? ", min_size=1, max_size=4),
                         st.sampled_from(["6m", "5 parsecs", "", "h", "-3d", "1e999h", "nan h"]))
bad_int = st.one_of(junk.filter(lambda v: v is not None), nonfinite, negative, st.just(0),
                    st.floats(min_value=0.1, max_value=50, allow_nan=False).filter(
                        lambda v: v != int(v)), st.just(10 ** 12), st.fractions())
bad_seed = st.one_of(st.text(max_size=4), st.lists(st.integers(), max_size=2), st.booleans(),
                     nonfinite, st.floats(allow_nan=False, allow_infinity=False),
                     st.integers(max_value=-1), st.fractions(), st.complex_numbers())

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@SETTINGS
@given(value=bad_positive)
def test_dose_amount(value):
    _assert_library_error(lambda: hs.dose(TC, value, "mg", every="7d"), "amount")


@SETTINGS
@given(value=st.one_of(junk, st.text(min_size=1, max_size=6)))
def test_dose_drug_and_unit(value):
    _assert_library_error(lambda: hs.dose(value, 100, "mg"), "drug")
    _assert_library_error(lambda: hs.dose(TC, 100, value), "unit")


@SETTINGS
@given(value=st.one_of(bad_duration.filter(lambda v: v is not None and v != 1e300),
                       st.just("1h")))
def test_dose_every_and_start(value):
    _assert_library_error(lambda: hs.dose(TC, 100, "mg", every=value), "every")
    valid_start = (isinstance(value, (int, float)) and not isinstance(value, bool)
                   and 0 <= value <= 1e300)
    if not valid_start and value != "1h":
        _assert_library_error(lambda: hs.dose(TC, 100, "mg", start=value), "start")


@SETTINGS
@given(value=bad_int.filter(lambda v: v != 10 ** 12))     # a huge count just means "to the end"
def test_dose_count(value):
    _assert_library_error(lambda: hs.dose(TC, 100, "mg", every="7d", count=value), "count")


@SETTINGS
@given(value=bad_positive)
def test_infusion_rate(value):
    _assert_library_error(lambda: hs.infusion("gonadorelin", value, "ug/h"), "rate")


@SETTINGS
@given(value=bad_duration)
def test_simulate_duration_and_parse_duration(value):
    _assert_library_error(lambda: hs.simulate(hs.FeedbackLoop(), duration=value), "duration")
    if value != 0 and not (isinstance(value, (int, float)) and value == 1e300):
        _assert_library_error(lambda: hs.parse_duration(value), "duration")


@SETTINGS
@given(value=bad_seed)
def test_simulate_and_population_seed(value):
    _assert_library_error(lambda: hs.simulate(hs.FeedbackLoop(), duration="1h", seed=value),
                          "seed")
    _assert_library_error(lambda: hs.population(hs.FeedbackLoop(), n=2, seed=value,
                                                spreads={"gain": 0.1}), "seed")


@SETTINGS
@given(value=st.one_of(junk.filter(lambda v: not isinstance(v, (complex, list))), nonfinite,
                       st.text(max_size=4)))
def test_to_si_value(value):
    _assert_library_error(lambda: hs.to_si("testosterone", value), "to_si", "hormone")
    _assert_library_error(lambda: hs.to_si(value, 5.0), "hormone")


@SETTINGS
@given(value=bad_int)
def test_population_n(value):
    _assert_library_error(lambda: hs.population(hs.FeedbackLoop(), n=value,
                                                spreads={"gain": 0.1}), "n ", "n=", "n must")


@SETTINGS
@given(measure=st.text(max_size=8), start=st.one_of(bad_positive.filter(lambda v: v != 0),
                                                      st.just(5000)))
def test_titrated_measure_and_start(measure, start):
    _assert_library_error(lambda: hs.titrated(TC, start=100, unit="mg", every="7d",
                                              target=(450, 700), measure=measure + "~"),
                          "measure")
    _assert_library_error(lambda: hs.titrated(TC, start=start, unit="mg", every="7d",
                                              target=(450, 700)), "start")


_PLAN = hs.dose(TC, 200, "mg", every="14d")


@SETTINGS
@given(n_intervals=bad_int, tolerance=st.one_of(bad_positive, st.just(1), st.just(7.5)))
def test_periodic_steady_state_arguments(n_intervals, tolerance):
    _assert_library_error(lambda: hs.periodic_steady_state(hs.MaleHPG(), _PLAN,
                                                           n_intervals=n_intervals),
                          "n_intervals")
    _assert_library_error(lambda: hs.periodic_steady_state(hs.MaleHPG(), _PLAN,
                                                           tolerance=tolerance), "tolerance")


_RES = hs.simulate(hs.FeedbackLoop(), duration="1d")


@SETTINGS
@given(name=st.one_of(st.text(max_size=8), junk))
def test_result_indexing_and_window(name):
    if name in _RES.outputs:
        return
    err = _assert_library_error(lambda: _RES[name], "output")
    assert isinstance(err, (KeyError, TypeError))
    if name is not None:
        _assert_library_error(lambda: _RES.window(name if not isinstance(name, str) else
                                                  name + "!"), "start")


@SETTINGS
@given(value=st.one_of(bad_positive, st.just(500)))
def test_model_constructors(value):
    _assert_library_error(lambda: hs.MaleHPG(age=value), "age")
    _assert_library_error(lambda: hs.GHAxis(age=value), "age")
    _assert_library_error(lambda: hs.FemaleHPO(age=value), "age")
    _assert_library_error(lambda: hs.FeedbackLoop(gain=value if value != 0 else -1), "gain")


def test_tables_are_lists_of_row_dicts():
    man = hs.MaleHPG()
    plan = hs.dose(TC, 200, "mg", every="14d")
    cohort = hs.population(man, n=20, seed=0)
    tables = [hs.compare_scenarios({"a": (man, plan)}, duration="4w").table(),
              hs.periodic_steady_state(man, plan, n_intervals=3).table(),
              cohort.table(),
              hs.trial_summary(hs.simulate(cohort, plan, duration="4w")).table()]
    for rows in tables:
        assert isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows)


def test_smaller_raw_errors_now_clear():
    short = hs.simulate(hs.FeedbackLoop(), duration="12h")
    with pytest.raises(ValueError, match="daily_mean needs at least one whole day"):
        short.daily_mean("target_hormone")
    assert short.to_csv(outputs="target_hormone").startswith("t_hours,target_hormone")
    cohort = hs.simulate(hs.population(hs.FeedbackLoop(), n=3, seed=0, spreads={"gain": 0.2}),
                         duration="1d")
    with pytest.raises(TypeError, match="subject must be an integer"):
        hs.summary_value(cohort, "target_hormone", subject=1.5)
    with pytest.raises(ValueError, match="subject = 5 is out of range"):
        hs.summary_value(cohort, "target_hormone", subject=5)


def test_self_check_with_a_huge_int_names_the_answer():
    """hs.checks.check(..., 10**400) raised a raw OverflowError (issue 18)."""
    with pytest.raises(ValueError, match=r"ch1-ex1: the answer .*too large"):
        hs.checks.check("ch1-ex1", 10**400)
