"""The drug registry: every drug id the package knows, with route, units and sources.

Each module below contributes a ``DRUG_LIST``; :data:`DRUGS` maps id to :class:`Drug`.
"""
from __future__ import annotations

from collections.abc import Mapping

from .._validate import check_choice, did_you_mean
from .base import Drug
from . import female, male_adjuncts, peptides, testosterone

_MODULES = [testosterone, male_adjuncts, peptides, female]


class UnknownDrugError(KeyError, ValueError):
    """A drug id the registry does not know (a KeyError that is also a ValueError)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class DrugRegistry(Mapping):
    """Read-only mapping of drug id -> :class:`Drug`; an unknown id names the close match."""

    def __init__(self, drugs):
        self._drugs = {d.id: d for d in drugs}

    def __getitem__(self, drug_id: str) -> Drug:
        try:
            return self._drugs[drug_id]
        except (KeyError, TypeError):
            raise UnknownDrugError(f"unknown drug {drug_id!r}{did_you_mean(drug_id, self._drugs)}"
                                   f"; allowed: {', '.join(map(repr, sorted(self._drugs)))}"
                                   ) from None

    def __iter__(self):
        return iter(self._drugs)

    def __len__(self) -> int:
        return len(self._drugs)

    def __repr__(self) -> str:
        return f"DRUGS({', '.join(self._drugs)})"


DRUGS = DrugRegistry(d for m in _MODULES for d in m.DRUG_LIST)


def get_drug(drug_id: str) -> Drug:
    """The :class:`Drug` for ``drug_id``; raises a ValueError listing known ids otherwise."""
    if isinstance(drug_id, Drug):
        return drug_id
    check_choice("drug", drug_id, sorted(DRUGS))
    return DRUGS[drug_id]


__all__ = ["Drug", "DRUGS", "DrugRegistry", "UnknownDrugError", "get_drug"]
