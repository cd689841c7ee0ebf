# Two entry points for a fresh machine: `make demo` and `make test`.
# Each creates its own virtual environment in .venv (Python ≥ 3.11 needed).
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
EXAMPLE := projects/etangs-ardenne.yaml

.PHONY: demo test clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/coopdocs validate $(EXAMPLE)
	$(VENV)/bin/coopdocs build $(EXAMPLE)
	$(PY) scripts/fill_example.py output/etangs-ardenne --until 2028-06
	$(VENV)/bin/coopdocs bilan $(EXAMPLE) --period 2028-S1
	$(VENV)/bin/coopdocs checklist --project $(EXAMPLE) --stage suivre-piloter

test: $(VENV)/.installed
	$(VENV)/bin/ruff check coopdocs tests scripts bench
	$(VENV)/bin/ruff format --check coopdocs tests scripts bench
	$(VENV)/bin/mypy
	$(PY) -m pytest

clean:
	rm -rf $(VENV) output

# The built-in Word templates, made from their text sources in templates/ (see templates/LISEZMOI.md).
.PHONY: generate check-generated
generate: $(VENV)/.installed
	$(PY) scripts/make_templates.py

check-generated: $(VENV)/.installed
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && $(PY) scripts/make_templates.py "$$tmp" >/dev/null && \
	status=0 && for made in "$$tmp"/*.docx; do \
		cmp -s "$$made" coopdocs/documents/builtin/$$(basename "$$made") || { echo "à régénérer (make generate) : coopdocs/documents/builtin/$$(basename "$$made")"; status=1; }; \
	done && exit $$status
