# The README's two commands: `make run` and `make test`. Both set up .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# One BLAS thread: the matrices are tiny, and spinning threads cost CPU on every rerun.
export OPENBLAS_NUM_THREADS := 1

.PHONY: run serve serve-prod test lint bench-engine bench-latest bench-excel bench-live bench-uploads bench-load bench-cold clean

$(VENV)/.runtime: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## run: set up, migrate, seed the illustrative demo into an empty database, serve on localhost:8501
run: $(VENV)/.runtime
	$(PY) -m dashboard init
	$(MAKE) --no-print-directory serve

serve:
	DASHBOARD_DEMO=1 $(PY) -m streamlit run app/app.py --server.port $(PORT) --server.address localhost

## serve-prod: production start: migrate, seed reference data into an empty database, serve with sign-in (never demo mode);
##             REPLICAS=N (N > 1) serves N replicas behind nginx on PORT (deploy/replicas.py)
REPLICAS ?= 1
serve-prod: $(VENV)/.runtime
	$(PY) -m dashboard init --reference-only
	if [ "$(REPLICAS)" -gt 1 ]; then \
	    $(PY) deploy/replicas.py --replicas $(REPLICAS) --port $(PORT) --address $${ADDRESS:-0.0.0.0}; \
	else \
	    env -u DASHBOARD_DEMO OPENBLAS_NUM_THREADS=1 $(PY) -m streamlit run app/app.py --server.port $(PORT) --server.address $${ADDRESS:-0.0.0.0}; \
	fi

## test: set up, lint, and run the whole test suite
test: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m pytest -n 2 --dist loadgroup

## bench-engine / bench-latest / bench-excel / bench-live / bench-uploads / bench-load / bench-cold: the benchmarks of bench/ (results in bench/README.md)
bench-engine: $(VENV)/.dev
	$(PY) -m bench.bench_engine

bench-latest: $(VENV)/.dev
	$(PY) -m bench.bench_latest --postgres "$${BENCH_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"

bench-excel: $(VENV)/.dev
	$(PY) -m bench.bench_excel

bench-live: $(VENV)/.dev
	$(PY) -m bench.bench_live_weights

bench-uploads: $(VENV)/.dev
	$(PY) -m bench.bench_uploads

bench-load: $(VENV)/.dev
	$(PY) -m bench.bench_load
	$(PY) -m bench.bench_load --replicas 2

bench-cold: $(VENV)/.dev
	$(PY) -m bench.bench_cold_start

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
