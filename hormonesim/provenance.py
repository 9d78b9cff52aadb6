"""Parameters that carry their unit and their source.

Every model or drug parameter is declared with :func:`param`, which stores the value as a
dataclass default and records, in the field's metadata, its unit and the key of the
``references.bib`` entry it comes from. A test walks every model and drug and checks that each
source key exists in ``references.bib``, so the package's provenance and the book's
bibliography are one list.

``source`` may also be ``"derived: <how>"`` for a value computed from cited ones, or
``"teaching: <why>"`` for a value chosen to make a teaching model behave (these are listed on the
validation page, so a reader can see which numbers are not measurements).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

_SOURCE_RE = re.compile(r"^(derived|teaching|calibrated): .+|^[A-Za-z][A-Za-z0-9_:-]*$")


def param(value: Any, unit: str, source: str, note: str = "", *, low: float | None = None,
          high: float | None = None):
    """Declare a dataclass field holding a sourced parameter.

    Parameters
    ----------
    value : Any
        Default value.
    unit : str
        Unit of the value (``"1/h"``, ``"ng/dL"``, ``"1"`` for dimensionless).
    source : str
        A ``references.bib`` key, or ``"derived: ..."``, ``"calibrated: ..."`` or ``"teaching: ..."``.
    note : str
        What the number is, in a few words.
    low, high : float, optional
        The range a user may set it to (checked by models that accept it as an argument).
    """
    if not _SOURCE_RE.match(source):
        raise ValueError(f"source {source!r} is not a bib key or 'derived:/calibrated:/teaching: ...'")
    return dataclasses.field(default=value, metadata={"unit": unit, "source": source, "note": note,
                                                      "low": low, "high": high})


def parameter_table(obj) -> list[dict]:
    """Rows (name, value, unit, source, note) for every sourced field of a dataclass instance."""
    rows = []
    for f in dataclasses.fields(obj):
        if "source" in f.metadata:
            rows.append({"name": f.name, "value": getattr(obj, f.name), "unit": f.metadata["unit"],
                         "source": f.metadata["source"], "note": f.metadata["note"]})
    return rows


def bib_keys(source: str) -> list[str]:
    """The references.bib keys a source string names (none for derived/teaching values,
    except keys written in square brackets inside them, e.g. ``"derived: from [bhasin2018]"``)."""
    if re.match(r"^[A-Za-z][A-Za-z0-9_:-]*$", source):
        return [source]
    return re.findall(r"\[([A-Za-z][A-Za-z0-9_:-]*)\]", source)
