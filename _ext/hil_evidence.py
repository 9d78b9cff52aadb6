"""Evidence statements from one registry (`evidence.yml`), rendered the same everywhere.

A local Sphinx extension (registered in `_config.yml` next to `hil_site`). Chapters never type an
evidence label by hand; they name a statement of the registry and this extension renders it:

* ```` ```{evidence} statement-id``` ```` - the statement as a block: label, text, citations, date;
* ``{evidence}`statement-id` `` - the same, inline (in lists, tables and sentences);
* ``{evidence-label}`statement-id` `` - only the label, citations and date, for prose that states the
  finding in its own sentence (the label still comes from the registry);
* ```` ```{claim-check} claim-id``` ```` - a "Claim check" box: a claim of the source article in our
  own words, the verdict, and the registry statements that carry it;
* ```` ```{evidence-taxonomy}``` ```` and ```` ```{evidence-registry}``` ```` - the taxonomy with
  its definitions, and every statement grouped by label (the appendix page).

Each rendered label is ``<span class="evidence-label" data-label="...">`` holding a taxonomy value;
the element around a statement carries ``data-statement="<id>"``. Citations are real
sphinxcontrib-bibtex citations (the extension calls the ``cite:p`` role), so they appear in the
bibliography and link to it.

The build fails (ExtensionError) on an unknown statement or claim id, an unknown label, a label
missing from the taxonomy, a citation key missing from `references.bib` or a malformed date.
"""
from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective, SphinxRole

REGISTRY_FILE = "evidence.yml"
BIB_FILE = "references.bib"
STATIC_DIR = Path(__file__).with_name("static")

#: the book's taxonomy, in display order; evidence.yml must define exactly these, each with a
#: one-line definition (the definitions live in the registry, next to the statements)
TAXONOMY = (
    "approved use (US label)",
    "regulatory status",
    "guideline-recommended",
    "guideline advises against",
    "trials show benefit",
    "trials show no benefit or harm",
    "limited evidence",
    "no human trials",
)
STATEMENT_KEYS = {"statement", "label", "cite", "last_checked", "source_claim"}
CLAIM_KEYS = {"chapter", "claim", "verdict", "verdict_text", "evidence"}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


# ---------------------------------------------------------------------------------------------
# the registry
# ---------------------------------------------------------------------------------------------

def bib_keys(bib_path: Path) -> set[str]:
    """Citation keys defined in a BibTeX file."""
    text = bib_path.read_text(encoding="utf-8")
    return set(re.findall(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", text, flags=re.MULTILINE))


def _date(value, where: str) -> str:
    if isinstance(value, _dt.date):
        return value.isoformat()
    try:
        return _dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ExtensionError(f"{REGISTRY_FILE}: {where}: last_checked must be a date YYYY-MM-DD, "
                             f"got {value!r}") from None


def load_registry(root: Path) -> dict:
    """Read and validate `evidence.yml` under `root`; return taxonomy, statements and claims.

    Raises ExtensionError naming the entry and what is wrong.
    """
    path = Path(root, REGISTRY_FILE)
    if not path.is_file():
        raise ExtensionError(f"the evidence registry {path} is missing")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    taxonomy = {}
    for entry in data.get("taxonomy") or []:
        label, definition = entry.get("label"), (entry.get("definition") or "").strip()
        if label not in TAXONOMY:
            raise ExtensionError(f"{REGISTRY_FILE}: taxonomy label {label!r} is not one of the "
                                 f"book's labels: {', '.join(TAXONOMY)}")
        if not definition:
            raise ExtensionError(f"{REGISTRY_FILE}: taxonomy label {label!r} has no definition")
        taxonomy[label] = definition
    missing = [label for label in TAXONOMY if label not in taxonomy]
    if missing:
        raise ExtensionError(f"{REGISTRY_FILE}: the taxonomy lacks {', '.join(missing)}")

    keys = bib_keys(Path(root, BIB_FILE))
    statements = {}
    for sid, entry in (data.get("statements") or {}).items():
        where = f"statement {sid!r}"
        if not ID_PATTERN.match(str(sid)):
            raise ExtensionError(f"{REGISTRY_FILE}: {where}: ids are lower-case words joined by '-'")
        if not isinstance(entry, dict):
            raise ExtensionError(f"{REGISTRY_FILE}: {where} must be a mapping")
        unknown = set(entry) - STATEMENT_KEYS
        if unknown:
            raise ExtensionError(f"{REGISTRY_FILE}: {where}: unknown fields {sorted(unknown)}; "
                                 f"allowed: {sorted(STATEMENT_KEYS)}")
        for field in ("statement", "label", "cite", "last_checked"):
            if not entry.get(field):
                raise ExtensionError(f"{REGISTRY_FILE}: {where} has no {field}")
        if entry["label"] not in TAXONOMY:
            raise ExtensionError(f"{REGISTRY_FILE}: {where}: unknown label {entry['label']!r}; "
                                 f"allowed: {', '.join(TAXONOMY)}")
        cite = entry["cite"] if isinstance(entry["cite"], list) else [entry["cite"]]
        absent = [key for key in cite if key not in keys]
        if absent:
            raise ExtensionError(f"{REGISTRY_FILE}: {where} cites {absent}, not in {BIB_FILE}")
        statements[sid] = {"id": sid, "statement": " ".join(str(entry["statement"]).split()),
                           "label": entry["label"], "cite": list(cite),
                           "last_checked": _date(entry["last_checked"], where),
                           "source_claim": entry.get("source_claim")}

    claims = {}
    for cid, entry in (data.get("claims") or {}).items():
        where = f"claim {cid!r}"
        if not isinstance(entry, dict) or set(entry) - CLAIM_KEYS or not all(
                entry.get(k) for k in CLAIM_KEYS):
            raise ExtensionError(f"{REGISTRY_FILE}: {where} needs exactly {sorted(CLAIM_KEYS)}")
        absent = [s for s in entry["evidence"] if s not in statements]
        if absent:
            raise ExtensionError(f"{REGISTRY_FILE}: {where} names unknown statements {absent}")
        claims[cid] = dict(entry, id=cid)
    return {"taxonomy": taxonomy, "statements": statements, "claims": claims}


# ---------------------------------------------------------------------------------------------
# nodes (HTML carries the data attributes; other builders just render the text)
# ---------------------------------------------------------------------------------------------

class evidence_statement(nodes.Inline, nodes.TextElement):
    """``<span class="evidence-statement" data-statement=id>`` around one rendered statement."""


class evidence_label(nodes.Inline, nodes.TextElement):
    """``<span class="evidence-label" data-label=label>label</span>``."""


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def visit_statement_html(self, node):
    self.body.append(self.starttag(node, "span", "", **{"data-statement": node["statement_id"]}))


def depart_statement_html(self, node):
    self.body.append("</span>")


def visit_label_html(self, node):
    self.body.append(self.starttag(node, "span", "", **{"data-label": node["label"]}))


def depart_label_html(self, node):
    self.body.append("</span>")


def _noop(self, node):
    pass


# ---------------------------------------------------------------------------------------------
# rendering
# ---------------------------------------------------------------------------------------------

def _registry(env) -> dict:
    registry = getattr(env.app, "hil_evidence", None)
    if registry is None:  # e.g. a reader process that did not see builder-inited
        registry = env.app.hil_evidence = load_registry(Path(env.srcdir))
    env.note_dependency(str(Path(env.srcdir, REGISTRY_FILE)))
    return registry


def _statement(env, sid: str, where: str) -> dict:
    statements = _registry(env)["statements"]
    if sid not in statements:
        raise ExtensionError(f"{where}: unknown evidence statement {sid!r}; it must be an id of "
                             f"{REGISTRY_FILE} (e.g. {', '.join(sorted(statements)[:4])}, ...)")
    return statements[sid]


def _label_node(label: str) -> evidence_label:
    node = evidence_label(label, label)
    node["label"] = label
    node["classes"] += ["evidence-label", f"evidence-label--{_slug(label)}"]
    return node


def _citation_nodes(keys, lineno, inliner) -> tuple[list, list]:
    """Real sphinxcontrib-bibtex citations: call the ``cite:p`` role on the keys."""
    env = inliner.document.settings.env
    role = env.get_domain("cite").role("p")
    text = ",".join(keys)
    return role("cite:p", f"{{cite:p}}`{text}`", text, lineno, inliner, {}, [])


def render_statement(sid: str, lineno: int, inliner, where: str, *, text: bool = True
                     ) -> tuple[list, list]:
    """Inline nodes for one statement: label, (text), citations, "as of" date."""
    env = inliner.document.settings.env
    entry = _statement(env, sid, where)
    wrapper = evidence_statement("")
    wrapper["statement_id"] = sid
    wrapper["classes"] += ["evidence-statement" if text else "evidence-ref"]
    wrapper += _label_node(entry["label"])
    wrapper += nodes.Text(" ")
    if text:
        wrapper += nodes.inline(entry["statement"], entry["statement"],
                                classes=["evidence-text"])
        wrapper += nodes.Text(" ")
    cites, messages = _citation_nodes(entry["cite"], lineno, inliner)
    wrapper += cites
    date = f"as of {entry['last_checked']}"
    wrapper += nodes.Text(" ")
    wrapper += nodes.inline(f"({date})", f"({date})", classes=["evidence-date"])
    return [wrapper], messages


class EvidenceRole(SphinxRole):
    """``{evidence}`id` ``: the whole statement inline."""

    with_text = True

    def run(self):
        where = f"{self.env.docname}:{self.lineno}"
        return render_statement(self.text.strip(), self.lineno, self.inliner, where,
                                text=self.with_text)


class EvidenceLabelRole(EvidenceRole):
    """``{evidence-label}`id` ``: label, citations and date of a statement, without its text."""

    with_text = False


class EvidenceDirective(SphinxDirective):
    """```{evidence} id``` : one statement as a block."""

    required_arguments = 1
    has_content = False

    def run(self):
        where = f"{self.env.docname}:{self.lineno}"
        inline, messages = render_statement(self.arguments[0], self.lineno, self.state.inliner,
                                            where)
        box = nodes.container(classes=["evidence-box"])
        para = nodes.paragraph()
        para += inline
        box += para
        return [box, *messages]


class ClaimCheckDirective(SphinxDirective):
    """```{claim-check} claim-id``` : the source article's claim, the verdict and the evidence."""

    required_arguments = 1
    has_content = False

    def run(self):
        where = f"{self.env.docname}:{self.lineno}"
        claims = _registry(self.env)["claims"]
        cid = self.arguments[0]
        if cid not in claims:
            raise ExtensionError(f"{where}: unknown claim {cid!r}; it must be a claim id of "
                                 f"{REGISTRY_FILE}: {', '.join(sorted(claims))}")
        claim = claims[cid]
        box = nodes.admonition(classes=["claim-check"])
        box["ids"].append(f"claim-check-{cid}")
        box += nodes.title("Claim check", "Claim check")
        para = nodes.paragraph()
        para += nodes.strong("The claim. ", "The claim. ")
        para += nodes.Text("The source article behind this book says, in our words: ")
        para += nodes.emphasis(claim["claim"], claim["claim"])
        box += para
        para = nodes.paragraph()
        para += nodes.strong("Verdict: ", "Verdict: ")
        verdict = nodes.inline(claim["verdict"], claim["verdict"], classes=["claim-verdict"])
        para += verdict
        para += nodes.Text(". " + claim["verdict_text"])
        box += para
        para = nodes.paragraph()
        para += nodes.strong("The evidence:", "The evidence:")
        box += para
        items = nodes.bullet_list()
        messages = []
        for sid in claim["evidence"]:
            inline, msgs = render_statement(sid, self.lineno, self.state.inliner, where)
            messages += msgs
            item = nodes.list_item()
            p = nodes.paragraph()
            p += inline
            item += p
            items += item
        box += items
        return [box, *messages]


class TaxonomyDirective(SphinxDirective):
    """```{evidence-taxonomy}``` : the labels with their definitions and how often each is used."""

    has_content = False

    def run(self):
        registry = _registry(self.env)
        counts = {label: 0 for label in TAXONOMY}
        for entry in registry["statements"].values():
            counts[entry["label"]] += 1
        listing = nodes.definition_list(classes=["evidence-taxonomy"])
        for label in TAXONOMY:
            item = nodes.definition_list_item()
            term = nodes.term()
            term += _label_node(label)
            item += term
            definition = nodes.definition()
            n = counts[label]
            definition += nodes.paragraph(text=f"{registry['taxonomy'][label]} "
                                               f"({n} statement{'s' if n != 1 else ''} in the registry.)")
            item += definition
            listing += item
        return [listing]


class RegistryDirective(SphinxDirective):
    """```{evidence-registry}``` : every statement, grouped by label, with its id."""

    has_content = False

    def run(self):
        registry = _registry(self.env)
        where = f"{self.env.docname}:{self.lineno}"
        out, messages = [], []
        for label in TAXONOMY:
            ids = [s for s, e in registry["statements"].items() if e["label"] == label]
            if not ids:
                continue
            section_title = nodes.rubric(label, label)
            out.append(section_title)
            items = nodes.bullet_list(classes=["evidence-registry"])
            for sid in ids:
                inline, msgs = render_statement(sid, self.lineno, self.state.inliner, where)
                messages += msgs
                p = nodes.paragraph()
                p += nodes.literal(sid, sid)
                p += nodes.Text(" ")
                p += inline
                item = nodes.list_item()
                item += p
                items += item
            out.append(items)
        return out + messages


# ---------------------------------------------------------------------------------------------
# setup
# ---------------------------------------------------------------------------------------------

def _load(app: Sphinx) -> None:
    app.hil_evidence = load_registry(Path(app.srcdir))


def _add_static(app: Sphinx, config) -> None:
    static = str(STATIC_DIR)
    if static not in config.html_static_path:
        config.html_static_path.append(static)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _add_static)
    app.connect("builder-inited", _load)
    app.add_css_file("hil-evidence.css")
    html = (visit_statement_html, depart_statement_html)
    other = (_noop, _noop)
    app.add_node(evidence_statement, html=html, latex=other, text=other, man=other,
                 texinfo=other)
    app.add_node(evidence_label, html=(visit_label_html, depart_label_html), latex=other,
                 text=other, man=other, texinfo=other)
    app.add_role("evidence", EvidenceRole())
    app.add_role("evidence-label", EvidenceLabelRole())
    app.add_directive("evidence", EvidenceDirective)
    app.add_directive("claim-check", ClaimCheckDirective)
    app.add_directive("evidence-taxonomy", TaxonomyDirective)
    app.add_directive("evidence-registry", RegistryDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
