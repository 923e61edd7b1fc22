# The two commands a newcomer needs: `make cv` (set up everything, build the three PDFs) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Debian packages cvgen needs: pdflatex and xelatex with the LaTeX packages and fonts the templates use
# (tex-gyre for pdflatex and fonts-texgyre for xelatex: the TeX Gyre fonts of the themes), and bibtex,
# biber and biblatex, which the tests run on `cvgen export bibtex`.
TEX_PACKAGES := texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
                lmodern texlive-xetex texlive-lang-cjk texlive-lang-chinese fonts-noto-cjk fonts-cmu poppler-utils \
                texlive-bibtex-extra biber tex-gyre fonts-texgyre
# One file per package above, so a missing piece is noticed even where part of TeX Live is installed.
TEX_PROBES := pdflatex xelatex pdftotext pdftoppm bibtex biber

.PHONY: cv test fuzz bench gallery setup tex node clean

cv: setup tex
	$(BIN)/cvgen render
	$(BIN)/cvgen schema > out/cv.schema.json

test: setup tex node
	$(BIN)/ruff check src tests benchmarks docs
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

fuzz: setup tex
	CVGEN_FUZZ_EXAMPLES=500 $(BIN)/python -m pytest -q tests/latex/test_escape_property.py

# cvgen's own modules are compiled first, as pip does when it installs a wheel: with an editable install
# and PYTHONDONTWRITEBYTECODE set, every run would otherwise compile them again (about 0.08 s).
bench: setup tex node
	$(BIN)/python -m compileall -q src/cvgen
	$(BIN)/python benchmarks/bench.py

# The first page of the résumé and of the CV of cv.yaml in every theme, as small PNGs in docs/gallery/.
gallery: setup tex
	$(BIN)/python docs/gallery.py cv.yaml

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

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
	@missing=""; \
	for p in $(TEX_PROBES); do command -v $$p >/dev/null || missing="$$missing $$p"; done; \
	for f in lmodern.sty enumitem.sty needspace.sty microtype.sty xeCJK.sty fontspec.sty ctexhook.sty biblatex.sty \
	          tgheros.sty; do \
	  kpsewhich $$f >/dev/null 2>&1 || missing="$$missing $$f"; done; \
	fc-list 2>/dev/null | grep -q 'CMU Serif' || missing="$$missing CMU-Serif-font"; \
	fc-list 2>/dev/null | grep -q 'Noto Serif CJK' || missing="$$missing Noto-CJK-font"; \
	fc-list 2>/dev/null | grep -q 'TeX Gyre Heros' || missing="$$missing TeX-Gyre-font"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "TeX Live is incomplete (missing:$$missing)."; \
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
