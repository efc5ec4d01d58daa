SHELL := /bin/bash
# reportgen: batch report generator (C11).
#   make          install missing Debian packages, build, generate every output
#   make build    compile ./reportgen only;  make deps  the Debian packages only
#   make test     build and run the Criterion test suite;  make watch  rebuild on every edit
#   make install  PREFIX=/usr/local DESTDIR=  binary, templates, fonts, man page
#   make test-asan  the suite under AddressSanitizer + UBSan
#   make valgrind   the default run under valgrind; make fuzz / make fuzz-ci  libFuzzer
#   make install-check  install into a temp folder, check the outputs are the same
# CFLAGS, CPPFLAGS and LDFLAGS are honoured; WERROR=1 makes warnings errors.
# See README.md.

DATA ?= data/2018
OUT ?= out/2018
# the next edition (2019, data year 2018), built by `make` as well
DATA_NEXT ?= data/2019
OUT_NEXT ?= out/2019
TEMPLATES ?= templates
RUNFLAGS ?=

CC ?= cc
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings
ifeq ($(WERROR),1)
WARN += -Werror
endif
PCRE2_CFLAGS := $(shell pkg-config --cflags libpcre2-8 2>/dev/null)
PCRE2_LIBS := $(shell pkg-config --libs libpcre2-8 2>/dev/null || echo -lpcre2-8)
CRIT_CFLAGS := $(shell pkg-config --cflags criterion 2>/dev/null)
CRIT_LIBS := $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)
HB_CFLAGS := $(shell pkg-config --cflags harfbuzz-subset 2>/dev/null)
HB_LIBS := $(shell pkg-config --libs harfbuzz-subset 2>/dev/null || echo -lharfbuzz-subset -lharfbuzz)
# CFLAGS, CPPFLAGS and LDFLAGS come from the environment or the command line
# (a packager's hardening flags, say); ours come first so theirs win.
CFLAGS ?= -O2 -g
CPPFLAGS ?=
LDFLAGS ?=
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8 $(WARN) $(CPPFLAGS) $(CFLAGS) $(PCRE2_CFLAGS) $(HB_CFLAGS) -Igenerator -MMD -MP
LIBS = -lhpdf -lcsv -lhyphen $(PCRE2_LIBS) $(HB_LIBS) -lgsl -lgslcblas -lz -lm -pthread

# Debian packages the build, the run and the tests need.
DEB_PACKAGES = gcc binutils make pkg-config libhpdf-dev libcsv-dev libpcre2-dev libcriterion-dev \
	libhyphen-dev hyphen-en-us hyphen-es fonts-sil-charis fonts-lato poppler-utils qpdf python3 \
	clang libclang-rt-14-dev valgrind libharfbuzz-dev zlib1g-dev mandoc libgsl-dev \
	icc-profiles-free python3-pikepdf

BUILD ?= build
SRC := $(sort $(wildcard generator/*.c generator/*/*.c generator/*/*/*.c))
OBJ := $(SRC:%.c=$(BUILD)/%.o)
LIBOBJ := $(filter-out $(BUILD)/generator/main.o,$(OBJ))
TEST_SRC := $(sort $(wildcard tests/*.c))
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)

.PHONY: all deps build run run-next watch test test-asan clean help bench fuzz fuzz-ci fuzz-bins valgrind \
	install install-check uninstall typo-report check-pdf FORCE
.DEFAULT_GOAL := all

all: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory run
	@$(MAKE) --no-print-directory run-next

help:
	@sed -n '2,11p' Makefile

# Install missing Debian packages (as root), or say exactly what to run.
deps: $(BUILD)/.deps-ok
$(BUILD)/.deps-ok: Makefile
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "reportgen: installing Debian packages:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 3; \
	  else \
	    echo "reportgen: missing Debian packages. Run:"; \
	    echo "  sudo apt-get install -y$$missing"; exit 3; \
	  fi; \
	fi
	@mkdir -p $(BUILD) && touch $@

build: reportgen

reportgen: $(OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CRIT_CFLAGS) -DTEST_SRCDIR='"$(CURDIR)"' -c -o $@ $<

run: reportgen
	./reportgen --data $(DATA) --templates $(TEMPLATES) --out $(OUT) $(RUNFLAGS)

run-next: reportgen
	./reportgen --data $(DATA_NEXT) --templates $(TEMPLATES) --out $(OUT_NEXT) $(RUNFLAGS)

# Stay resident and rebuild what an edit reaches (reportgen --watch); Ctrl-C stops.
watch: reportgen
	./reportgen --watch --data $(DATA) --templates $(TEMPLATES) --out $(OUT) $(RUNFLAGS)

$(BUILD)/test_runner: $(LIBOBJ) $(TEST_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS) $(CRIT_LIBS)

# The suite runs the built binary in end-to-end tests, so both are built.
test: deps
	@$(MAKE) --no-print-directory reportgen $(BUILD)/test_runner
	./$(BUILD)/test_runner -j2

# Sanitizer build in its own folder; a leak or UB report fails the target
# (Criterion itself does not fail on a LeakSanitizer report).
test-asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  reportgen-asan build-asan/test_runner
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  REPORTGEN_BIN=./reportgen-asan ./build-asan/test_runner -j2 2>&1 | tee build-asan/test.log; \
	  st=$${PIPESTATUS[0]}; \
	  if grep -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' build-asan/test.log >/dev/null; then \
	    echo "test-asan: sanitizer reports found (see build-asan/test.log)"; exit 1; fi; \
	  exit $$st

reportgen-asan: $(OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LIBS)

# Bounded fuzzing with libFuzzer (clang) under ASan + UBSan. Each harness
# tests/fuzz/fuzz_NAME.c first replays every kept crasher (tests/fuzz/crashers/,
# regression fixtures; any harness must survive any of them), then fuzzes for
# FUZZ_SECONDS from its corpus tests/fuzz/corpus/NAME/ (new inputs go to
# build-fuzz/corpus/NAME/, new crashers to tests/fuzz/crashers/NAME-*). Any
# crash, sanitizer report, timeout or out-of-memory fails the target.
# `make fuzz-ci` is the short pass CI runs: FUZZ_CI_SECONDS per harness, two
# harnesses at a time.
FUZZ_SECONDS ?= 60
FUZZ_CI_SECONDS ?= 12
FUZZ_CFLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_BIN := $(FUZZ_NAMES:%=build-fuzz/fuzz_%)
# Every module but main.c is built for fuzzing (fuzz_run takes the whole
# path, load -> PDF); they go into an archive so each harness links just what
# it calls. A harness's dictionary, tests/fuzz/NAME.dict, is passed as -dict=.
FUZZ_MODULES := $(patsubst generator/%.c,%,$(filter-out generator/main.c,$(SRC)))
FUZZ_LIBOBJ := $(FUZZ_MODULES:%=build-fuzz/generator/%.o)

FUZZ_LIBS = $(LIBS)

fuzz: deps
	@$(MAKE) --no-print-directory -j2 fuzz-bins
	@$(MAKE) --no-print-directory $(FUZZ_NAMES:%=fuzz-run-%)
fuzz-ci: deps
	@$(MAKE) --no-print-directory -j2 --output-sync=target FUZZ_SECONDS=$(FUZZ_CI_SECONDS) \
	  $(FUZZ_NAMES:%=fuzz-run-%)
fuzz-bins:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" $(FUZZ_BIN)
build-fuzz/libfuzz.a: $(FUZZ_LIBOBJ)
	rm -f $@ && ar rcs $@ $^
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c build-fuzz/libfuzz.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LIBS)
fuzz-run-%: fuzz-bins
	@set -e; n=$*; b=build-fuzz/fuzz_$$n; \
	  mkdir -p tests/fuzz/corpus/$$n tests/fuzz/crashers build-fuzz/corpus/$$n; \
	  old=$$(find tests/fuzz/crashers -type f | sort); \
	  if [ -n "$$old" ]; then echo "fuzz: $$n: replaying $$(echo $$old | wc -w) kept crasher(s)"; \
	    ./$$b $$old >build-fuzz/$$n.replay.log 2>&1 || { tail -40 build-fuzz/$$n.replay.log; \
	      echo "fuzz: $$n: a kept crasher fails again (build-fuzz/$$n.replay.log)"; exit 1; }; fi; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
	  dict=; if [ -f tests/fuzz/$$n.dict ]; then dict=-dict=tests/fuzz/$$n.dict; fi; \
	  ./$$b -max_total_time=$(FUZZ_SECONDS) -timeout=25 -max_len=65536 $$dict -artifact_prefix=tests/fuzz/crashers/$$n- \
	    build-fuzz/corpus/$$n tests/fuzz/corpus/$$n 2>build-fuzz/$$n.log || { tail -40 build-fuzz/$$n.log; \
	      echo "fuzz: $$n: finding kept in tests/fuzz/crashers/ (log build-fuzz/$$n.log)"; exit 1; }; \
	  grep -E '^Done [0-9]+ runs' build-fuzz/$$n.log || tail -3 build-fuzz/$$n.log

# The whole default run under valgrind: any error or leak fails the target.
valgrind: deps
	@$(MAKE) --no-print-directory reportgen
	@d=$$(mktemp -d); valgrind -q --error-exitcode=9 --leak-check=full --show-leak-kinds=definite,indirect \
	  --errors-for-leak-kinds=definite,indirect ./reportgen --data $(DATA) --templates $(TEMPLATES) --out $$d/out $(RUNFLAGS) --quiet; \
	  st=$$?; rm -rf $$d; if [ $$st -ne 0 ]; then echo "valgrind: failed ($$st)"; exit 1; fi; echo "valgrind: clean"

# PDF/UA-1 and PDF/A-2b conditions a machine can check, over every PDF of the
# default run (written to $(OUT) first when it is missing). Debian's python3
# (not a pyenv one) has python3-pikepdf.
check-pdf: reportgen
	@test -d $(OUT) || ./reportgen --data $(DATA) --templates $(TEMPLATES) --out $(OUT) --quiet
	/usr/bin/python3 tests/check_pdf.py $(OUT)

# Benchmark (prints figures, writes out/bench.csv); never a timed test.
bench: reportgen $(BUILD)/bench
	./$(BUILD)/bench

# Typographic measures of the default run's papers and one brief per language
# (empty share per page, hyphenated line ends, page-turn breaks, word gaps,
# overlapping labels, copy left untypeset); prints, never fails on a value.
TYPO_BRIEF ?= jalisco
typo-report: reportgen
	@d=$$(mktemp -d /tmp/typo-report.XXXXXX) && \
	  ./reportgen --data $(DATA) --templates $(TEMPLATES) --out $$d --only paper --quiet && \
	  ./reportgen --data $(DATA) --templates $(TEMPLATES) --out $$d --only briefs \
	    --state $(TYPO_BRIEF) --quiet && \
	  python3 tests/bench/typo_report.py $$d/whitepaper-en.pdf $$d/whitepaper-es.pdf \
	    $$d/briefs/en/$(TYPO_BRIEF).pdf $$d/briefs/es/$(TYPO_BRIEF).pdf; \
	  st=$$?; rm -rf $$d; exit $$st

$(BUILD)/bench: tests/bench/bench.c $(LIBOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# ---- installing ----
# `make install` installs a second build of the binary, whose main.c has the
# data folder compiled in (REPORTGEN_DATADIR = $(PKGDATADIR)): run from any
# folder it reads $(PKGDATADIR)/templates and $(PKGDATADIR)/fonts/manifest.
# ./reportgen, built in the checkout, has none and reads templates/ and
# fonts/manifest from the current folder as always. DESTDIR stages the files
# (packaging); the compiled-in folder never contains it.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SHAREDIR ?= $(PREFIX)/share
PKGDATADIR ?= $(SHAREDIR)/reportgen
MANDIR ?= $(SHAREDIR)/man
DESTDIR ?=
INSTALL ?= install
INST := $(BUILD)/install
TEMPLATE_FILES := $(sort $(shell find templates -type f ! -name .gitkeep 2>/dev/null))

# Rebuilt when the data folder changes (another PREFIX), not on every install.
$(INST)/datadir: FORCE
	@mkdir -p $(dir $@)
	@echo '$(PKGDATADIR)' | cmp -s - $@ || echo '$(PKGDATADIR)' > $@
FORCE:

$(INST)/main.o: generator/main.c $(INST)/datadir
	$(CC) $(ALL_CFLAGS) -DREPORTGEN_DATADIR='"$(PKGDATADIR)"' -c -o $@ $<

$(INST)/reportgen: $(LIBOBJ) $(INST)/main.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# The man page names the data folder of the binary beside it.
$(INST)/reportgen.1: reportgen.1 $(INST)/datadir
	sed 's|/usr/local/share/reportgen|$(PKGDATADIR)|g' reportgen.1 > $@

install: $(INST)/reportgen $(INST)/reportgen.1
	$(INSTALL) -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(MANDIR)/man1' '$(DESTDIR)$(PKGDATADIR)/fonts'
	$(INSTALL) -m 755 $(INST)/reportgen '$(DESTDIR)$(BINDIR)/reportgen'
	$(INSTALL) -m 644 $(INST)/reportgen.1 '$(DESTDIR)$(MANDIR)/man1/reportgen.1'
	$(INSTALL) -m 644 fonts/manifest '$(DESTDIR)$(PKGDATADIR)/fonts/manifest'
	@for f in $(TEMPLATE_FILES); do \
	  $(INSTALL) -d "$(DESTDIR)$(PKGDATADIR)/$$(dirname $$f)" && \
	  $(INSTALL) -m 644 $$f "$(DESTDIR)$(PKGDATADIR)/$$f" || exit 1; \
	done; echo "install: $(words $(TEMPLATE_FILES)) templates in $(DESTDIR)$(PKGDATADIR)/templates"

uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/reportgen' '$(DESTDIR)$(MANDIR)/man1/reportgen.1'
	rm -rf '$(DESTDIR)$(PKGDATADIR)'

# The install works: staged under DESTDIR (templates and fonts named on the
# command line) and installed for real under a temporary PREFIX (compiled-in
# folder), each run from another folder writes the same files as ./reportgen;
# the man page passes mandoc's lint.
install-check: reportgen
	@set -e; t=$$(mktemp -d /tmp/reportgen-install-check.XXXXXX); trap 'rm -rf "$$t"' EXIT; \
	  export SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-1527811200}; \
	  ./reportgen --data $(DATA) --out $$t/ref --quiet; \
	  $(MAKE) --no-print-directory install DESTDIR=$$t/stage PREFIX=/usr >/dev/null; \
	  $(MAKE) --no-print-directory install PREFIX=$$t/prefix >/dev/null; \
	  mkdir $$t/cwd && ln -s '$(CURDIR)/data' $$t/cwd/data; \
	  (cd $$t/cwd && $$t/stage/usr/bin/reportgen --data $(DATA) --out $$t/staged --quiet \
	    --templates $$t/stage/usr/share/reportgen/templates --fonts $$t/stage/usr/share/reportgen/fonts/manifest); \
	  (cd $$t/cwd && $$t/prefix/bin/reportgen --data $(DATA) --out $$t/installed --quiet); \
	  diff -r $$t/ref $$t/staged; diff -r $$t/ref $$t/installed; \
	  $$t/prefix/bin/reportgen --help | grep -q "$$t/prefix/share/reportgen/templates"; \
	  grep -q "$$t/prefix/share/reportgen" $$t/prefix/share/man/man1/reportgen.1; \
	  mandoc -Tlint -Wwarning reportgen.1; \
	  echo "install-check: staged and installed binaries write the same $$(find $$t/ref -type f | wc -l) files as ./reportgen"

clean:
	rm -rf build build-asan build-fuzz reportgen reportgen-asan out/2018 out/2019

-include $(OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(INST)/main.d

