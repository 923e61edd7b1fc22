# The two commands a newcomer needs: `make cv` (set up everything, build the three PDFs) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Debian packages cvgen needs, and a command, TeX file or font that shows each one is there: one list, which
# `cvgen doctor` and the CI workflows of `cvgen ci` read too (`make tex` runs before cvgen is installed).
DEBIAN_LIST  := src/cvgen/ci/debian.txt
TEX_PACKAGES := $(shell awk '!/^\#/ && NF && !seen[$$2]++ {print $$2}' $(DEBIAN_LIST))

.PHONY: cv test test-fast fuzz bench gallery setup lock tex node clean

cv: setup tex
	$(BIN)/cvgen render
	$(BIN)/cvgen schema > out/cv.schema.json

test: setup tex node
	$(BIN)/ruff check src tests benchmarks docs
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# The unit tests alone: no TeX, no Node.js, no browser, no Ctrl-C matrix (markers `tex`, `node`, `browser`,
# `slow`; see pyproject.toml).
test-fast: setup
	$(BIN)/python -m pytest -q -m "not tex and not node and not browser and not slow"

fuzz: setup tex
	CVGEN_FUZZ_EXAMPLES=500 $(BIN)/python -m pytest -q tests/latex/test_escape_property.py

# cvgen's own modules are compiled first, as pip does when it installs a wheel: with an editable install
# and PYTHONDONTWRITEBYTECODE set, every run would otherwise compile them again (about 0.08 s). RenderCV 2.3
# is timed beside cvgen when the tests have installed it (tests/test_rendercv_export.py); results: out/bench.json.
bench: setup tex node
	$(BIN)/python -m compileall -q src/cvgen
	$(BIN)/python benchmarks/bench.py

# The first page of the résumé and of the CV of cv.yaml in every theme, as small PNGs in docs/gallery/.
gallery: setup tex
	$(BIN)/python docs/gallery.py cv.yaml

setup: $(STAMP)

# Every dependency at the exact version and hash of requirements.lock, so every machine typesets with the same
# libraries; then cvgen itself, editable, without resolving anything again.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# requirements.lock anew from pyproject.toml after a dependency changed there, keeping the other pins;
# `make lock LOCK=--upgrade` takes the newest releases of all. Every platform, Python 3.11 and later.
# Then run `make test`, check that the shipped PDFs are unchanged, and commit both files.
lock: setup
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes \
	  --quiet $(LOCK) -o requirements.lock

# The official JSON Resume schema and a real theme, which the tests run on `cvgen export jsonresume`;
# and citeproc-js (tests/csl/), which formats CSL styles and which the tests compare cvgen with.
JSONRESUME := tests/jsonresume
CITEPROC := tests/csl
node: $(JSONRESUME)/node_modules/.installed $(CITEPROC)/node_modules/.installed

$(CITEPROC)/node_modules/.installed: $(CITEPROC)/package-lock.json $(JSONRESUME)/node_modules/.installed
	npm ci --prefix $(CITEPROC) --no-audit --no-fund --loglevel=error
	touch $@

$(JSONRESUME)/node_modules/.installed: $(JSONRESUME)/package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Node.js and npm with apt-get..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "Node.js and npm are needed by the tests: sudo apt-get install nodejs npm"; exit 1; fi; }
	npm ci --prefix $(JSONRESUME) --no-audit --no-fund --loglevel=error
	touch $@

tex:
	@missing=$$(awk '!/^#/ && NF {kind = $$3; $$1 = $$2 = $$3 = ""; sub(/^ +/, ""); print kind "\t" $$0}' $(DEBIAN_LIST) | \
	  while IFS='	' read -r kind probe; do \
	    case $$kind in \
	      command) command -v "$$probe" >/dev/null ;; \
	      file) kpsewhich "$$probe" >/dev/null 2>&1 ;; \
	      font) fc-list : family 2>/dev/null | grep -qF "$$probe" ;; \
	    esac || printf '%s, ' "$$probe"; \
	  done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "TeX Live is incomplete (missing: $${missing%, })."; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing it with apt-get (about a minute)..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(TEX_PACKAGES) >/dev/null; \
	else \
	  echo "Install it with:"; \
	  echo "  sudo apt-get install --no-install-recommends $(TEX_PACKAGES)"; \
	  exit 1; \
	fi

clean:
	rm -rf out $(VENV) build dist src/*.egg-info $(JSONRESUME)/node_modules
