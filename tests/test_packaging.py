"""The package's metadata tells the truth: what it needs, what it is licensed under, one version.

Fast checks read pyproject.toml, CITATION.cff, requirements*.txt and the package's imports.
The slow check installs the package into a fresh virtual environment (no system site-packages,
dependencies from the package index as a user would get them) first with its declared core
dependencies only, then with the ``book`` and ``coursework`` extras, and imports every module.
"""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import hormonesim

from conftest import background_result, require

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]

#: import name -> distribution name, for every third-party library the package imports
DISTRIBUTIONS = {"numpy": "numpy", "scipy": "scipy", "matplotlib": "matplotlib",
                 "ipywidgets": "ipywidgets", "PIL": "pillow", "IPython": "ipython",
                 "nbformat": "nbformat", "nbclient": "nbclient"}
#: the floors above the core (their modules may import what the extras declare)
UPPER_FLOORS = ("hormonesim.book", "hormonesim.coursework", "hormonesim.widgets",
                "hormonesim.plots", "hormonesim.checks")


def _requirement_names(reqs: list[str]) -> set[str]:
    return {re.split(r"[<>=!~ ;\[]", r, maxsplit=1)[0].lower() for r in reqs}


def _modules() -> dict[str, Path]:
    pkg = ROOT / "hormonesim"
    out = {}
    for path in sorted(pkg.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _third_party_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "hormonesim"}


# ----------------------------------------------------------------------------- fast checks
def test_python_and_dependency_floors():
    assert PROJECT["requires-python"] == ">=3.11"
    deps = {re.split(r"[<>=]", d, maxsplit=1)[0]: d for d in PROJECT["dependencies"]}
    assert deps["numpy"] == "numpy>=2.0"          # np.trapezoid is numpy 2.0+
    assert set(deps) == {"numpy", "scipy", "matplotlib"}
    assert "Python 3.11+" in (ROOT / "README.md").read_text()


def test_every_imported_library_is_declared():
    core = _requirement_names(PROJECT["dependencies"])
    extras = {k: _requirement_names(v) for k, v in PROJECT["optional-dependencies"].items()}
    upper = set().union(*extras.values())
    for module, path in _modules().items():
        for name in _third_party_imports(path):
            assert name in DISTRIBUTIONS, f"{module} imports {name}: add it to DISTRIBUTIONS " \
                                          f"and declare it in pyproject.toml"
            dist = DISTRIBUTIONS[name]
            if module.startswith(UPPER_FLOORS):
                assert dist in core | upper, f"{module} imports {name}, not declared"
            else:
                assert dist in core, f"core module {module} imports {name}, not a core dependency"
    assert {"nbformat", "nbclient", "ipykernel"} <= extras["coursework"]
    assert {"ipywidgets", "pillow", "ipython"} <= extras["book"]


def test_licence_and_one_version():
    assert PROJECT["license"] == "BSD-3-Clause" and PROJECT["license-files"] == ["LICENSE"]
    build = PYPROJECT["build-system"]["requires"]
    assert any(r.startswith("setuptools>=") and int(r.split(">=")[1].split(".")[0]) >= 77
               for r in build)
    assert "version" not in PROJECT and PROJECT["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "hormonesim.__version__"}
    cff = (ROOT / "CITATION.cff").read_text()
    assert re.search(r'^version: "?' + re.escape(hormonesim.__version__) + '"?$', cff, re.M), \
        "CITATION.cff's version must equal hormonesim.__version__"
    assert re.search(r"^license: BSD-3-Clause$", cff, re.M)
    assert re.search(r"^type: software$", cff, re.M)


def test_pins():
    pins = (ROOT / "requirements.txt").read_text().splitlines()
    names = {p.split("==")[0].lower().replace("_", "-") for p in pins if "==" in p}
    assert "jupyterlab" in names
    assert all("==" in p for p in pins if p and not p.startswith(("#", "-e")))
    test_pins = (ROOT / "requirements-test.txt").read_text()
    assert "nbmake" not in test_pins and "pytest-playwright" not in test_pins


# ----------------------------------------------------------------------- fresh environment
def _run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=900, **kwargs)


IMPORT_ALL = r"""
import importlib, pkgutil, sys
import numpy
import hormonesim
upper = {upper!r}
failed = []
for info in pkgutil.walk_packages(hormonesim.__path__, "hormonesim."):
    name = info.name
    if name.rsplit(".", 1)[-1] == "__main__" or (not {everything} and name.startswith(upper)):
        continue
    try:
        importlib.import_module(name)
    except Exception as err:
        failed.append(f"{{name}}: {{type(err).__name__}}: {{err}}")
print("numpy", numpy.__version__)
print("\n".join(failed) or "all imported")
sys.exit(1 if failed else 0)
"""


def fresh_venv_install(base: Path) -> dict:
    """Build the wheel, install it into a fresh venv with its declared core dependencies, import
    the core; then add the ``book`` and ``coursework`` extras, import every module and run the
    coursework command line. Started in the background when collection ends (conftest
    ``START_IN_BACKGROUND``); returns each step's outcome for the test to judge."""
    steps: dict = {}
    wheels = base / "wheels"
    build = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                  str(ROOT)])
    steps["wheel"] = build
    if build.returncode != 0:
        return steps
    wheel = next(wheels.glob("hormonesim-*.whl"))
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", str(venv)]).check_returncode()
    py = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["MPLBACKEND"] = "Agg"
    steps["core"] = _run([str(py), "-m", "pip", "install", "-q", "--no-compile", str(wheel)], env=env)
    if steps["core"].returncode != 0:
        return steps
    steps["core_imports"] = _run([str(py), "-c", IMPORT_ALL.format(upper=UPPER_FLOORS, everything=False)],
                                 env=env, cwd=base)
    steps["extras"] = _run([str(py), "-m", "pip", "install", "-q", "--no-compile", f"hormonesim[book,coursework] @ "
                                                               f"{wheel.as_uri()}"], env=env)
    if steps["extras"].returncode != 0:
        return steps
    steps["all_imports"] = _run([str(py), "-c", IMPORT_ALL.format(upper=UPPER_FLOORS, everything=True)],
                                env=env, cwd=base)
    steps["cli"] = _run([str(py), "-m", "hormonesim.coursework", "--help"], env=env, cwd=base)
    return steps


#: conftest starts this when collection ends, so the installs run while other tests do
START_IN_BACKGROUND = fresh_venv_install


@pytest.mark.slow
@pytest.mark.background
def test_fresh_venv_installs_declared_dependencies_and_imports_every_module():
    """pip install of the wheel pulls numpy >= 2 and what the core imports; with the extras,
    every module imports and ``python -m hormonesim.coursework --help`` works."""
    steps = background_result(__name__)
    build = steps["wheel"]
    require(build.returncode == 0, f"could not build the wheel (needs the package index for "
                                   f"setuptools>=77): {build.stderr[-1500:]}")
    core = steps["core"]
    require(core.returncode == 0, f"pip install of the wheel failed (package index "
                                  f"unreachable?): {core.stderr[-1500:]}")
    out = steps["core_imports"]
    assert out.returncode == 0, out.stdout + out.stderr
    major = int(out.stdout.split("numpy ")[1].split(".")[0])
    assert major >= 2, out.stdout
    extras = steps["extras"]
    require(extras.returncode == 0, f"pip install of the extras failed: {extras.stderr[-1500:]}")
    out = steps["all_imports"]
    assert out.returncode == 0, out.stdout + out.stderr
    cli = steps["cli"]
    assert cli.returncode == 0 and "usage" in cli.stdout.lower(), cli.stdout + cli.stderr
