# Hormones in the Loop: the two commands a newcomer needs are `make book` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
JB := $(VENV)/bin/jupyter-book
# the kernels started here read the profile in .ipython ($(KERNEL_CONFIG) below)
export IPYTHONDIR := $(CURDIR)/.ipython
export MPLBACKEND := Agg
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help book test test-fast doctest serve bench student student-site release grade gradebook clean venv test-deps assets

help:
	@echo "make book   - set up .venv if missing and build the site into _build/html"
	@echo "make test   - run every check (doctests, unit, property, notebooks, build, browser)"
	@echo "make test-fast - everyday checks in under a minute: units, regimens, engine, models,"
	@echo "           API errors, cohort promise, provenance and the core's doctests"
	@echo "make serve  - serve _build/html on http://127.0.0.1:8000"
	@echo "make bench  - run the benchmarks, write benchmarks/results.json"
	@echo "make student - student release of the notebooks into _build/student"
	@echo "make student-site - the site without solutions (student edition) into _build/student-html"
	@echo "make release ROSTER=roster.csv [OUT=_build/course] - one folder per student, own variants,"
	@echo "           solved copies with rubrics in OUT/_instructor"
	@echo "make grade SUBMISSIONS=DIR GRADES=FILE.csv - grade submitted notebooks (in a sandbox)"
	@echo "           [COURSE=OUT/_instructor/course.json] [FEEDBACK=DIR for returned notebooks]"
	@echo "           [GRADE_TIMEOUT=300 seconds per notebook] [GRADE_ERRORS=partial|zero]"
	@echo "           [GRADE_PYTHON=env/bin/python: the environment that runs the notebooks]"
	@echo "make gradebook GRADES=FILE.csv GRADEBOOK=FILE.csv - one row per student for an LMS"
	@echo "make clean  - remove _build"

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

# the profile of the kernels this Makefile's commands start (IPYTHONDIR above; the grader copies
# it into its sandbox): _ext/ipython_kernel_config.py says what it sets and why
KERNEL_CONFIG := .ipython/profile_default/ipython_kernel_config.py
$(KERNEL_CONFIG): _ext/ipython_kernel_config.py
	mkdir -p $(dir $@) && cp $< $@

$(VENV)/.test-installed: $(VENV)/.installed requirements-test.txt
	$(PIP) install --quiet -r requirements-test.txt
	touch $@

venv: $(VENV)/.installed

# Browser assets from npm (package-lock.json pins them): MathJax, served by the site itself from
# vendor/mathjax (never a CDN; not _static/, whose every .js Jupyter Book puts on every page), and
# axe-core for the accessibility test. node_modules/ and vendor/ are git-ignored.
vendor/mathjax/tex-mml-chtml.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf vendor/mathjax && mkdir -p vendor && cp -r node_modules/mathjax/es5 vendor/mathjax
	touch $@

assets: vendor/mathjax/tex-mml-chtml.js

test-deps: $(VENV)/.test-installed

# --all: re-read every page so every notebook is executed again (a change in hormonesim must
# never leave a stale figure); -W -n --keep-going: every warning is an error, all reported.
# A build that passed is stamped with a digest of its inputs (_ext/site_stamp.py): make test
# reuses that site while no input changed, instead of executing every chapter again.
book: $(VENV)/.installed assets $(KERNEL_CONFIG)
	$(PY) _ext/site_stamp.py invalidate _build/html
	$(JB) build . --all -W -n --keep-going
	$(PY) _ext/site_stamp.py write _build/html

serve:
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _build/html

# the examples in the docstrings of every module (the core's and the book/coursework floors')
DOCTEST := $(PY) -m pytest --doctest-modules -q --ignore-glob='*/__main__.py'
# modules of the core whose examples are quick (test-fast); the rest run in make test
CORE_DOCTESTS := hormonesim/units.py hormonesim/regimen.py hormonesim/engine.py \
	hormonesim/population.py hormonesim/titration.py hormonesim/analysis.py \
	hormonesim/result.py hormonesim/trial.py hormonesim/pharmacology.py \
	hormonesim/models/base.py hormonesim/models/teaching.py
FAST_TESTS := tests/test_units.py tests/test_regimen.py tests/test_engine.py \
	tests/test_male_hpg.py tests/test_female_hpo.py tests/test_gh_axis.py \
	tests/test_api_errors.py tests/test_api_page.py tests/test_cohort_equivalence.py \
	tests/test_provenance.py

doctest: $(VENV)/.test-installed
	$(DOCTEST) hormonesim

# make test runs two pytest sessions side by side, one per core. The main session (tests/) starts
# the background work when its collection ends (the Binder venv and the grader's run of every
# chapter, the student edition, the packaging venv: tests/conftest.py) and runs every test that
# needs a site, a kernel or that work. Next to it run the doctests and the SIDE_TESTS: test files
# that need none of it, only this process's CPU (the explorers' update paths, the models, the
# validation table). Alone, the main session leaves a core idle once its background work is done;
# side by side they share both cores from the start. tests/test_build_config.py checks that no
# side file uses the main session's fixtures. Both must pass; the side report follows the main one.
SIDE_TESTS := tests/test_explorers.py tests/test_explorer_update_path.py \
	tests/test_validation_table.py tests/test_validation_male.py tests/test_male_hpg.py \
	tests/test_female_hpo.py tests/test_gh_axis.py tests/test_population.py tests/test_engine.py \
	tests/test_fast_paths.py tests/test_chunked.py tests/test_api_errors.py \
	tests/test_cohort_equivalence.py tests/test_stability.py tests/test_analysis.py \
	tests/test_units.py tests/test_regimen.py tests/test_screening.py tests/test_style.py \
	tests/test_architecture.py
SIDE_LOG := _build/test-side.log

test: $(VENV)/.test-installed assets $(KERNEL_CONFIG)
	@mkdir -p _build; \
	( $(DOCTEST) hormonesim; doc=$$?; \
	  $(PY) -m pytest $(SIDE_TESTS) -q -ra --durations=10; side=$$?; \
	  exit $$(( doc || side )) ) > $(SIDE_LOG) 2>&1 & side_pid=$$!; \
	echo "doctests and $(words $(SIDE_TESTS)) test files run alongside: $(SIDE_LOG)"; \
	$(PY) -m pytest tests -q -ra --durations=25 $(addprefix --ignore=,$(SIDE_TESTS)); main=$$?; \
	wait $$side_pid; side=$$?; \
	echo "=== alongside: doctests and $(words $(SIDE_TESTS)) test files ($(SIDE_LOG)) ==="; \
	cat $(SIDE_LOG); \
	test $$main -eq 0 -a $$side -eq 0

test-fast: $(VENV)/.test-installed
	$(DOCTEST) $(CORE_DOCTESTS)
	$(PY) -m pytest $(FAST_TESTS) -q -ra -m "not slow and not browser" -k "not solve_ivp"

bench: $(VENV)/.test-installed assets $(KERNEL_CONFIG)
	$(PY) benchmarks/run.py

student: $(VENV)/.installed
	$(PY) -m hormonesim.coursework release --out _build/student

# The student edition of the site: the student release of every chapter staged into a copy of the
# book (_build/student-src), built with sphinx-exercise's hide_solutions, into _build/student-html
# (_ext/student_site.py says how and why). After `make book`, notebooks whose outputs cannot
# differ in the student version take the book's executed outputs instead of running again.
student-site: $(VENV)/.installed assets $(KERNEL_CONFIG)
	mkdir -p _build/student-html && $(PY) _ext/site_stamp.py invalidate _build/student-html
	$(PY) _ext/student_site.py --stage _build/student-src --out _build/student-html
	$(PY) _ext/site_stamp.py write _build/student-html

# per-student variants from a roster (CSV with a `student` column); OUT/_instructor stays with you
OUT ?= _build/course
release: $(VENV)/.installed
	@test -n "$(ROSTER)" || (echo "usage: make release ROSTER=roster.csv [OUT=_build/course]" && exit 2)
	$(PY) -m hormonesim.coursework release --roster "$(ROSTER)" --out "$(OUT)" --with-solutions

# time limit per notebook (s); GRADE_ERRORS=zero gives no credit to a notebook that does not run cleanly
GRADE_TIMEOUT ?= 300
GRADE_ERRORS ?= partial
grade: $(VENV)/.installed $(KERNEL_CONFIG)
	@test -n "$(SUBMISSIONS)" || (echo "usage: make grade SUBMISSIONS=DIR GRADES=FILE.csv" && exit 2)
	@test -n "$(GRADES)" || (echo "usage: make grade SUBMISSIONS=DIR GRADES=FILE.csv" && exit 2)
	$(PY) -m hormonesim.coursework grade --submissions "$(SUBMISSIONS)" --grades "$(GRADES)" \
		--timeout $(GRADE_TIMEOUT) --errors $(GRADE_ERRORS) \
		$(if $(COURSE),--course "$(COURSE)") $(if $(FEEDBACK),--feedback "$(FEEDBACK)") \
		$(if $(GRADE_PYTHON),--python "$(GRADE_PYTHON)")

gradebook: $(VENV)/.installed
	@test -n "$(GRADES)" -a -n "$(GRADEBOOK)" || (echo "usage: make gradebook GRADES=grades.csv GRADEBOOK=gradebook.csv" && exit 2)
	$(PY) -m hormonesim.coursework gradebook --grades "$(GRADES)" --out "$(GRADEBOOK)" \
		$(if $(COURSE),--course "$(COURSE)")

clean:
	rm -rf _build
