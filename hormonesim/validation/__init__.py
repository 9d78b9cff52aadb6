"""Published observations, the models' value of each, and the scorecard.

The observations are data: ``observations.csv`` in this folder holds one row per published
number (id, axis, quantity, value, unit, tolerance band, the reason for the band, the
``references.bib`` key of the source, and whether a model parameter was calibrated on it). The
axis modules (:mod:`.male`, :mod:`.female`, :mod:`.gh`) only know how to compute the same
quantity from a simulation, one function per id. :func:`scorecard` joins the two.

How calibration and checks are kept apart: a row is ``calibrated=true`` when any parameter was
chosen by looking at that number (the parameter's source then names it); every other row is an
out-of-sample check the parameters were never tuned on. Every model value is computed by running
the simulator (``tests/test_validation_table.py`` checks that each computation calls
:func:`hormonesim.simulate` at least once), so no row compares a parameter with itself.

Examples
--------
>>> import hormonesim as hs
>>> card = hs.validation.scorecard(axis="female_hpo")   # doctest: +SKIP
>>> card.rows[0]["id"], card.summary()["out_of_sample"]  # doctest: +SKIP
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

TABLE = Path(__file__).with_name("observations.csv")
AXES = ("male_hpg", "pk", "gh", "female_hpo")
_COLUMNS = ("id", "axis", "quantity", "value", "unit", "low", "high", "tolerance_reason",
            "source", "calibrated", "population", "dose", "note", "if_outside")


@dataclass(frozen=True)
class Observation:
    """One published observation (a row of ``observations.csv``) and how to compute it.

    ``description`` is the table's ``quantity``; ``compute`` returns the model's value in
    ``unit`` when called with no arguments; ``if_outside`` says why the model misses the band
    when it does (empty when it does not).
    """

    id: str
    axis: str
    description: str
    value: float
    unit: str
    low: float
    high: float
    tolerance_reason: str
    source: str
    calibrated: bool
    population: str
    dose: str
    note: str = ""
    if_outside: str = ""
    compute: Callable[[], float] = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Comparison:
    """An observation with the model's value and whether it falls in the tolerance band."""

    observation: Observation
    model_value: float

    @property
    def within(self) -> bool:
        return self.observation.low <= self.model_value <= self.observation.high


def _registry() -> dict[str, Callable[[], float]]:
    from . import female, gh, male
    out: dict[str, Callable[[], float]] = {}
    for module in (male, gh, female):
        for key, fn in module.COMPUTE.items():
            if key in out:
                raise ValueError(f"observation id {key!r} is computed twice")
            out[key] = fn
    return out


def read_table(path: Path | str = TABLE) -> list[dict]:
    """The rows of the observation table as dicts (numbers as floats, ``calibrated`` as bool)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        if None in row:
            # csv puts the cells beyond the header under the key None: an unquoted comma in a
            # text column, which would silently cut that column's text short
            raise ValueError(f"{path}: row {row.get('id')!r} has more cells than the header "
                             f"(an unquoted comma?); extra cells: {row[None]}")
        missing = [c for c in _COLUMNS if c not in row and c != "if_outside"]
        if missing:
            raise ValueError(f"{path}: columns missing: {missing}")
        if row["calibrated"] not in ("true", "false"):
            raise ValueError(f"{row['id']}: calibrated must be true or false, got "
                             f"{row['calibrated']!r}")
        if row["axis"] not in AXES:
            raise ValueError(f"{row['id']}: axis {row['axis']!r} is not one of {AXES}")
        clean = dict(row)
        for key in ("value", "low", "high"):
            clean[key] = float(row[key])
        if not clean["low"] <= clean["high"]:
            raise ValueError(f"{row['id']}: low > high")
        clean["calibrated"] = row["calibrated"] == "true"
        clean.setdefault("if_outside", "")
        clean["if_outside"] = clean["if_outside"] or ""
        out.append(clean)
    ids = [r["id"] for r in out]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"duplicate observation ids: {dupes}")
    return out


def observations() -> list[Observation]:
    """Every observation of the table, each with the function that computes the model's value."""
    registry = _registry()
    rows = read_table()
    unknown = sorted(set(registry) - {r["id"] for r in rows})
    if unknown:
        raise ValueError(f"computed but not in {TABLE.name}: {unknown}")
    obs = []
    for r in rows:
        if r["id"] not in registry:
            raise ValueError(f"{r['id']}: no function computes it (add one to the axis module)")
        obs.append(Observation(r["id"], r["axis"], r["quantity"], r["value"], r["unit"], r["low"],
                               r["high"], r["tolerance_reason"], r["source"], r["calibrated"],
                               r["population"], r["dose"], r["note"], r["if_outside"],
                               registry[r["id"]]))
    return obs


def evaluate(axis: str | None = None) -> list[Comparison]:
    """Compute the model's value for every observation (of one axis, if given)."""
    if axis is not None and axis not in AXES:
        raise ValueError(f"axis must be one of {AXES}, got {axis!r}")
    return [Comparison(o, float(o.compute())) for o in observations()
            if axis is None or o.axis == axis]


@dataclass(frozen=True)
class Scorecard:
    """One row per observation: ``id, axis, quantity, calibrated, value, model_value, low, high,
    unit, passed, source, tolerance_reason, note, if_outside``."""

    rows: list[dict]

    def __len__(self) -> int:
        return len(self.rows)

    def select(self, calibrated: bool | None = None, axis: str | None = None) -> "Scorecard":
        """The rows with the given calibration flag and/or axis."""
        return Scorecard([r for r in self.rows
                          if (calibrated is None or r["calibrated"] == calibrated)
                          and (axis is None or r["axis"] == axis)])

    def summary(self) -> dict:
        """Counts and pass rates, overall and split into calibrated and out-of-sample."""
        def rate(rows):
            return sum(r["passed"] for r in rows) / len(rows) if rows else float("nan")
        cal = [r for r in self.rows if r["calibrated"]]
        oos = [r for r in self.rows if not r["calibrated"]]
        return {"observations": len(self.rows), "calibrated": len(cal), "out_of_sample": len(oos),
                "passed": sum(r["passed"] for r in self.rows),
                "calibrated_pass_rate": rate(cal), "out_of_sample_pass_rate": rate(oos)}

    def to_csv(self, path: str | Path | None = None) -> str:
        """The scorecard as CSV text (also written to ``path`` if given)."""
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(self.rows[0]) if self.rows else ["id"])
        writer.writeheader()
        writer.writerows(self.rows)
        text = buf.getvalue()
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text


def scorecard(axis: str | None = None) -> Scorecard:
    """Run every observation's simulation and score it against its band.

    Parameters
    ----------
    axis : str, optional
        Only this axis (``"male_hpg"``, ``"pk"``, ``"gh"``, ``"female_hpo"``).

    Returns
    -------
    Scorecard
        ``.rows`` (list of dicts), ``.summary()``, ``.select(...)`` and ``.to_csv()``.
    """
    rows = []
    for c in evaluate(axis):
        o = c.observation
        rows.append({"id": o.id, "axis": o.axis, "quantity": o.description,
                     "calibrated": o.calibrated, "value": o.value, "model_value": c.model_value,
                     "low": o.low, "high": o.high, "unit": o.unit, "passed": c.within,
                     "source": o.source, "tolerance_reason": o.tolerance_reason, "note": o.note,
                     "if_outside": "" if c.within else o.if_outside})
    return Scorecard(rows)


__all__ = ["Observation", "Comparison", "Scorecard", "observations", "evaluate", "scorecard",
           "read_table", "TABLE", "AXES"]
