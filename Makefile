# Two entry points for a fresh machine: `make demo` and `make test`.
# Each creates its own virtual environment in .venv (Python ≥ 3.11 needed).
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
EXAMPLE := projects/etangs-ardenne.yaml

CONSTRAINTS := constraints.txt
CODE := coopdocs tests scripts bench

.PHONY: demo serve test lint types generate check-generated constraints shared-copies clean

# Installs pinned by constraints.txt: a new release of a dependency cannot turn CI red overnight
# (`make constraints` refreshes the pins; see README, « Dépendances »).
$(VENV)/.installed: pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/coopdocs validate $(EXAMPLE) --date 2028-07-01  # the example's measures run to mid-2028
	$(VENV)/bin/coopdocs build $(EXAMPLE)
	$(PY) scripts/fill_example.py output/etangs-ardenne --until 2028-06
	$(VENV)/bin/coopdocs bilan $(EXAMPLE) --period 2028-S1
	$(VENV)/bin/coopdocs checklist --project $(EXAMPLE) --stage suivre-piloter

# The workspace in the browser on the example (after `make demo`, its documents and sheets are
# there); `make serve SERVE_FLAGS=--no-browser` prints the address without opening a browser.
SERVE_FLAGS ?=
serve: $(VENV)/.installed
	$(VENV)/bin/coopdocs serve $(EXAMPLE) $(SERVE_FLAGS)

test: lint types
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check $(CODE)
	$(VENV)/bin/ruff format --check $(CODE)

types: $(VENV)/.installed
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) output

# What is generated and committed: the Word templates (from templates/*.yaml), the guide as
# data (from the guide's text), the JSON schema and docs/fichier-projet.md (from the model),
# docs/guide-par-document.md (from the guide map).
generate: $(VENV)/.installed
	$(PY) scripts/make_templates.py
	$(PY) scripts/import_guide.py tests/data/guide-cap-rural.txt
	$(VENV)/bin/coopdocs schema > coopdocs/data/project.schema.json
	$(PY) -m coopdocs.project.docgen > docs/fichier-projet.md
	$(PY) -c "from coopdocs.documents.guide_map import main; main()" > docs/guide-par-document.md

# Fails when a generated file is not what its source makes (the same checks run in `make test`).
check-generated: $(VENV)/.installed
	$(PY) -m pytest -q tests/test_build_safety.py::test_committed_templates_are_what_the_script_makes \
		tests/test_guide.py::test_the_committed_data_is_what_the_import_script_makes \
		tests/test_init_schema_help.py::test_schema_is_the_committed_file_and_describes_in_french \
		tests/test_docs.py::test_the_project_file_page_is_generated_from_the_schema \
		tests/test_docs.py::test_the_guide_page_is_generated_from_the_guide_map

# Refresh the pins: resolve the newest releases the ranges of pyproject.toml allow, in a
# scratch environment, and write them to constraints.txt (then run `make test` and commit).
constraints:
	rm -rf .venv-pins && $(PYTHON) -m venv .venv-pins && .venv-pins/bin/pip install --quiet --upgrade pip
	.venv-pins/bin/pip install --quiet -e '.[test]'
	.venv-pins/bin/pip freeze --exclude-editable | grep -v '^coopdocs' > $(CONSTRAINTS)
	rm -rf .venv-pins

# Refresh the repo's copies of the team's shared texts (the tests read the copies).
shared-copies:
	cp ../shared/seeds/000_eebdb0052eac5e4b.txt tests/data/guide-cap-rural.txt
	cp ../shared/spec/project-format.md ../shared/spec/cli.md tests/data/
