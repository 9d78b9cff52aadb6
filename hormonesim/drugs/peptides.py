"""Drugs of this group (filled in by its chapter's work)."""
from __future__ import annotations

DRUG_LIST: list = []
