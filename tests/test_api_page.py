"""The API page (`chapters/appendix/api.md`) renders the docstrings of the public API with
autodoc, and the book builds with ``-W -n``: a cross-reference in a rendered docstring that has no
target stops the whole build, minutes in. Twice this round that was a ``:mod:`` role naming a
module the page never documents (``hormonesim.models.female_hpo_parameters``,
``hormonesim.chunked``). This fast check finds such roles from the source, in seconds.
"""
from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

import hormonesim as hs

ROOT = Path(__file__).resolve().parents[1]
API = (ROOT / "chapters" / "appendix" / "api.md").read_text(encoding="utf-8")
AUTODOC = re.findall(r"^\.\. (autoclass|autofunction|autoexception)::\s*(\S+)", API, flags=re.M)
#: modules the page declares as targets (automodule or py:module)
MODULES = set(re.findall(r"^\.\. (?:automodule|py:module)::\s*(\S+)", API, flags=re.M))
#: every object the page documents, by full name (Sphinx's exact lookup resolves a :mod: role to
#: any object of that name: ``:mod:`hormonesim.population``` reaches the function)
DOCUMENTED = {p for _, p in AUTODOC} | set(re.findall(
    r"^\.\. py:(?:function|class|data|exception)::\s*([\w.]+)", API, flags=re.M))
ROLE = re.compile(r":(mod|func|class|meth|attr|data|obj):`~?([^`<]+?)`")


def _resolve(path: str):
    """The object autodoc documents for ``path`` (``hormonesim.population`` is the function,
    an attribute of the package, not the module of that name)."""
    module, _, name = path.rpartition(".")
    if module:
        parent = _resolve(module)
        if hasattr(parent, name):
            return getattr(parent, name)
    return importlib.import_module(path)


def _rendered_docstrings(kind: str, path: str) -> list[tuple[str, str]]:
    obj = _resolve(path)
    docs = [(path, inspect.getdoc(obj) or "")]
    if kind == "autoclass":  # :members: renders the public methods and properties too
        for name, member in inspect.getmembers(obj):
            if not name.startswith("_") and (inspect.isfunction(member)
                                             or isinstance(member, property)):
                docs.append((f"{path}.{name}", inspect.getdoc(member) or ""))
    return docs


def test_the_page_documents_the_public_api():
    documented = {p.rsplit(".", 1)[-1] for _, p in AUTODOC}
    documented |= set(re.findall(r"^\.\. py:(?:function|class|data)::\s*hormonesim\.(\w+)", API,
                                 flags=re.M))
    undocumented = [n for n in hs.__all__ if n not in documented and n[0].isupper()
                    and inspect.isclass(getattr(hs, n))]
    assert not undocumented, f"public classes missing from the API page: {undocumented}"


@pytest.mark.parametrize("kind, path", AUTODOC, ids=[p for _, p in AUTODOC])
def test_rendered_docstrings_name_no_undocumented_module(kind, path):
    bad = [(where, target) for where, doc in _rendered_docstrings(kind, path)
           for role, target in ROLE.findall(doc) if role == "mod" and target not in MODULES | DOCUMENTED]
    assert not bad, (f"{path}: :mod: roles with no target on the API page (the -W -n build "
                     f"fails on them; link a documented object or write the path as a literal): "
                     f"{bad}")
