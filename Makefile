# Everything a fresh machine needs comes from here: a virtualenv with the project and its tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-scale lint typecheck check bench bench-floor clean lock client

# One install script for make, CI and the container image: the hashed lock, then the project.
# The emulators (test, bench and demo stand-ins for third-party APIs) are a distribution of their own.
$(STAMP): pyproject.toml emulators/pyproject.toml requirements/dev.lock scripts/install.sh
	PYTHON=$(PYTHON) ./scripts/install.sh $(VENV) dev
	touch $(STAMP)

# The typed clients (clients/python, clients/typescript), regenerated from the OpenAPI document; tests say when they are stale.
client: $(STAMP)
	$(BIN)/python -c "import json; from switchboard.api.app import create_app; \
		print(json.dumps(create_app().openapi(), indent=1, sort_keys=True))" > clients/python/openapi.json
	PATH=$(abspath $(BIN)):$$PATH $(BIN)/uv tool run --from openapi-python-client==0.29.1 openapi-python-client \
		generate --path clients/python/openapi.json --meta none --output-path clients/python/switchboard_client --overwrite
	./scripts/install-node.sh
	cd clients/typescript && npm run --silent generate

# Re-pin every dependency (after changing pyproject.toml): hashed, for any platform, Python 3.11+.
lock: $(STAMP)
	$(BIN)/uv pip compile -q pyproject.toml --extra scale --extra otel --generate-hashes --universal --python-version 3.11 \
		-o requirements/runtime.lock
	$(BIN)/uv pip compile -q pyproject.toml emulators/pyproject.toml clients/python/pyproject.toml --extra dev --extra scale --generate-hashes \
		--universal --python-version 3.11 -o requirements/dev.lock

# The port is checked before anything starts: make demo PORT=8001 when 8000 is taken.
PORT ?= 8000
demo: $(STAMP)
	$(BIN)/switchboard demo --port $(PORT)

# Two pytest-xdist workers, a test file each at a time (14 min against 25 in one process on the
# two-core machine); WORKERS=0 runs everything in this process. The slowest tests are listed at the end.
WORKERS ?= 2
test: $(STAMP)
	./scripts/install-browser.sh
	./scripts/install-node.sh
	$(BIN)/pytest -q -n $(WORKERS) --dist loadfile --durations=30

# Several workers against PostgreSQL (127.0.0.1:5432, database test) and Redis (127.0.0.1:6379).
test-scale: $(STAMP)
	$(BIN)/pytest -q tests/scale

lint: $(STAMP)
	$(BIN)/ruff check src tests bench emulators
	$(BIN)/ruff format --check src tests bench emulators
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy --strict src/ emulators/src/

check: lint typecheck test

bench: $(STAMP)
	$(BIN)/python bench/call_overhead.py

# Issue 15: direct vs the Python floor vs Switchboard (uvicorn and Granian), wrk against nginx.
bench-floor: $(STAMP)
	scripts/bench-tools.sh
	$(BIN)/python -m bench.floor $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
