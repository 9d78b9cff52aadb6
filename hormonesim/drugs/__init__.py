"""The drug registry: every drug id the package knows, with route, units and sources.

Each module below contributes a ``DRUG_LIST``; :data:`DRUGS` maps id to :class:`Drug`.
"""
from __future__ import annotations

from types import MappingProxyType

from .._validate import check_choice
from .base import Drug
from . import female, male_adjuncts, peptides, testosterone

_MODULES = [testosterone, male_adjuncts, peptides, female]

DRUGS = MappingProxyType({d.id: d for m in _MODULES for d in m.DRUG_LIST})


def get_drug(drug_id: str) -> Drug:
    """The :class:`Drug` for ``drug_id``; raises a ValueError listing known ids otherwise."""
    if isinstance(drug_id, Drug):
        return drug_id
    check_choice("drug", drug_id, sorted(DRUGS))
    return DRUGS[drug_id]


__all__ = ["Drug", "DRUGS", "get_drug"]
