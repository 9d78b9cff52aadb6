"""Every source the package names is an entry of references.bib: one list for code and book."""
import re
from pathlib import Path

import pytest

import hormonesim as hs
from hormonesim.models.base import Model
from hormonesim.provenance import bib_keys
from hormonesim.reference import RANGES

ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(), re.M))


def _model_classes():
    seen, todo = [], list(Model.__subclasses__())
    while todo:
        cls = todo.pop(0)
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    # the package's models (tests define stand-in models of their own)
    return [cls for cls in seen if cls.__module__.startswith("hormonesim.")]


def _sources():
    for cls in _model_classes():
        for row in cls().parameters():
            yield f"{cls.__name__}.{row['name']}", row["source"]
    for drug in hs.DRUGS.values():
        for attr, src in drug.sources.items():
            yield f"{drug.id}.{attr}", src
        for key in re.findall(r"\[([A-Za-z][A-Za-z0-9_:-]*)\]", drug.evidence):
            yield f"{drug.id}.evidence", key
    for key, rr in RANGES.items():
        yield f"reference range {key}", rr.source
    from hormonesim.validation import observations
    for obs in observations():
        yield f"validation {obs.id}", obs.source


def test_bibliography_has_no_duplicate_keys():
    keys = re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(), re.M)
    dupes = {k for k in keys if keys.count(k) > 1}
    assert not dupes, f"duplicate references.bib keys: {sorted(dupes)}"


def test_every_named_source_is_in_references_bib():
    missing = [(where, key) for where, src in _sources() for key in bib_keys(src)
               if key not in BIB_KEYS]
    assert not missing, f"sources missing from references.bib: {missing}"


def test_every_model_parameter_names_a_source():
    for cls in _model_classes():
        rows = cls().parameters()
        assert rows, f"{cls.__name__} declares no sourced parameters"
        for row in rows:
            assert row["source"], f"{cls.__name__}.{row['name']} has no source"


def test_book_citations_exist():
    """Every {cite} key used in a chapter is in references.bib (the build checks this too)."""
    cited = set()
    for nb in (ROOT / "chapters").rglob("*.ipynb"):
        for key_list in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", nb.read_text()):
            cited.update(k.strip() for k in key_list.split(","))
    for md in list((ROOT / "chapters").rglob("*.md")) + [ROOT / "intro.md"]:
        for key_list in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", md.read_text()):
            cited.update(k.strip() for k in key_list.split(","))
    assert cited <= BIB_KEYS, f"cited but not in references.bib: {sorted(cited - BIB_KEYS)}"


@pytest.mark.parametrize("source", ["teaching: why", "derived: from [a_key]", "key2020"])
def test_source_formats(source):
    from hormonesim.provenance import param
    assert param(1.0, "1", source).metadata["source"] == source


def test_bad_source_format_is_refused():
    from hormonesim.provenance import param
    with pytest.raises(ValueError, match="not a bib key"):
        param(1.0, "1", "from a paper I read")
