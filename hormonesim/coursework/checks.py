"""The self-check framework for the book's exercises (coursework floor; numpy and the core only).

A reader who has worked out an exercise calls::

    hs.checks.check("ch1-ex1", answer_ch1_ex1)

and gets back a :class:`CheckResult` that says whether the answer is right or, if not, what to look
at, without revealing the expected value. The expected value is computed *from the model* the first
time it is needed (and then cached), so a change in the package can never leave a stale number in a
check; the instructor's grader (:mod:`hormonesim.coursework.grading`) calls the same :func:`grade`
in its own process, never trusting a value computed in a student's kernel. Readers reach this
module as ``hs.checks`` (bound on first use, so ``import hormonesim`` stays light); it loads no
plotting or notebook library, so it also works in JupyterLite.

Adding a check for a chapter (chapter authors)
----------------------------------------------
The answers live one module per chapter, ``hormonesim/coursework/answers/chNN_<notebook>.py``
(chapter 6: ``answers/ch06_keeping_the_axis_running.py``). Write a function there that computes
the expected answer from the package and decorate it::

    from ..checks import exercise

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
    try:
        return float(answer)
    except OverflowError:  # an int beyond float range (e.g. 10**400): say so, not a raw error
        raise ValueError(f"{exercise_id}: the {what} {str(answer)[:20]}... is too large to be a "
                         f"number of this exercise (allowed: a finite number, at most about "
                         f"1.8e308)") from None


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


# integrity snapshot: the grader compares these with the live objects to detect monkeypatching
_ORIGINAL = {name: (globals()[name], globals()[name].__code__)
             for name in ("check", "grade", "expected", "_lookup", "_within", "_as_number")}


def __getattr__(name: str):
    """``hs.checks.hcg_leydig_ratio`` and the other helpers the chapters' solutions call.

    They live with their chapter's answers in :mod:`hormonesim.coursework.answers`; this keeps
    the path readers' notebooks use working.
    """
    from . import answers
    if name in answers.HELPERS:
        return getattr(answers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
