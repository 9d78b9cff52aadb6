"""Self-checks for the book's exercises (presentation layer; numpy and the hormonesim core only).

A reader who has worked out an exercise calls::

    hs.checks.check("ch1-ex1", answer_ch1_ex1)

and gets back a :class:`CheckResult` that says whether the answer is right or, if not, what to look
at, without revealing the expected value. The expected value is computed *from the model* the first
time it is needed (and then cached), so a change in the package can never leave a stale number in a
check; the instructor's grader (:mod:`hormonesim.coursework`) calls the same :func:`grade` in its
own process, never trusting a value computed in a student's kernel.

Adding a check for a chapter (chapter authors)
----------------------------------------------
Write a function that computes the expected answer from the package and decorate it::

    @exercise("ch4-ex1", form="the trough total testosterone, a number in ng/dL", unit="ng/dL",
              rel_tol=0.05, hint="Look at the last dosing interval, just before the next injection.")
    def _ch4_ex1():
        res = hs.simulate(hs.MaleHPG(), hs.dose("testosterone_cypionate", 200, "mg", every="14d"),
                          duration="12w")
        return float(res["testosterone"][res.t_days >= 70].min())

Answer kinds: ``"number"`` (default; a float compared with ``rel_tol``/``abs_tol``), ``"integer"``
(a whole number, compared exactly unless ``abs_tol`` is set), ``"numbers"`` (a tuple of numbers,
one per name in ``parts``, each compared separately, partial credit per part) and ``"choice"``
(a string, one of ``choices``, compared case-insensitively). In the chapter, put the answer cell
(``answer_ch4_ex1 = ...  # your answer``, tagged ``exercise-answer``), the instructor's solution
cell (tagged ``solution``) and the self-check call after the ``{exercise}`` directive; see
``chapters/fundamentals/01_hormones_as_messages.ipynb`` and the instructor guide.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from numbers import Real
from typing import Any, Callable, Sequence

import numpy as np

__all__ = ["CheckResult", "ExerciseCheck", "check", "exercise", "expected", "grade", "registered",
           "describe"]

_ID_PATTERN = re.compile(r"^ch\d+-ex\d+$")
_KINDS = ("number", "integer", "numbers", "choice")


# ----------------------------------------------------------------------------------------------
# results
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckResult:
    """The outcome of one self-check.

    Attributes
    ----------
    exercise : str
        Exercise id, e.g. ``"ch1-ex1"``.
    status : str
        ``"correct"``, ``"partial"`` (some parts of a multi-part answer right), ``"incorrect"`` or
        ``"blank"`` (no answer given yet).
    score : float
        Fraction of the exercise's points earned, 0 to 1.
    message : str
        What the reader sees: right, or what to look at (never the expected value).
    """

    exercise: str
    status: str
    score: float
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:  # what a notebook cell shows when the check is its last line
        return self.message

    __str__ = __repr__


# ----------------------------------------------------------------------------------------------
# registry
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExerciseCheck:
    """How one exercise is checked. Create with the :func:`exercise` decorator.

    Attributes
    ----------
    exercise_id : str
        ``"ch<chapter>-ex<number>"``, the exercise directive's label.
    compute : callable
        No-argument function returning the expected answer, computed from the model.
    form : str
        The answer form in words, shown in messages (e.g. "a number in ng/mL").
    kind : str
        ``"number"``, ``"integer"``, ``"numbers"`` or ``"choice"``.
    unit : str
        Unit of the answer (each part, for ``"numbers"``), for messages.
    rel_tol, abs_tol : float
        An answer ``a`` is right when ``|a - e| <= max(abs_tol, rel_tol * |e|)``.
    parts : tuple of str
        Names of the parts of a ``"numbers"`` answer.
    choices : tuple of str
        Allowed answers of a ``"choice"`` exercise.
    hint : str
        What to look at when the answer is wrong (must not contain the answer).
    points : float
        Points the exercise is worth in the grader.
    """

    exercise_id: str
    compute: Callable[[], Any]
    form: str
    kind: str = "number"
    unit: str = ""
    rel_tol: float = 0.02
    abs_tol: float = 0.0
    parts: tuple = ()
    choices: tuple = ()
    hint: str = ""
    points: float = 1.0
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def expected(self):
        """The expected answer, computed from the model once per process."""
        if "value" not in self._cache:
            self._cache["value"] = self.compute()
        return self._cache["value"]


_REGISTRY: dict[str, ExerciseCheck] = {}


def exercise(exercise_id: str, *, form: str, kind: str = "number", unit: str = "",
             rel_tol: float = 0.02, abs_tol: float = 0.0, parts: Sequence[str] = (),
             choices: Sequence[str] = (), hint: str = "", points: float = 1.0):
    """Decorator registering the function that computes an exercise's expected answer.

    Parameters
    ----------
    exercise_id : str
        ``"ch<n>-ex<m>"``, the label of the exercise directive in the chapter.
    form : str
        The answer form in words, e.g. ``"a number in ng/mL"``.
    kind : {"number", "integer", "numbers", "choice"}
        How answers are compared (see the module docstring).
    unit : str
        Unit of the answer, for messages.
    rel_tol, abs_tol : float
        Tolerance (relative, dimensionless; absolute, in ``unit``), both >= 0.
    parts : sequence of str
        For ``kind="numbers"``: the name of each number in the expected tuple.
    choices : sequence of str
        For ``kind="choice"``: the allowed answers.
    hint : str
        What to look at if the answer is wrong; never the answer itself.
    points : float
        Weight in the grader (> 0).

    Raises
    ------
    ValueError
        For a malformed or already registered id, an unknown kind or invalid tolerances.
    """
    if not isinstance(exercise_id, str) or not _ID_PATTERN.match(exercise_id):
        raise ValueError(f"exercise_id must look like 'ch4-ex1', got {exercise_id!r}")
    if exercise_id in _REGISTRY:
        raise ValueError(f"a check for {exercise_id!r} is already registered; exercise ids are unique")
    if kind not in _KINDS:
        raise ValueError(f"unknown kind {kind!r}; allowed: {', '.join(map(repr, _KINDS))}")
    if rel_tol < 0 or abs_tol < 0 or not (math.isfinite(rel_tol) and math.isfinite(abs_tol)):
        raise ValueError(f"tolerances must be finite and >= 0, got rel_tol={rel_tol!r}, "
                         f"abs_tol={abs_tol!r}")
    if kind == "numbers" and not parts:
        raise ValueError("kind='numbers' needs parts=(name, ...) naming each number")
    if kind == "choice" and not choices:
        raise ValueError("kind='choice' needs choices=(...)")
    if not points > 0:
        raise ValueError(f"points must be > 0, got {points!r}")

    def register(compute: Callable[[], Any]) -> Callable[[], Any]:
        _REGISTRY[exercise_id] = ExerciseCheck(
            exercise_id, compute, form, kind, unit, float(rel_tol), float(abs_tol), tuple(parts),
            tuple(c.lower() for c in choices), hint, float(points))
        return compute

    return register


def registered() -> list[str]:
    """Ids of every exercise with a self-check, in chapter and exercise order."""
    def key(eid):
        ch, ex = re.findall(r"\d+", eid)
        return int(ch), int(ex)
    return sorted(_REGISTRY, key=key)


def _lookup(exercise_id) -> ExerciseCheck:
    if not isinstance(exercise_id, str):
        raise TypeError(f"exercise_id must be a string such as 'ch1-ex1', got {exercise_id!r} of "
                        f"type {type(exercise_id).__name__}")
    try:
        return _REGISTRY[exercise_id]
    except KeyError:
        same_chapter = [e for e in registered() if e.split("-")[0] == exercise_id.split("-")[0]]
        known = same_chapter or registered()
        raise ValueError(f"unknown exercise id {exercise_id!r}; exercises with a self-check"
                         f"{' in this chapter' if same_chapter else ''}: {', '.join(known)}") from None


def describe(exercise_id: str) -> str:
    """The answer form of an exercise in words (what to put in the answer cell)."""
    spec = _lookup(exercise_id)
    return spec.form


def expected(exercise_id: str):
    """The expected answer of an exercise, computed from the model (cached per process).

    For instructors and the grader; a self-check never shows it.
    """
    return _lookup(exercise_id).expected()


# ----------------------------------------------------------------------------------------------
# comparing
# ----------------------------------------------------------------------------------------------
def _is_blank(answer) -> bool:
    return answer is None or answer is Ellipsis


def _as_number(exercise_id: str, answer, what: str = "answer") -> float:
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer.item()
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (Real, np.integer, np.floating)):
        hint = " (text in quotes is a string, not a number)" if isinstance(answer, str) else ""
        raise TypeError(f"{exercise_id}: the {what} must be a number, got {answer!r} of type "
                        f"{type(answer).__name__}{hint}")
    return float(answer)


def _within(value: float, target: float, spec: ExerciseCheck) -> bool:
    return abs(value - target) <= max(spec.abs_tol, spec.rel_tol * abs(target)) + 1e-12


def _diagnose(value: float, target: float, spec: ExerciseCheck) -> str:
    """What to look at for a wrong number, without giving the number."""
    if not math.isfinite(value):
        return "your value is not a finite number (NaN or infinity); check the computation"
    tol = max(spec.abs_tol, spec.rel_tol * abs(target))
    if target != 0 and value != 0:
        ratio = value / target
        for factor, what in ((100, "a percentage where a fraction is asked, or a unit"),
                             (1000, "a unit (for example ng vs ug, or mL vs L)"),
                             (10, "a unit (for example ng/mL vs ng/dL)"),
                             (24, "hours vs days"), (60, "minutes vs hours")):
            if abs(ratio / factor - 1) < 0.03 or abs(ratio * factor - 1) < 0.03:
                return f"your value is off by a factor of about {factor}: check {what}"
        if ratio < 0:
            return "your value has the wrong sign"
    if abs(value - target) <= 4 * tol:
        return "close, but outside the tolerance: check rounding, the time window or the settings"
    return f"your value is {'higher' if value > target else 'lower'} than the model gives"


def _wrong(spec: ExerciseCheck, detail: str) -> str:
    hint = f" Hint: {spec.hint}" if spec.hint else ""
    if spec.kind != "numbers":           # numbers start with a part name: keep it as written
        detail = detail[0].upper() + detail[1:]
    return f"{spec.exercise_id}: not yet. {detail}.{hint}"


def grade(exercise_id: str, answer) -> CheckResult:
    """Compare ``answer`` with the model's expected answer; never reveals the expected value.

    Parameters
    ----------
    exercise_id : str
        A registered exercise id (see :func:`registered`).
    answer
        The reader's answer, in the form :func:`describe` gives. ``None`` or ``...`` mean
        "not answered yet" and score 0 without an error.

    Returns
    -------
    CheckResult

    Raises
    ------
    ValueError
        Unknown exercise id, or a multi-part answer with the wrong number of parts.
    TypeError
        An answer of the wrong type (for example text where a number is asked).
    """
    spec = _lookup(exercise_id)
    if _is_blank(answer):
        return CheckResult(exercise_id, "blank", 0.0,
                           f"{exercise_id}: no answer yet. Replace ... with {spec.form}.")
    target = spec.expected()
    if spec.kind == "choice":
        if not isinstance(answer, str):
            raise TypeError(f"{exercise_id}: the answer must be a string, one of "
                            f"{', '.join(map(repr, spec.choices))}; got {answer!r}")
        if answer.strip().lower() not in spec.choices:
            raise ValueError(f"{exercise_id}: {answer!r} is not one of the allowed answers: "
                             f"{', '.join(map(repr, spec.choices))}")
        if answer.strip().lower() == str(target).lower():
            return CheckResult(exercise_id, "correct", 1.0, f"{exercise_id}: correct.")
        return CheckResult(exercise_id, "incorrect", 0.0,
                           _wrong(spec, "that choice does not match what the model shows"))
    if spec.kind == "numbers":
        if isinstance(answer, (str, bytes, dict)) or not isinstance(answer, (Sequence, np.ndarray)):
            raise TypeError(f"{exercise_id}: the answer must be a tuple of {len(spec.parts)} numbers "
                            f"({', '.join(spec.parts)}), got {answer!r} of type "
                            f"{type(answer).__name__}")
        values = list(np.asarray(answer, dtype=object).ravel()) if isinstance(answer, np.ndarray) \
            else list(answer)
        if len(values) != len(spec.parts):
            raise ValueError(f"{exercise_id}: expected {len(spec.parts)} numbers "
                             f"({', '.join(spec.parts)}), got {len(values)}")
        values = [_as_number(exercise_id, v, f"'{p}'") for v, p in zip(values, spec.parts)]
        right = [_within(v, t, spec) for v, t in zip(values, target)]
        score = sum(right) / len(right)
        if all(right):
            return CheckResult(exercise_id, "correct", 1.0, f"{exercise_id}: correct, all parts.")
        details = "; ".join(f"{p}: {_diagnose(v, t, spec)}"
                            for p, v, t, ok in zip(spec.parts, values, target, right) if not ok)
        ok_parts = [p for p, ok in zip(spec.parts, right) if ok]
        prefix = f"right: {', '.join(ok_parts)}; wrong: " if ok_parts else ""
        return CheckResult(exercise_id, "partial" if score else "incorrect", score,
                           _wrong(spec, prefix + details))
    value = _as_number(exercise_id, answer)
    if spec.kind == "integer":
        if not float(value).is_integer():
            raise TypeError(f"{exercise_id}: the answer must be a whole number, got {answer!r}")
        ok = abs(value - target) <= spec.abs_tol
    else:
        ok = _within(value, float(target), spec)
    if ok:
        return CheckResult(exercise_id, "correct", 1.0, f"{exercise_id}: correct.")
    return CheckResult(exercise_id, "incorrect", 0.0, _wrong(spec, _diagnose(value, float(target), spec)))


def check(exercise_id: str, answer) -> CheckResult:
    """Self-check an exercise answer in a notebook: right, or what to look at.

    Parameters
    ----------
    exercise_id : str
        The exercise's label, e.g. ``"ch1-ex1"``.
    answer
        Your answer in the exercise's form (``hs.checks.describe(exercise_id)``); ``...`` or
        ``None`` while you have not answered yet.

    Returns
    -------
    CheckResult
        Shown as a one-line message when it is the last line of a cell (``print`` it otherwise);
        ``bool(result)`` is True when the answer is right.

    Examples
    --------
    >>> import hormonesim as hs
    >>> hs.checks.check("ch1-ex1", 0.9)  # doctest: +ELLIPSIS
    ch1-ex1: not yet. Your value is higher than the model gives. Hint: ...
    >>> bool(hs.checks.check("ch1-ex1", 2 / 3))
    True
    """
    return grade(exercise_id, answer)


# ----------------------------------------------------------------------------------------------
# the checks, one per checkable exercise; expected values come from the model at call time
# ----------------------------------------------------------------------------------------------
# Imported lazily inside each function so that importing this module stays cheap.

# Chapter 1: hormones as messages -------------------------------------------------------------
@exercise("ch1-ex1", form="the response as a fraction of the maximum (a number between 0 and 1)",
          abs_tol=0.01, hint="use the Hill curve with Hill coefficient 1 and EC50 2 ng/mL, at "
          "4 ng/mL; a fraction, not a percentage.")
def _ch1_ex1():
    from . import pharmacology
    return pharmacology.occupancy(4.0, ec50=2.0, hill=1)


@exercise("ch1-ex2", form="a pair of numbers (level, level_doubled): the average steady level in "
          "ng/mL with a half-life of 2.3 h, then with the half-life doubled at the same volume",
          kind="numbers", parts=("level", "level_doubled"), unit="ng/mL", rel_tol=0.02,
          hint="the average level is secretion divided by clearance, and clearance = ln 2 x volume "
          "/ half-life; `steady_level_ng_ml` of `hs.SecretionClearance` computes it.")
def _ch1_ex2():
    from .models import SecretionClearance
    base = SecretionClearance(half_life_h=2.3, secretion_ug_per_h=10, volume_l=15)
    doubled = SecretionClearance(half_life_h=4.6, secretion_ug_per_h=10, volume_l=15)
    return (base.steady_level_ng_ml, doubled.steady_level_ng_ml)


def trough_to_peak(half_life_h: float, pulse_interval_h: float = 1.5) -> float:
    """Lowest over highest level (dimensionless) between hours 12 and 24 of a pulsatile hormone.

    Parameters
    ----------
    half_life_h : float
        Half-life of :class:`hormonesim.SecretionClearance` (h).
    pulse_interval_h : float
        Time between secretory pulses (h).
    """
    from .engine import simulate
    from .models import SecretionClearance
    res = simulate(SecretionClearance(half_life_h=half_life_h, pulse_interval_h=pulse_interval_h),
                   duration="24h")
    level = res["hormone"][(res.t_hours >= 12) & (res.t_hours <= 24)]
    return float(level.min() / level.max())


@exercise("ch1-ex3", form="the longest half-life in hours (a number, to 0.1 h)", unit="h",
          abs_tol=0.05, hint="for each half-life take the minimum and the maximum of the level "
          "between hours 12 and 24 and compare their ratio with 0.1; shorter half-lives give deeper "
          "troughs.")
def _ch1_ex3():
    low, high = 0.05, 2.0          # h; trough/peak < 0.1 at low, > 0.1 at high
    for _ in range(14):            # bisection to about 1e-4 h
        mid = 0.5 * (low + high)
        if trough_to_peak(mid) < 0.1:
            low = mid
        else:
            high = mid
    return low


# Chapter 2: feedback and homeostasis ---------------------------------------------------------
@exercise("ch2-ex1", form="the time from the dose to the trophic hormone's lowest level, in hours",
          unit="h", abs_tol=0.75, hint="find the time of the minimum of res['trophic_hormone'] "
          "after the dose and subtract the time of the dose (hour 12).")
def _ch2_ex1():
    from .engine import simulate
    from .models import FeedbackLoop
    res = simulate(FeedbackLoop(gain=2.0, hill=2.0, delay_h=2.0, start_level=1.0, pulse_size=3.0,
                                pulse_at_h=12.0), duration="3d")
    return float(res.t_hours[int(np.argmin(res["trophic_hormone"]))] - 12.0)


def oscillation_range(delay_h: float, gain: float = 10.0, hill: float = 4.0) -> float:
    """Range (max - min, set-point units) of the target hormone over days 15-20 of a 20-day run."""
    from .engine import simulate
    from .models import FeedbackLoop
    res = simulate(FeedbackLoop(gain=gain, hill=hill, delay_h=delay_h), duration="20d")
    level = res["target_hormone"][res.t_days >= 15]
    return float(level.max() - level.min())


@exercise("ch2-ex2", form="the smallest whole-hour delay d (an integer)", kind="integer", unit="h",
          hint="loop over d = 0, 1, 2, ... and compute the max minus the min of the target hormone "
          "from day 15 on; the first d where it exceeds 0.1 is the answer.")
def _ch2_ex2():
    for delay in range(0, 49):
        if oscillation_range(delay) > 0.1:
            return delay
    raise RuntimeError("no delay up to 48 h makes the loop oscillate; the check needs updating")


# integrity snapshot: the grader compares these with the live objects to detect monkeypatching
_ORIGINAL = {name: (globals()[name], globals()[name].__code__)
             for name in ("check", "grade", "expected", "_lookup", "_within", "_as_number")}


# ----------------------------------------------------------------------------------------------
# Chapters 8 and 12: the GH axis and peptides
# ----------------------------------------------------------------------------------------------
@exercise("ch8-ex1", form="the ratio of the two 24-hour mean GH levels (treated / untreated)",
          rel_tol=0.03, hint="simulate GHAxis(age=40) for 24 h with seed=1 twice, once with "
          "hs.dose('sermorelin', 300, 'ug', start='14h') and once with plan=None, and divide the "
          "means of res['gh'].")
def _ch8_ex1():
    from .engine import simulate
    from .models.gh_axis import GHAxis
    from .regimen import dose
    treated = simulate(GHAxis(age=40), dose("sermorelin", 300, "ug", start="14h"),
                       duration="24h", seed=1)
    untreated = simulate(GHAxis(age=40), None, duration="24h", seed=1)
    return float(treated["gh"].mean() / untreated["gh"].mean())


@exercise("ch8-ex2", form="a pair (morning, evening): extra GH in ng/mL x h over the 3 h after "
          "100 ug ipamorelin at 10:00 and at 22:00, mean of seeds 0-4", kind="numbers",
          parts=("morning", "evening"), unit="ng/mL x h", rel_tol=0.05,
          hint="10:00 is start='2h' and 22:00 is start='14h' (the simulation starts at 08:00); "
          "subtract the untreated curve of the same seed before integrating with np.trapezoid.")
def _ch8_ex2():
    from .pulses import gh_increment_after_dose
    return (gh_increment_after_dose(2.0), gh_increment_after_dose(14.0))


@exercise("ch8-ex3", form="one of the four names", kind="choice",
          choices=("bremelanotide", "BPC-157", "ipamorelin", "sermorelin"),
          hint="look for the product with a current FDA approval in the evidence boxes, not for "
          "the one with the longest history.")
def _ch8_ex3():
    return "bremelanotide"


def gh_pulses_per_day(age: float = 30.0, seeds: Sequence[int] = (0,), sample_every_h: float = 1 / 3,
                      **model_kw) -> float:
    """Mean pulses per 24 h on the second simulated day of GHAxis(age, **model_kw)."""
    from .engine import simulate
    from .models.gh_axis import GHAxis
    from .pulses import pulse_analysis
    model = GHAxis(age=age, **model_kw)
    return float(np.mean([pulse_analysis(simulate(model, duration="48h", seed=s), start_h=24.0,
                                         sample_every_h=sample_every_h).pulses_per_24h
                          for s in seeds]))


@exercise("ch12-ex1", form="a pair of whole numbers (every 5 min, every 20 min): pulses found on "
          "day 2", kind="numbers", parts=("every_5_min", "every_20_min"), unit="pulses",
          rel_tol=0.0, abs_tol=0.0,
          hint="hs.pulse_analysis(res, start_h=24, sample_every_h=5/60) and 20/60 on "
          "hs.simulate(hs.GHAxis(age=30), duration='48h', seed=0); read .count.")
def _ch12_ex1():
    return (gh_pulses_per_day(sample_every_h=5 / 60), gh_pulses_per_day(sample_every_h=20 / 60))


def gh_synergy_ratio(seeds: Sequence[int] = (0, 1, 2), ghrh_ug_per_kg: float = 1.0,
                     ghs_ug_per_kg: float = 3.0, **model_kw) -> float:
    """Extra GH (2 h) of IV GHRH(1-29) + ipamorelin over the sum of each alone, mean of seeds."""
    from .drugs import DRUGS
    from .drugs.peptides import intravenous
    from .engine import simulate
    from .models.gh_axis import GHAxis
    from .regimen import dose
    model = GHAxis(age=30.0, **model_kw)
    ghrh = dose(intravenous(DRUGS["sermorelin"]), ghrh_ug_per_kg * model.weight_kg, "ug",
                start="1h")
    ghs = dose(intravenous(DRUGS["ipamorelin"]), ghs_ug_per_kg * model.weight_kg, "ug",
               start="1h")
    auc = {}
    for name, plan in (("none", None), ("ghrh", ghrh), ("ghs", ghs), ("both", ghrh + ghs)):
        values = []
        for seed in seeds:
            res = simulate(model, plan, duration="3h", seed=seed)
            w = res.t_hours >= 1.0
            values.append(np.trapezoid(res["gh"][w], res.t_hours[w]))
        auc[name] = float(np.mean(values))
    return (auc["both"] - auc["none"]) / ((auc["ghrh"] - auc["none"]) + (auc["ghs"] - auc["none"]))


@exercise("ch12-ex2", form="a pair (full, without): the synergy ratio with the full model and "
          "with ghs_pit_gain=0 and ghs_hyp_gain=0", kind="numbers", parts=("full", "without"),
          rel_tol=0.05,
          hint="ratio = extra GH of both / (extra GH of GHRH alone + extra GH of ipamorelin alone), "
          "each over the untreated run of the same seed, GH integrated from 1 h to 3 h.")
def _ch12_ex2():
    return (gh_synergy_ratio(), gh_synergy_ratio(ghs_pit_gain=0.0, ghs_hyp_gain=0.0))


@exercise("ch12-ex3", form="a pair (without, with): pulses per 24 h with ghrh_noise_cv=0 and with "
          "the default variability", kind="numbers", parts=("without_noise", "with_noise"),
          unit="pulses/24 h", rel_tol=0.05,
          hint="average hs.pulse_analysis(..., start_h=24, sample_every_h=20/60).pulses_per_24h "
          "over seeds 0-3 for hs.GHAxis(age=30, ghrh_noise_cv=...) simulated for 48 h.")
def _ch12_ex3():
    return (gh_pulses_per_day(seeds=(0, 1, 2, 3), ghrh_noise_cv=0.0),
            gh_pulses_per_day(seeds=(0, 1, 2, 3)))


# ----------------------------------------------------------------------------------------------
# Chapters 7 and 11: therapy across the menopause; the cycle as a dynamical system
# ----------------------------------------------------------------------------------------------
@exercise("ch7-ex1", form="the mean serum estradiol over days 4 to 7, a number in pg/mL",
          unit="pg/mL", rel_tol=0.03,
          hint="simulate hs.FemaleHPO(age=55, stage='postmenopause') for 7 days with "
          "hs.dose('estradiol_patch', 50, 'ug/day') and average res['estradiol'] where "
          "res.t_days >= 4; remember her own extra-ovarian estradiol.")
def _ch7_ex1():
    from .engine import simulate
    from .models.female_hpo import FemaleHPO
    from .regimen import dose
    res = simulate(FemaleHPO(age=55, stage="postmenopause"),
                   dose("estradiol_patch", 50, "ug/day"), duration="7d")
    return float(res["estradiol"][res.t_days >= 4].mean())


@exercise("ch7-ex2", form="a pair (patch alone, patch with progesterone): the endometrial "
          "stimulation indicator at the end of week 8", kind="numbers",
          parts=("patch_alone", "with_progesterone"), rel_tol=0.05,
          hint="two 8-week simulations of hs.FemaleHPO(age=55, stage='postmenopause'): the 50 "
          "ug/day patch alone, and the patch plus hs.dose('progesterone_oral', 100, 'mg', "
          "every='1d'); take the last value of res['endometrial_stimulation'].")
def _ch7_ex2():
    from .engine import simulate
    from .models.female_hpo import FemaleHPO
    from .regimen import dose
    model = FemaleHPO(age=55, stage="postmenopause")
    patch = dose("estradiol_patch", 50, "ug/day")
    alone = simulate(model, patch, duration="8w")["endometrial_stimulation"][-1]
    both = simulate(model, patch + dose("progesterone_oral", 100, "mg", every="1d"),
                    duration="8w")["endometrial_stimulation"][-1]
    return (float(alone), float(both))


def female_cream_week3_mean(mg_per_day: float, age: float = 55.0) -> float:
    """Mean total testosterone (ng/dL) in week 3 of daily testosterone cream."""
    from .engine import simulate
    from .models.female_hpo import FemaleHPO
    from .regimen import dose
    res = simulate(FemaleHPO(age=age, stage="postmenopause"),
                   dose("testosterone_female", mg_per_day, "mg", every="1d"), duration="3w")
    return float(res["testosterone"][res.t_days >= 14].mean())


@exercise("ch7-ex3", form="the largest whole number of mg per day (an integer)", kind="integer",
          unit="mg/day",
          hint="try 1, 2, 3, ... mg/day for 3 weeks and compare the week-3 mean of "
          "res['testosterone'] with the upper end of hs.reference.reference_range('testosterone', "
          "'women').")
def _ch7_ex3():
    from .reference import reference_range
    upper = reference_range("testosterone", "women").high
    return max(mg for mg in range(1, 11) if female_cream_week3_mean(mg) <= upper)


@exercise("ch11-ex1", form="the median cycle length in days (a number)", unit="d", rel_tol=0.03,
          hint="simulate hs.FemaleHPO(age=30) for 24 weeks with seed=0 and take the median of "
          "cycle_lengths(res) from hormonesim.models.female_hpo.")
def _ch11_ex1():
    from .engine import simulate
    from .models.female_hpo import FemaleHPO, cycle_lengths
    return float(np.median(cycle_lengths(simulate(FemaleHPO(age=30), duration="24w", seed=0))))


@exercise("ch11-ex2", form="a pair of whole numbers (reserve 1.0, reserve 0.25): LH surges in 40 "
          "weeks", kind="numbers", parts=("reserve_1", "reserve_0_25"), unit="surges",
          rel_tol=0.0, abs_tol=0.0,
          hint="count len(lh_surges(res)) for hs.FemaleHPO(age=45, follicle_reserve=...) simulated "
          "for 40 weeks with seed=0.")
def _ch11_ex2():
    from .engine import simulate
    from .models.female_hpo import FemaleHPO, lh_surges
    return tuple(float(len(lh_surges(simulate(FemaleHPO(age=45, follicle_reserve=r),
                                                duration="40w", seed=0))))
                 for r in (1.0, 0.25))


@exercise("ch11-ex3", form="the smallest positive_feedback on the 0.1 grid (a number)",
          abs_tol=0.05,
          hint="scan positive_feedback = 0.0, 0.1, ..., 1.0 in hs.FemaleHPO(age=30, ...) over 26 "
          "weeks with seed=0 and count the LH surges; the criterion is at least 5.")
def _ch11_ex3():
    from .engine import simulate
    from .models.female_hpo import FemaleHPO, lh_surges
    for pf in np.round(np.arange(0.0, 1.01, 0.1), 1):
        res = simulate(FemaleHPO(age=30, positive_feedback=float(pf)), duration="26w", seed=0)
        if len(lh_surges(res)) >= 5:
            return float(pf)
    return float("nan")


# Chapters 3 and 10: virtual cohorts, titration, aromatase inhibition -------------------------
def _ch3_cohort(n: int = 200):
    from .models.male_hpg import MaleHPG
    from .population import population
    return population(MaleHPG(age=50, bmi=28), n=n, seed=3, bmi=(28, 4), age=(50, 8))


def _mid_last_interval(res, weeks: int, name: str = "testosterone") -> np.ndarray:
    k = int(np.argmin(np.abs(res.t_hours - (weeks * 168 - 84))))
    return np.atleast_2d(res[name])[:, k]


@exercise("ch3-ex1", form="the share of untreated virtual men (a fraction between 0 and 1) whose "
          "08:00 total testosterone on day 4 lies inside 264-916 ng/dL", abs_tol=0.02,
          hint="simulate hs.population(hs.MaleHPG(age=30, bmi=23), n=500, seed=1) with no plan "
          "for 4 days, record_every='1h', and read the sample at t = 3 x 24 + 8 hours.")
def _ch3_ex1():
    from .engine import simulate
    from .models.male_hpg import MaleHPG
    from .population import population
    cohort = population(MaleHPG(age=30, bmi=23), n=500, seed=1)
    res = simulate(cohort, None, duration="4d", record_every="1h")
    t = res["testosterone"][:, int(np.argmin(np.abs(res.t_hours - 80)))]
    return float(np.mean((t >= 264) & (t <= 916)))


@exercise("ch3-ex2", form="a pair (in_target, above_916): shares of the cohort (fractions) at the "
          "last mid-interval of 8 weeks on 100 mg cypionate weekly", kind="numbers",
          parts=("in_target", "above_916"), abs_tol=0.03,
          hint="use the chapter's cohort (n=200, seed=3), simulate 8 weeks and read total "
          "testosterone at t = 8 x 168 - 84 hours; target 450-700 ng/dL.")
def _ch3_ex2():
    from .engine import simulate
    from .regimen import dose
    res = simulate(_ch3_cohort(), dose("testosterone_cypionate", 100, "mg", every="7d"),
                   duration="8w")
    t = _mid_last_interval(res, 8)
    return (float(np.mean((t >= 450) & (t <= 700))), float(np.mean(t > 916)))


@exercise("ch3-ex3", form="a pair (in_target, changes_per_man) after 20 weeks of titration with "
          "labs every 4 weeks", kind="numbers", parts=("in_target", "changes_per_man"),
          abs_tol=0.05,
          hint="hs.titrated('testosterone_cypionate', start=100, unit='mg', every='7d', "
          "target=(450, 700), check_every='4w') on the chapter's cohort for 20 weeks (seed=0); "
          "count dose changes with res.doses.changes and divide by the number of men.")
def _ch3_ex3():
    from .engine import simulate
    from .titration import titrated
    cohort = _ch3_cohort()
    plan = titrated("testosterone_cypionate", start=100, unit="mg", every="7d",
                    target=(450, 700), check_every="4w")
    res = simulate(cohort, plan, duration="20w", seed=0)
    t = _mid_last_interval(res, 20)
    changes = sum(int(c.changed.sum()) for c in res.doses.changes) / len(cohort)
    return (float(np.mean((t >= 450) & (t <= 700))), float(changes))


@exercise("ch10-ex1", form="the ratio of aromatase activity at BMI 35 to BMI 22 (a number)",
          rel_tol=0.02, hint="compare hs.MaleHPG(bmi=35).aromatase_activity with "
          "hs.MaleHPG(bmi=22).aromatase_activity, both at the default age.")
def _ch10_ex1():
    from .models.male_hpg import MaleHPG
    return float(MaleHPG(bmi=35).aromatase_activity / MaleHPG(bmi=22).aromatase_activity)


def _ch10_cohort(n: int = 200):
    from .models.male_hpg import MaleHPG
    from .population import population
    return population(MaleHPG(age=50, bmi=30), n=n, seed=10, bmi=(30, 5), age=(50, 8))


def _week_mean(res, name: str = "estradiol") -> np.ndarray:
    last = res.t_hours >= res.t_hours[-1] - 168
    return np.atleast_2d(res[name])[:, last].mean(axis=1)


@exercise("ch10-ex2", form="a pair (over_suppressed, high): shares of men (fractions) whose mean "
          "estradiol in week 8 is below 10 and above 37 pg/mL on the fixed anastrozole arm",
          kind="numbers", parts=("over_suppressed", "high"), abs_tol=0.03,
          hint="the chapter's cohort (n=200, seed=10) on cypionate 100 mg weekly plus anastrozole "
          "0.5 mg every 3.5 days, 8 weeks; average estradiol over the last 168 hours.")
def _ch10_ex2():
    from .engine import simulate
    from .regimen import dose
    plan = (dose("testosterone_cypionate", 100, "mg", every="7d")
            + dose("anastrozole", 0.5, "mg", every="3.5d"))
    e2 = _week_mean(simulate(_ch10_cohort(), plan, duration="8w"))
    return (float(np.mean(e2 < 10)), float(np.mean(e2 > 37)))


@exercise("ch10-ex3", form="a pair (over_suppressed, high): the same shares in week 24 on the "
          "titrated anastrozole arm", kind="numbers", parts=("over_suppressed", "high"),
          abs_tol=0.04,
          hint="hs.titrated('anastrozole', start=0, unit='mg', every='3.5d', target=(15, 37), "
          "measure='estradiol', check_every='6w', step=0.25, bounds=(0, 1)) plus cypionate 100 mg "
          "weekly, 24 weeks, seed=0.")
def _ch10_ex3():
    from .engine import simulate
    from .regimen import dose
    from .titration import titrated
    plan = (dose("testosterone_cypionate", 100, "mg", every="7d")
            + titrated("anastrozole", start=0, unit="mg", every="3.5d", target=(15, 37),
                       measure="estradiol", check_every="6w", step=0.25, bounds=(0, 1)))
    e2 = _week_mean(simulate(_ch10_cohort(), plan, duration="24w", seed=0))
    return (float(np.mean(e2 < 10)), float(np.mean(e2 > 37)))


# Chapters 4, 5, 6 and 9: the male HPG axis ------------------------------------------------------
_TRT_CHOICES = {"A": ("testosterone_cypionate", 200, "14d"), "B": ("testosterone_cypionate", 100, "7d"),
                "C": ("testosterone_enanthate", 250, "21d")}


def trt_steady_state(drug: str, amount_mg: float, every: str, age: float = 50.0, bmi: float = 27.0):
    """Periodic steady state of total T for one regimen in MaleHPG(age, bmi) (chapter 4)."""
    from . import MaleHPG, dose, periodic_steady_state
    return periodic_steady_state(MaleHPG(age=age, bmi=bmi), dose(drug, amount_mg, "mg", every=every),
                                 output="testosterone", resolution="mean")


@exercise("ch4-ex1", form="the trough total testosterone at steady state, a number in ng/dL",
          unit="ng/dL", rel_tol=0.05, hint="use hs.periodic_steady_state for cypionate 200 mg every "
          "14 days in hs.MaleHPG(age=50, bmi=27) and read its trough.")
def _ch4_ex1():
    return trt_steady_state("testosterone_cypionate", 200, "14d").trough


@exercise("ch4-ex2", form="a pair (fluctuation_14d, fluctuation_7d): (peak - trough) / average in %, "
          "for 200 mg every 14 days and 100 mg every 7 days", kind="numbers",
          parts=("fluctuation_14d", "fluctuation_7d"), unit="%", rel_tol=0.08,
          hint="the SteadyState object has a fluctuation_pct attribute; same man as in exercise 1.")
def _ch4_ex2():
    return (trt_steady_state("testosterone_cypionate", 200, "14d").fluctuation_pct,
            trt_steady_state("testosterone_cypionate", 100, "7d").fluctuation_pct)


def trt_choice_in_band(low: float = 500.0, high: float = 900.0) -> str:
    """The regimen among A, B, C whose steady-state trough and peak both lie in [low, high]."""
    ok = [k for k, (d, a, e) in _TRT_CHOICES.items()
          if low <= trt_steady_state(d, a, e).trough and trt_steady_state(d, a, e).peak <= high]
    return ok[0] if len(ok) == 1 else ",".join(ok) or "none"


@exercise("ch4-ex3", form="one letter, A, B or C", kind="choice", choices=("A", "B", "C"),
          hint="compute trough and peak at steady state for each regimen and compare both with "
          "500 and 900 ng/dL.")
def _ch4_ex3():
    return trt_choice_in_band()


def weekly_mean(model, plan, output: str, duration: str = "6w") -> float:
    """Mean of ``output`` over the last simulated week (pulse-averaged resolution)."""
    from . import simulate
    res = simulate(model, plan, duration=duration, resolution="mean")
    return float(res[output][res.t_hours >= res.t_hours[-1] - 168].mean())


@exercise("ch5-ex1", form="the ratio of mean estradiol at BMI 35 to mean estradiol at BMI 22",
          rel_tol=0.03, hint="untreated hs.MaleHPG(age=50, bmi=...) for 6 weeks; average the last "
          "week of each.")
def _ch5_ex1():
    from . import MaleHPG
    return (weekly_mean(MaleHPG(age=50, bmi=35), None, "estradiol")
            / weekly_mean(MaleHPG(age=50, bmi=22), None, "estradiol"))


@exercise("ch5-ex2", form="the fall in mean estradiol, in % of its value without anastrozole",
          unit="%", rel_tol=0.05, hint="man of 50 with BMI 30 on cypionate 100 mg weekly, with and "
          "without anastrozole 0.5 mg every 3.5 days; compare the last week of 6.")
def _ch5_ex2():
    from . import MaleHPG, dose
    man = MaleHPG(age=50, bmi=30)
    trt = dose("testosterone_cypionate", 100, "mg", every="7d")
    without = weekly_mean(man, trt, "estradiol")
    with_ai = weekly_mean(man, trt + dose("anastrozole", 0.5, "mg", every="3.5d"), "estradiol")
    return 100 * (1 - with_ai / without)


@exercise("ch5-ex3", form="a pair (t_ratio, e2_ratio): total T and estradiol after 12 weeks of "
          "anastrozole 1 mg daily, each relative to baseline", kind="numbers",
          parts=("t_ratio", "e2_ratio"), rel_tol=0.05,
          hint="hs.MaleHPG(age=68, bmi=28, leydig_scale=0.75); average days 70-84 against the "
          "untreated man.")
def _ch5_ex3():
    from .validation.male import burnett_bowie
    b = burnett_bowie()
    return (b["t_ratio"], b["e2_ratio"])


def gonadorelin_lh(plan, own_pulses: bool = False) -> float:
    """Mean LH over days 3-5 under a gonadorelin plan (pulse resolution, chapter 6)."""
    from . import MaleHPG, simulate
    res = simulate(MaleHPG(gnrh_pulse_generator=own_pulses), plan, duration="5d",
                   resolution="pulse", record_every="20min")
    return float(res["lh"][res.t_hours >= 72].mean())


@exercise("ch6-ex1", form="a pair (lh_pulsatile, lh_continuous) in IU/L", kind="numbers",
          parts=("lh_pulsatile", "lh_continuous"), unit="IU/L", rel_tol=0.05,
          hint="a man without his own GnRH pulses, 5 ug every 90 min versus an infusion of "
          "800 ug/day, mean LH over days 3-5 in the pulse resolution.")
def _ch6_ex1():
    from . import dose, infusion
    return (gonadorelin_lh(dose("gonadorelin", 5, "ug", every="90min")),
            gonadorelin_lh(infusion("gonadorelin", 800, "ug/day")))


def hcg_leydig_ratio(hcg_iu: float, te_mg_week: float = 200.0) -> float:
    """Week-3 Leydig secretion on TE (+ hCG every other day) relative to the untreated man."""
    from . import MaleHPG, dose, simulate
    man = MaleHPG(age=30, bmi=25)
    base = simulate(man, duration="4d", resolution="mean")
    plan = dose("testosterone_enanthate", te_mg_week, "mg", every="7d")
    if hcg_iu:
        plan = plan + dose("hcg", hcg_iu, "IU", every="2d")
    res = simulate(man, plan, duration="21d", resolution="mean")
    return float(res["leydig_secretion"][res.t_days >= 14].mean()
                 / base["leydig_secretion"][base.t_hours >= 24].mean())


@exercise("ch6-ex2", form="the smallest of 125, 250, 500, 1000 IU (an integer)", kind="integer",
          unit="IU", hint="compute week-3 Leydig secretion relative to the untreated man for each "
          "hCG dose on top of enanthate 200 mg weekly; find the first at or above 1.")
def _ch6_ex2():
    for iu in (125, 250, 500, 1000):
        if hcg_leydig_ratio(iu) >= 1.0:
            return iu
    return 0


@exercise("ch6-ex3", form="mean LH over days 3-5, a number in IU/L", unit="IU/L", rel_tol=0.05,
          hint="a man without his own GnRH pulses given 100 ug gonadorelin every 3.5 days.")
def _ch6_ex3():
    from . import dose
    return gonadorelin_lh(dose("gonadorelin", 100, "ug", every="3.5d"))


def lh_for_interval(interval_min: float, pulse_ug: float = 5.0) -> float:
    """Day-2 mean LH for gonadorelin pulses every ``interval_min`` (GnRH-deficient man, ch 9)."""
    from . import MaleHPG, dose, simulate
    res = simulate(MaleHPG(gnrh_pulse_generator=False),
                   dose("gonadorelin", pulse_ug, "ug", every=f"{interval_min:g}min"),
                   duration="2d", resolution="pulse", record_every="4min")
    return float(res["lh"][res.t_hours >= 24].mean())


@exercise("ch9-ex1", form="the interval in minutes (an integer: 30, 60, 90, 120 or 180)",
          kind="integer", unit="min", hint="day-2 mean LH for 5 ug pulses at each interval; "
          "careful, more pulses do not always mean more LH.")
def _ch9_ex1():
    intervals = (30, 60, 90, 120, 180)
    return intervals[int(np.argmax([lh_for_interval(i) for i in intervals]))]


def lh_recovery_day(te_mg: float = 250.0, within: float = 0.1) -> float:
    """Days after a single TE dose (given on day 2) until LH is back within ``within`` of its set point."""
    from . import MaleHPG, dose, simulate
    res = simulate(MaleHPG(age=35, bmi=25), dose("testosterone_enanthate", te_mg, "mg",
                                                 start="2d", count=1),
                   duration="8w", resolution="mean", record_every="6h")
    lh, d = res["lh"], res.t_days
    lh0 = lh[d < 2].mean()
    low = int(np.argmin(lh))
    back = np.nonzero(lh[low:] >= (1 - within) * lh0)[0]
    return float(d[low + back[0]] - 2.0) if back.size else float("nan")


@exercise("ch9-ex2", form="days from the injection until LH is back within 10% of its set point",
          unit="days", rel_tol=0.1, hint="one 250 mg enanthate dose on day 2 in hs.MaleHPG(age=35, "
          "bmi=25); find LH's lowest point, then the first time after it that LH reaches 90% of "
          "its pre-dose mean.")
def _ch9_ex2():
    return lh_recovery_day()


@exercise("ch9-ex3", form="the ratio of mean total T with the feedback threshold doubled to mean "
          "total T at the default threshold", rel_tol=0.05,
          hint="hs.MaleHPG(age=35, bmi=25) untreated, free_t_feedback_pg_ml 66.3 and 132.6, last "
          "week of 6 in the pulse-averaged resolution.")
def _ch9_ex3():
    from . import MaleHPG
    return (weekly_mean(MaleHPG(age=35, bmi=25, free_t_feedback_pg_ml=132.6), None, "testosterone")
            / weekly_mean(MaleHPG(age=35, bmi=25), None, "testosterone"))
