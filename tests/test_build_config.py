"""Build settings that keep the site honest: fresh execution, warnings fatal, no stray pages."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())


def test_every_build_executes_every_notebook():
    # jupyter-cache keys on cell source only: a cache would keep figures made by an older
    # hormonesim. "force" executes on every read, and --all makes Sphinx re-read every page.
    assert CONFIG["execute"]["execute_notebooks"] == "force"
    assert CONFIG["execute"]["allow_errors"] is False
    makefile = (ROOT / "Makefile").read_text()
    book_rule = makefile.split("\nbook:", 1)[1].split("\n\n", 1)[0]
    assert "--all" in book_rule and "-W" in book_rule and "-n" in book_rule
    assert "--all" in (ROOT / "tests" / "conftest.py").read_text()


def test_venv_and_build_are_never_scanned():
    assert CONFIG["only_build_toc_files"] is True
    for pattern in (".venv", "_build"):
        assert pattern in CONFIG["exclude_patterns"]


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.strip()
            if not line or line.startswith("#") or line in ("-e .", "."):
                continue
            assert "==" in line, f"{name}: {line!r} is not pinned"


def test_every_toc_file_exists_and_every_chapter_is_in_the_toc():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for p in toc["parts"] for c in p["chapters"]]
    for f in files:
        assert any((ROOT / f"{f}{ext}").exists() for ext in (".md", ".ipynb")), f"{f} missing"
    notebooks = {str(p.relative_to(ROOT).with_suffix("")) for p in (ROOT / "chapters").rglob("*.ipynb")
                 if ".ipynb_checkpoints" not in p.parts}
    assert notebooks <= set(files), f"notebooks not in the toc: {sorted(notebooks - set(files))}"


def _side_tests() -> list[Path]:
    """The Makefile's SIDE_TESTS: the files `make test` runs in a second session alongside."""
    makefile = (ROOT / "Makefile").read_text()
    block = makefile.split("\nSIDE_TESTS :=", 1)[1].split("\n\n", 1)[0].split("\nSIDE_LOG", 1)[0]
    return [ROOT / name for name in block.replace("\\", " ").split()]


def test_make_test_runs_every_test_file_once_and_side_files_need_nothing_of_the_main_session():
    """The side session of `make test` has no conftest background work, built site, browser or
    shared session state: a side file that asked for any of it would start a second copy of that
    work (or never see its result). Every side file exists, the main session ignores exactly
    those, and every other test file is left to the main session."""
    import conftest

    side = _side_tests()
    assert side and all(p.is_file() and p.parent == ROOT / "tests" for p in side), side
    main_only = conftest.BACKGROUND_FIXTURES | {"site_url", "chromium_browser", "axe_source",
                                                "background_result", "START_IN_BACKGROUND",
                                                "from conftest", "import conftest", "built_site",
                                                "site_visits"}
    for path in side:
        source = path.read_text(encoding="utf-8")
        used = sorted(name for name in main_only if name in source)
        assert not used, f"{path.name} runs alongside the main session but uses {used}"
        for marker in ("slow", "browser", "background"):
            assert f"mark.{marker}" not in source, f"{path.name} is marked {marker}: main session only"
    test_rule = (ROOT / "Makefile").read_text().split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "$(addprefix --ignore=,$(SIDE_TESTS))" in test_rule and "$(SIDE_TESTS)" in test_rule
    assert "$(DOCTEST) hormonesim" in test_rule          # make test runs the doctests
