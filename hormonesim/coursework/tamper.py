"""Static scan of a submission's code for attempts to redefine or monkeypatch the self-checks.

A tampered notebook scores zero on every exercise (:mod:`hormonesim.coursework.grading`); the
grader also checks the live objects at run time (its capture cell compares them with
``checks._ORIGINAL``).
"""
from __future__ import annotations

import ast

from .markup import GRADER_TAG

# attribute names that nothing but tampering assigns to, whatever the object
_PROTECTED = {"check", "_REGISTRY", "_ORIGINAL", "__code__", "_lookup", "_within", "_as_number"}


def _dotted(node) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Subscript):
        parts.append(_dotted(node.value) + "[]")
    elif isinstance(node, ast.Call):
        parts.append(_dotted(node.func) + "()")
    return ".".join(reversed(parts))


def _python_source(cell_source: str) -> str:
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell(cell_source)
    except Exception:                           # IPython missing or odd magics: scan as is
        return cell_source


def _checks_aliases(trees) -> set[str]:
    """Names a notebook binds to the self-check module, :mod:`hormonesim.coursework.checks`
    (``checks`` always counts)."""
    aliases = {"checks"}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.endswith("checks") and alias.asname:
                        aliases.add(alias.asname)
            elif isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    if alias.name == "checks" or (node.module or "").endswith("checks") and alias.name == "*":
                        aliases.add(alias.asname or alias.name)
    return aliases


def _tampering_in(tree, aliases: set[str]) -> list[str]:
    found = []

    def refers_to_checks(dotted: str) -> bool:
        return any(part in aliases for part in dotted.replace("[]", "").replace("()", "").split("."))

    def target_findings(target):
        for node in ast.walk(target):
            if isinstance(node, ast.Attribute):
                name = _dotted(node)
                if node.attr in _PROTECTED or refers_to_checks(_dotted(node.value)):
                    found.append(f"assigns to {name}")
            elif isinstance(node, ast.Subscript):
                name = _dotted(node.value)
                if refers_to_checks(name) or name.endswith("sys.modules") \
                        or name.split(".")[-1] in _PROTECTED:
                    found.append(f"assigns into {name}[...]")
            elif isinstance(node, ast.Name) and node.id == "check":
                found.append("rebinds the name 'check'")

    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for t in targets:
                target_findings(t)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == "check":
            found.append("defines its own 'check'")
        elif isinstance(node, ast.Call):
            func = _dotted(node.func)
            last = func.split(".")[-1]
            strings = [a.value for a in ast.walk(node) if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if last in ("setattr", "delattr") and node.args:
                first = _dotted(node.args[0])
                if refers_to_checks(first) or any(s in _PROTECTED for s in strings):
                    found.append(f"calls {last} on {first or 'an object'}")
            elif last in ("patch", "object", "setitem", "setattr") and \
                    ("mock" in func or "patch" in func or "monkeypatch" in func):
                if any("checks" in s or s in _PROTECTED for s in strings) or \
                        any(refers_to_checks(_dotted(a)) for a in node.args):
                    found.append(f"patches the checks with {func}")
            elif last == "exercise" and (refers_to_checks(func) or func == "exercise"):
                found.append("registers its own exercise check")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("checks"):
            for alias in node.names:
                if alias.asname == "check" and alias.name != "check":
                    found.append(f"imports {alias.name} as 'check'")
    return found


def find_tampering(nb) -> list[str]:
    """Code in a submission that redefines or monkeypatches the self-checks (``hs.checks``)."""
    trees = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or GRADER_TAG in cell.metadata.get("tags", []):
            continue
        try:
            trees.append((i, ast.parse(_python_source(cell.source))))
        except SyntaxError:
            continue                           # a syntax error is an error, not tampering
    aliases = _checks_aliases(tree for _, tree in trees)
    return [f"cell {i}: {f}" for i, tree in trees for f in _tampering_in(tree, aliases)]


