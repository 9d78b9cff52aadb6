"""Reference ranges, each with its population, assay and source.

Reference ranges describe where most of a healthy reference population lies; they are not
targets for an individual (chapter 3 explains the difference). Plots draw them as bands.
"""
from __future__ import annotations

from dataclasses import dataclass

from ._validate import check_choice


@dataclass(frozen=True)
class ReferenceRange:
    """A published reference interval.

    Attributes
    ----------
    hormone : str
        Output name (``"testosterone"``).
    low, high : float
        Bounds in ``unit``.
    unit : str
    population : str
        Who the interval describes.
    source : str
        references.bib key.
    """

    hormone: str
    low: float
    high: float
    unit: str
    population: str
    source: str


#: ranges by key ``"<hormone>:<population key>"``
RANGES: dict[str, ReferenceRange] = {
    "testosterone:men": ReferenceRange(
        "testosterone", 264.0, 916.0, "ng/dL",
        "men 19-39 y, non-obese, 2.5th-97.5th percentile, CDC-harmonised assays", "travison2017"),
    "estradiol:men": ReferenceRange(
        "estradiol", 3.3, 37.0, "pg/mL", "men, LC-MS/MS (12-136 pmol/L)", "verdonk2019"),
    "estradiol:postmenopause": ReferenceRange(
        "estradiol", 0.0, 7.1, "pg/mL", "postmenopausal women, LC-MS/MS (< 26 pmol/L)", "verdonk2019"),
    "testosterone:women": ReferenceRange(
        "testosterone", 7.1, 49.8, "ng/dL", "US women, 10th-90th percentile, LC-MS/MS (NHANES 2011-12)",
        "vesper2015"),
}


def reference_range(hormone: str, population: str) -> ReferenceRange:
    """The reference range of ``hormone`` for ``population`` (e.g. ``"men"``)."""
    key = f"{hormone}:{population}"
    check_choice("reference range", key, sorted(RANGES))
    return RANGES[key]
