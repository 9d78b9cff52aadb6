"""Evidence statements come from one registry (evidence.yml) and read the same everywhere.

Source-level tests always run: the registry is valid, chapters name only statements and claims
that exist, no chapter types an evidence label by hand, every chapter has a claim check, every
citation key exists. The built-site test parses `_build/html` (or $HIL_SITE_DIR) when it exists:
every label on the site is a taxonomy value rendered from the registry, and no statement carries
two labels.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import hil_evidence  # noqa: E402  (the book's extension: one loader for the build and the tests)

TAXONOMY = hil_evidence.TAXONOMY
REGISTRY = hil_evidence.load_registry(ROOT)
STATEMENTS, CLAIMS = REGISTRY["statements"], REGISTRY["claims"]
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
TOC_FILES = [TOC["root"]] + [c["file"] for p in TOC["parts"] for c in p["chapters"]]
CHAPTERS = [f for f in TOC_FILES if re.search(r"/\d\d_", f)]

ROLE = re.compile(r"\{(evidence|evidence-label)\}`([^`]*)`")
DIRECTIVE = re.compile(r"^\s*```\{(evidence|claim-check)\}\s+(\S+)\s*$", re.MULTILINE)
CITE = re.compile(r"\{cite(?::\w+)?\}`([^`]*)`")


def _markdown(file: str) -> str:
    """The prose of a book page: markdown cells of a notebook, or the .md file."""
    path = ROOT / f"{file}.ipynb"
    if path.exists():
        nb = json.loads(path.read_text(encoding="utf-8"))
        return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return (ROOT / f"{file}.md").read_text(encoding="utf-8")


PAGES = {f: _markdown(f) for f in TOC_FILES}


# ---------------------------------------------------------------------------------------------
# the registry itself
# ---------------------------------------------------------------------------------------------

class _NoDuplicates(yaml.SafeLoader):
    pass


def _mapping_without_duplicates(loader, node, deep=False):
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise AssertionError(f"evidence.yml defines {duplicates} more than once: one statement "
                             f"id would carry two labels")
    return loader.construct_mapping(node, deep=deep)


_NoDuplicates.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                              _mapping_without_duplicates)


def test_registry_has_no_duplicate_ids():
    yaml.load((ROOT / "evidence.yml").read_text(encoding="utf-8"), Loader=_NoDuplicates)


def test_taxonomy_is_the_books_eight_labels_each_with_a_one_line_definition():
    assert list(REGISTRY["taxonomy"]) == list(TAXONOMY) or set(REGISTRY["taxonomy"]) == set(TAXONOMY)
    assert len(TAXONOMY) == 8
    for label, definition in REGISTRY["taxonomy"].items():
        assert "\n" not in definition.strip() and 20 < len(definition) < 300, label


def test_every_statement_has_a_known_label_existing_citations_and_a_past_check_date():
    keys = hil_evidence.bib_keys(ROOT / "references.bib")
    today = dt.date.today()
    assert len(STATEMENTS) >= 40
    for sid, entry in STATEMENTS.items():
        assert entry["label"] in TAXONOMY, sid
        assert entry["cite"] and set(entry["cite"]) <= keys, (sid, entry["cite"])
        assert dt.date.fromisoformat(entry["last_checked"]) <= today, sid
        assert len(entry["statement"]) > 30, sid


def test_the_registry_rejects_bad_entries(tmp_path):
    text = (ROOT / "evidence.yml").read_text(encoding="utf-8")
    (tmp_path / "references.bib").write_text((ROOT / "references.bib").read_text())
    bad_label = text.replace("label: limited evidence\n    cite: [harman2001, wu2010]",
                             "label: probably true\n    cite: [harman2001, wu2010]", 1)
    assert bad_label != text
    (tmp_path / "evidence.yml").write_text(bad_label)
    with pytest.raises(hil_evidence.ExtensionError, match="unknown label 'probably true'"):
        hil_evidence.load_registry(tmp_path)
    bad_key = text.replace("cite: [harman2001, wu2010]", "cite: [harman2001, nobody2099]", 1)
    (tmp_path / "evidence.yml").write_text(bad_key)
    with pytest.raises(hil_evidence.ExtensionError, match="nobody2099"):
        hil_evidence.load_registry(tmp_path)
    bad_claim = text.replace("evidence: [ghs-synergy, ghs-no-outcome-trials, gh-antiaging-review]",
                             "evidence: [ghs-synergy, no-such-statement]", 1)
    (tmp_path / "evidence.yml").write_text(bad_claim)
    with pytest.raises(hil_evidence.ExtensionError, match="no-such-statement"):
        hil_evidence.load_registry(tmp_path)


# ---------------------------------------------------------------------------------------------
# the chapters
# ---------------------------------------------------------------------------------------------

def _hand_typed_labels(text: str) -> list[str]:
    """Evidence labels typed in prose rather than rendered from the registry."""
    prose = ROLE.sub("", text)
    found = []
    names = sorted(set(TAXONOMY) | {"approved use"}, key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    patterns = [
        rf"\[\s*(?:{alternatives})\s*\]",                      # [limited evidence]
        rf"\*\*\s*\[?\s*(?:{alternatives})\s*\]?\s*\.?\s*\*\*",  # **[approved use]**, **Approved use.**
        r"guideline-recommended",                                # only ever used as a label
        r"evidence-label",                                       # raw HTML imitating the extension
    ]
    for pattern in patterns:
        found += [m.group(0) for m in re.finditer(pattern, prose, flags=re.IGNORECASE)]
    return found


@pytest.mark.parametrize("page", TOC_FILES)
def test_no_page_types_an_evidence_label_by_hand(page):
    typed = _hand_typed_labels(PAGES[page])
    assert not typed, (f"{page} types evidence labels by hand: {typed}; render them from "
                       f"evidence.yml with {{evidence}}`id` or {{evidence-label}}`id`")


def test_the_hand_typed_label_check_can_fail():
    assert _hand_typed_labels("approved **[approved use]** and [limited evidence] here")
    assert _hand_typed_labels("**Guideline advises against.** x")
    assert not _hand_typed_labels("a statement {evidence}`t-approved-use-label` in prose")


def _used_ids(text: str) -> tuple[set[str], set[str]]:
    statements = {m.group(2).strip() for m in ROLE.finditer(text)}
    claims = set()
    for kind, ident in DIRECTIVE.findall(text):
        (claims if kind == "claim-check" else statements).add(ident)
    return statements, claims


def test_every_statement_and_claim_named_in_the_book_exists():
    for page, text in PAGES.items():
        statements, claims = _used_ids(text)
        assert statements <= set(STATEMENTS), (page, sorted(statements - set(STATEMENTS)))
        assert claims <= set(CLAIMS), (page, sorted(claims - set(CLAIMS)))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_its_claim_check(chapter):
    _, claims = _used_ids(PAGES[chapter])
    assert claims, f"{chapter} has no claim-check box"
    for cid in claims:
        assert CLAIMS[cid]["chapter"] == chapter, (cid, CLAIMS[cid]["chapter"])


def test_twelve_chapters_and_one_claim_each():
    assert len(CHAPTERS) == 12
    assert sorted(c["chapter"] for c in CLAIMS.values()) == sorted(CHAPTERS)


def test_every_citation_in_the_book_exists():
    keys = hil_evidence.bib_keys(ROOT / "references.bib")
    for page, text in PAGES.items():
        for group in CITE.findall(text):
            cited = {k.strip() for k in group.split(",") if k.strip()}
            assert cited <= keys, (page, sorted(cited - keys))


def test_dated_regulatory_facts_are_in_the_book():
    used = set()
    for text in PAGES.values():
        used |= _used_ids(text)[0]
    for sid in ("fda-testosterone-2025", "fda-mht-2025", "fda-mht-2026", "ipamorelin-status",
                "t-monitoring-hematocrit", "t-approved-use-label"):
        assert sid in used, f"{sid} is not shown anywhere in the book"
        assert STATEMENTS[sid]["last_checked"] >= "2026-12-01", sid
    for sid, entry in STATEMENTS.items():
        if entry["label"] in ("regulatory status", "approved use (US label)"):
            assert re.search(r"\d{4}|US", entry["statement"]) or entry["last_checked"], sid


def test_the_age_50_cohorts_are_named_as_the_group_the_limitation_of_use_covers():
    for chapter in ("chapters/fundamentals/03_standard_and_personalised",
                    "chapters/academic/10_aromatase_population"):
        text = PAGES[chapter]
        assert "t-approved-use-label" in text and "limitation of use" in text.lower() \
            or "are not established" in text, chapter


SEED = Path(os.environ.get("HIL_SOURCE_ARTICLE", "/work/shared/seed/source-article.txt"))


@pytest.mark.skipif(not SEED.exists(), reason="the source article is not in this checkout")
def test_claims_are_paraphrased_not_copied():
    words = re.findall(r"[a-z']+", SEED.read_text(encoding="utf-8").lower().replace("\u2019", "'"))
    grams = {" ".join(words[i:i + 7]) for i in range(len(words) - 6)}
    texts = [c["claim"] for c in CLAIMS.values()] + [
        s["source_claim"] for s in STATEMENTS.values() if s["source_claim"]] + list(PAGES.values())
    for text in texts:
        own = re.findall(r"[a-z']+", text.lower())
        copied = [" ".join(own[i:i + 7]) for i in range(len(own) - 6)
                  if " ".join(own[i:i + 7]) in grams]
        assert not copied, f"copied from the source article: {copied}"


# ---------------------------------------------------------------------------------------------
# the built site
# ---------------------------------------------------------------------------------------------

SITE = Path(os.environ.get("HIL_SITE_DIR", ROOT / "_build" / "html"))


class _Labels(HTMLParser):
    """Collect evidence labels with the statement (or taxonomy list) they sit in."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.labels: list[tuple[str | None, str | None, bool]] = []   # (statement, label, in taxonomy)
        self.statements: list[str] = []
        self.claim_checks = 0
        self.dates: dict[str, bool] = {}

    VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "col", "area", "base"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if "claim-check" in classes:
            self.claim_checks += 1
        if "data-statement" in attrs:
            self.statements.append(attrs["data-statement"])
        if "evidence-label" in classes:
            statement = next((a["data-statement"] for _, a in reversed(self.stack)
                              if "data-statement" in a), None)
            taxonomy = any("evidence-taxonomy" in (a.get("class") or "").split()
                           for _, a in self.stack)
            self.labels.append((statement, attrs.get("data-label"), taxonomy))
        if "evidence-date" in classes:
            statement = next((a["data-statement"] for _, a in reversed(self.stack)
                              if "data-statement" in a), None)
            if statement:
                self.dates[statement] = True
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


@pytest.mark.slow
def test_every_label_on_the_built_site_comes_from_the_registry(built_site):
    # the site of this run (conftest.built_site): a check skipped whenever `_build/html` did not
    # exist yet at collection never ran under `make test` alone, as CI runs it
    seen: dict[str, set[str]] = {}
    pages = sorted(SITE.rglob("*.html"))
    n_labels = 0
    for page in pages:
        if "_static" in page.parts or "lite" in page.parts:
            continue
        parser = _Labels()
        parser.feed(page.read_text(encoding="utf-8"))
        for statement, label, in_taxonomy in parser.labels:
            n_labels += 1
            assert label in TAXONOMY, f"{page.name}: label {label!r} is not in the taxonomy"
            if in_taxonomy:
                continue
            assert statement in STATEMENTS, f"{page.name}: a label outside any registry statement"
            assert STATEMENTS[statement]["label"] == label, (page.name, statement, label)
            seen.setdefault(statement, set()).add(label)
        for statement in parser.statements:
            assert statement in STATEMENTS, f"{page.name}: unknown statement {statement}"
            assert parser.dates.get(statement), f"{page.name}: {statement} shown without its date"
        rel = page.relative_to(SITE).with_suffix("").as_posix()
        if rel in CHAPTERS:
            assert parser.claim_checks >= 1, f"{rel}: no claim-check box on the built page"
    assert n_labels > 100
    assert all(len(labels) == 1 for labels in seen.values())
    text = (SITE / "chapters/appendix/evidence.html").read_text(encoding="utf-8")
    for sid in STATEMENTS:
        assert f'data-statement="{sid}"' in text, f"{sid} missing from the evidence appendix"


# ---------------------------------------------------------------------------------------------
# the extension in a small Sphinx project (fast; the real book is checked above when built)
# ---------------------------------------------------------------------------------------------

def _mini_build(tmp_path: Path, page: str):
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    for name in ("evidence.yml", "references.bib"):
        (src / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        "extensions = ['myst_parser', 'sphinxcontrib.bibtex', 'hil_evidence']\n"
        "bibtex_bibfiles = ['references.bib']\nbibtex_reference_style = 'author_year'\n")
    (src / "index.md").write_text(page + "\n\n```{bibliography}\n```\n", encoding="utf-8")
    out = tmp_path / "html"
    app = Sphinx(str(src), str(src), str(out), str(tmp_path / "doctrees"), "html",
                 status=None, warning=None, freshenv=True)
    app.build()
    return (out / "index.html").read_text(encoding="utf-8")


def test_the_extension_renders_label_statement_citations_and_date(tmp_path):
    html = _mini_build(tmp_path, "# Page\n\nInline {evidence}`traverse-fractures` and "
                                 "{evidence-label}`anastrozole-bone`.\n\n"
                                 "```{claim-check} ch6-gonadorelin\n```\n")
    entry = STATEMENTS["traverse-fractures"]
    assert 'data-statement="traverse-fractures"' in html
    assert f'data-label="{entry["label"]}"' in html and 'class="evidence-label' in html
    assert entry["statement"].split(";")[0].replace('"', "&quot;") in html
    assert f"as of {entry['last_checked']}" in html
    assert 'class="bibtex-citation"' in html and "Snyder" in html       # a real bibtex citation
    assert 'class="claim-check admonition"' in html or 'admonition claim-check' in html
    for sid in CLAIMS["ch6-gonadorelin"]["evidence"]:
        assert f'data-statement="{sid}"' in html


def test_an_unknown_statement_id_fails_the_build(tmp_path):
    with pytest.raises(hil_evidence.ExtensionError, match="unknown evidence statement 'no-such-id'"):
        _mini_build(tmp_path, "# Page\n\n{evidence}`no-such-id`\n")
