# The two set-up commands of the README, plus benchmarks. Each creates .venv when needed.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: demo test bench train messages clean

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

demo: $(STAMP)
	scripts/system-deps.sh demo
	$(VENV)/bin/rung demo

test: $(STAMP)
	scripts/system-deps.sh test
	scripts/test.sh

bench: $(STAMP)
	$(VENV)/bin/python -m bench

# the feedback sentiment model, from ../shared/datasets (src/rung/engine/feedback/models/)
train: $(STAMP)
	$(VENV)/bin/python scripts/train_feedback.py

messages: $(STAMP)
	# the assessment's JSON texts (questions, rungs, use cases) as gettext_noop calls xgettext can read
	$(VENV)/bin/python scripts/extract_assess_messages.py
	# from src/rung, so the engine's progress messages (marked with gettext_noop) are found too
	cd src/rung && ../../$(VENV)/bin/django-admin makemessages -l nl -l pt --no-obsolete --no-location --ignore 'web/static/*' --settings=rung.web.settings
	cd src/rung/web && ../../../$(VENV)/bin/django-admin compilemessages --settings=rung.web.settings

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
