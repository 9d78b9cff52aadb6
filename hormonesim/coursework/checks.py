"""The self-check framework for the book's exercises (coursework floor; numpy and the core only).

A reader who has worked out an exercise calls::

    hs.checks.check("ch1-ex1", answer_ch1_ex1)

and gets back a :class:`CheckResult` that says right, close or wrong and what to look at. It never
returns or prints the expected value, and no public name of this module gives it: the expected
value is computed from the model, privately, by the exercise's answer function in the sealed
answer key (:mod:`hormonesim.coursework.key`). The grader (:mod:`~hormonesim.coursework.grading`)
runs each submission in a sandbox whose copy of the package has no answer key at all, so there
``check`` only says "recorded" and a notebook that reaches for the key gets an import error; the
grader compares the extracted answers in its own process with :func:`grade`. Readers reach this
module as ``hs.checks`` (bound on first use); it loads no plotting or notebook library, so it
also works in JupyterLite.

Variants. An exercise may name parameters that differ per student (:class:`Vary`): the book and
a release without a roster use each parameter's ``book`` value; a course release with a roster
draws each student's values from a seed derived from the course salt and the student id
(:func:`variant`) and writes them into that student's notebooks (a ``use_variant`` cell), so the
self-checks and the grader use the same virtual patient.

The full recipe for adding an exercise is in the :mod:`hormonesim.coursework` docstring.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from numbers import Real
from typing import Any, Callable, Sequence

import numpy as np

__all__ = ["CheckResult", "Vary", "Written", "check", "describe", "exercise", "grade", "registered",
           "use_variant", "variant", "variant_note", "written_parts"]

_ID_PATTERN = re.compile(r"^ch\d+-ex\d+$")
_KINDS = ("number", "integer", "numbers", "choice", "written")
#: the module that holds the answer key; absent from the grading sandbox's copy of the package
KEY_MODULE = "hormonesim.coursework.key"


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
        ``"correct"``, ``"partial"`` (some parts of a multi-part answer right), ``"incorrect"``,
        ``"blank"`` (no answer yet) or ``"recorded"`` (no answer key here: the grader checks it).
    score : float
        Fraction of the exercise's automatically graded points earned, 0 to 1.
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
# exercise definitions: variants, written parts, the registry
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Vary:
    """A parameter of an exercise that differs per student.

    Parameters
    ----------
    book : float
        The value in the book's text (the default variant).
    low, high, step : float
        A student's value is drawn uniformly from ``low, low + step, ..., high``.
    label : str
        What the parameter is, as the exercise text names it ("the man's age").
    unit : str
        Its unit, for the student's note.
    choices : tuple of float, optional
        Draw from these values instead of the grid (for example the patch strengths on sale).
    """

    book: float
    low: float = 0.0
    high: float = 0.0
    step: float = 1.0
    label: str = ""
    unit: str = ""
    choices: tuple = ()

    def __post_init__(self):
        if not self.choices and not (self.low <= self.book <= self.high and self.step > 0):
            raise ValueError(f"Vary needs low <= book <= high and step > 0, got {self!r}")

    def grid(self) -> list:
        if self.choices:
            return list(self.choices)
        n = int(round((self.high - self.low) / self.step)) + 1
        return [round(self.low + i * self.step, 10) for i in range(n)]


@dataclass(frozen=True)
class Written:
    """A part of an exercise the instructor grades by hand (an explanation, a judgement).

    Parameters
    ----------
    points : float
        Maximum points of the written part.
    prompt : str
        What the student is asked to write, in a few words.
    rubric : tuple of str
        Grading guide, one line per level, e.g. ``("2: names the delay and the gain", ...)``.
    """

    points: float
    prompt: str
    rubric: tuple = ()


@dataclass(frozen=True)
class _Exercise:
    exercise_id: str
    form: str
    kind: str = "number"
    unit: str = ""
    rel_tol: float = 0.02
    abs_tol: float = 0.0
    parts: tuple = ()
    choices: tuple = ()
    hint: str = ""
    points: float = 1.0
    vary: dict = field(default_factory=dict)
    written: Written | None = None
    note: str = ""
    _answer: Callable[..., Any] | None = field(default=None, repr=False, compare=False)


_REGISTRY: dict[str, _Exercise] = {}
_CACHE: dict = {}
_VARIANT: dict[str, dict] = {}
_STATE = {"key": None}           # None: not loaded yet; True: loaded; False: absent (grading)


def exercise(exercise_id: str, *, form: str, kind: str = "number", unit: str = "",
             rel_tol: float = 0.02, abs_tol: float = 0.0, parts: Sequence[str] = (),
             choices: Sequence[str] = (), hint: str = "", points: float = 1.0,
             vary: dict | None = None, written: Written | None = None, note: str = ""):
    """Decorator registering an exercise and the function that computes its expected answer.

    Use it in the chapter's module of the answer key, ``hormonesim/coursework/key/chNN_*.py``.
    The decorated function takes the varied parameters as keyword arguments and returns the
    expected answer computed from the model.

    Parameters
    ----------
    exercise_id : str
        ``"ch<n>-ex<m>"``, the label of the exercise directive in the chapter.
    form : str
        The answer form in words, e.g. ``"a number in ng/mL"``.
    kind : {"number", "integer", "numbers", "choice", "written"}
        How answers are compared; ``"written"``: no automatic part, only ``written``.
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
        Points of the automatically graded part (> 0; ignored for ``"written"``).
    vary : dict of str to Vary
        Parameters that differ per student (keyword arguments of the answer function). A name
        used by several exercises of a chapter is the same parameter (same value per student).
    written : Written, optional
        The hand-graded part (explanation) with its points and rubric.
    note : str or callable
        Instructions shown to a student with a variant, formatted with the parameter values,
        e.g. ``"simulate hs.FeedbackLoop(delay_h={delay_h}) instead of reading the figure"``, or
        a function of the parameter dict returning that text.

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
    if kind == "written" and written is None:
        raise ValueError("kind='written' needs written=Written(points, prompt, rubric)")
    if not points > 0:
        raise ValueError(f"points must be > 0, got {points!r}")
    vary = dict(vary or {})
    chapter = exercise_id.split("-")[0]
    for name, v in vary.items():
        if not isinstance(v, Vary):
            raise TypeError(f"vary[{name!r}] must be a Vary, got {type(v).__name__}")
        for other in _REGISTRY.values():
            if other.exercise_id.split("-")[0] == chapter and name in other.vary \
                    and other.vary[name] != v:
                raise ValueError(f"{exercise_id}: parameter {name!r} differs from {other.exercise_id}'s; "
                                 "a name shared within a chapter must be the same Vary")

    def register(compute: Callable[..., Any]) -> Callable[..., Any]:
        _REGISTRY[exercise_id] = _Exercise(
            exercise_id, form, kind, unit, float(rel_tol), float(abs_tol), tuple(parts),
            tuple(c.lower() for c in choices), hint, 0.0 if kind == "written" else float(points),
            vary, written, note, compute if kind != "written" else None)
        return compute

    return register


def _load_key() -> bool:
    """Import the answer key once; False where it is absent (the grading sandbox)."""
    if _STATE["key"] is None:
        import importlib
        try:
            importlib.import_module(KEY_MODULE)
            _STATE["key"] = True
        except ModuleNotFoundError as e:
            if e.name is None or not KEY_MODULE.startswith(e.name):
                raise
            _STATE["key"] = False
    return _STATE["key"]


def registered() -> list[str]:
    """Ids of every exercise with a definition, in chapter and exercise order (empty where
    the answer key is absent)."""
    _load_key()

    def key(eid):
        ch, ex = re.findall(r"\d+", eid)
        return int(ch), int(ex)
    return sorted(_REGISTRY, key=key)


def _lookup(exercise_id) -> _Exercise:
    if not isinstance(exercise_id, str):
        raise TypeError(f"exercise_id must be a string such as 'ch1-ex1', got {exercise_id!r} of "
                        f"type {type(exercise_id).__name__}")
    _load_key()
    try:
        return _REGISTRY[exercise_id]
    except KeyError:
        same_chapter = [e for e in registered() if e.split("-")[0] == exercise_id.split("-")[0]]
        known = same_chapter or registered()
        raise ValueError(f"unknown exercise id {exercise_id!r}; exercises with a self-check"
                         f"{' in this chapter' if same_chapter else ''}: {', '.join(known)}") from None


def describe(exercise_id: str) -> str:
    """The answer form of an exercise in words (what to put in the answer cell)."""
    return _lookup(exercise_id).form


def written_parts(exercise_id: str) -> Written | None:
    """The hand-graded part of an exercise (points, prompt, rubric), or None."""
    return _lookup(exercise_id).written


# ----------------------------------------------------------------------------------------------
# variants
# ----------------------------------------------------------------------------------------------
def variant(exercise_id: str, student: str | None = None, salt: str = "") -> dict:
    """The parameter values of an exercise for one student (the book's values without a student).

    Each value is drawn from its :class:`Vary` grid with a seed from
    ``sha256(salt | student | chapter | parameter)``, so a parameter shared by the exercises of
    a chapter (the same virtual man) has one value per student.
    """
    spec = _lookup(exercise_id)
    if student is None:
        return {name: v.book for name, v in spec.vary.items()}
    if not isinstance(student, str) or not student.strip():
        raise ValueError(f"student must be a non-empty id, got {student!r}")
    chapter = exercise_id.split("-")[0]
    out = {}
    for name, v in spec.vary.items():
        digest = hashlib.sha256(f"{salt}|{student.strip()}|{chapter}|{name}".encode()).digest()
        grid = v.grid()
        out[name] = grid[int.from_bytes(digest[:8], "big") % len(grid)]
    return out


def variant_note(exercise_id: str, params: dict) -> str:
    """Markdown telling a student which values their version of an exercise uses."""
    spec = _lookup(exercise_id)
    lines = [f"- {v.label}: **{params[n]:g}{' ' + v.unit if v.unit else ''}** "
             f"(the book's text: {v.book:g})" for n, v in spec.vary.items()]
    note = spec.note(params) if callable(spec.note) else spec.note.format(**params)
    text = note if spec.note else ""
    return "\n".join(([text, ""] if text else []) + lines)


def use_variant(student: str, params: dict) -> None:
    """Set this kernel's exercise parameters (the cell a course release writes; do not edit it:
    the grader takes your variant from your hand-in folder, not from the notebook)."""
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of exercise id to parameter values, got {params!r}")
    _VARIANT.clear()
    _VARIANT.update({str(k): dict(v) for k, v in params.items()})


# ----------------------------------------------------------------------------------------------
# comparing
# ----------------------------------------------------------------------------------------------
def _target(spec: _Exercise, params: dict):
    key = (spec.exercise_id, tuple(sorted(params.items())))
    if key not in _CACHE:
        _CACHE[key] = spec._answer(**params)
    return _CACHE[key]


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


def _within(value: float, target: float, spec: _Exercise) -> bool:
    return abs(value - target) <= max(spec.abs_tol, spec.rel_tol * abs(target)) + 1e-12


def _diagnose(value: float, target: float, spec: _Exercise) -> str:
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
    if abs(value - target) <= 4 * max(tol, 1e-9):
        return "close, but outside the tolerance: check rounding, the time window or the settings"
    return f"your value is {'higher' if value > target else 'lower'} than the model gives"


def _wrong(spec: _Exercise, detail: str) -> str:
    hint = f" Hint: {spec.hint}" if spec.hint else ""
    if spec.kind != "numbers":           # numbers start with a part name: keep it as written
        detail = detail[0].upper() + detail[1:]
    return f"{spec.exercise_id}: not yet. {detail}.{hint}"


def grade(exercise_id: str, answer, params: dict | None = None) -> CheckResult:
    """Compare ``answer`` with the model's answer for the given variant; never reveals it.

    Parameters
    ----------
    exercise_id : str
        A registered exercise id (see :func:`registered`).
    answer
        The answer, in the form :func:`describe` gives. ``None`` or ``...`` mean "not answered
        yet" and score 0 without an error.
    params : dict, optional
        The variant's parameter values (:func:`variant`); the book's values by default.

    Raises
    ------
    ValueError
        Unknown exercise id, or a multi-part answer with the wrong number of parts.
    TypeError
        An answer of the wrong type (for example text where a number is asked).
    """
    spec = _lookup(exercise_id)
    if spec.kind == "written":
        return CheckResult(exercise_id, "written", 0.0,
                           f"{exercise_id}: a written answer; your instructor grades it.")
    if _is_blank(answer):
        return CheckResult(exercise_id, "blank", 0.0,
                           f"{exercise_id}: no answer yet. Replace ... with {spec.form}.")
    full = {**variant(exercise_id), **(params or {})}
    if set(full) != set(spec.vary):
        raise ValueError(f"{exercise_id}: parameters {sorted(full)} do not match the exercise's "
                         f"{sorted(spec.vary)}")
    target = _target(spec, full)
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
    """Self-check an exercise answer in a notebook: right, close or wrong, and what to look at.

    Uses this notebook's variant (the ``use_variant`` cell of a course release; the book's
    values otherwise). Where the answer key is absent (a graded run), the answer is only
    recorded: the grader checks it in its own process.

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
    if not _load_key():
        if not isinstance(exercise_id, str):
            raise TypeError(f"exercise_id must be a string such as 'ch1-ex1', got {exercise_id!r}")
        status = "blank" if _is_blank(answer) else "recorded"
        return CheckResult(exercise_id, status, 0.0,
                           f"{exercise_id}: answer {'not given yet' if status == 'blank' else 'recorded'}; "
                           "self-checks are off while grading (the grader checks it).")
    return grade(exercise_id, answer, _VARIANT.get(exercise_id))


def __getattr__(name: str):
    """``hs.checks.hcg_leydig_ratio`` and the other helpers the chapters' solutions call.

    They live with their chapter in :mod:`hormonesim.coursework.answers` (analysis the chapter
    shows, not the answer key); this keeps the path readers' notebooks use working.
    """
    from . import answers
    if name in answers.HELPERS:
        return getattr(answers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
