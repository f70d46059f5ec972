# flowmc -- build, test, run.  `make run` and `make test` are all a new
# user types: both install missing Debian packages first (`make deps`).

# make predefines CC as cc (origin "default"), so `CC ?= cc` would do
# nothing: the default is set here only when neither the command line
# (`make CC=clang`) nor the environment chose a compiler
ifeq ($(origin CC),default)
CC       := cc
endif
PKGS     := libxml-2.0 gsl libcgraph libgvc jansson cairo librsvg-2.0
TESTPKGS := cunit
# Debian package providing each pkg-config module, in the same order
DEBS_libxml-2.0 := libxml2-dev
DEBS_gsl        := libgsl-dev
DEBS_libcgraph  := libgraphviz-dev
DEBS_libgvc     := libgraphviz-dev
DEBS_jansson    := libjansson-dev
# pages: cairo surfaces of a paper's size, librsvg drawing Graphviz's SVG on them
DEBS_cairo      := libcairo2-dev
DEBS_librsvg-2.0 := librsvg2-dev
DEBS_cunit      := libcunit1-dev
# header-only libraries (header -> package): Random123, counter-based
# generators behind GSL's interface, for the simulator's keyed draws
HEADERS  := Random123/philox.h:librandom123-dev
# tools used by tests, benchmarks and plots (command -> package)
TOOLS    := gnuplot:gnuplot-nox python3:python3 xmllint:libxml2-utils pdfinfo:poppler-utils \
            mpicc:libopenmpi-dev mpirun:openmpi-bin clang:clang

SANITIZE ?=
# MPI=1 builds the spread of replications over mpirun's ranks
# (docs/scale-out.md); by default it is on when mpicc is found.
MPI      ?= $(if $(shell command -v mpicc 2>/dev/null),1,0)
MPIFLAGS := $(if $(filter 1,$(MPI)),-DFLOWMC_MPI $(shell mpicc --showme:compile 2>/dev/null))
MPILIBS  := $(if $(filter 1,$(MPI)),$(shell mpicc --showme:link 2>/dev/null))
# clang builds apart from gcc's (CI runs both under the sanitizers); FUZZ=1
# adds libFuzzer's coverage to every object (make fuzz)
CLANG    := $(if $(findstring clang,$(notdir $(CC))),-clang)
FUZZ     ?=
BUILD    := build$(if $(SANITIZE),-san)$(CLANG)$(if $(FUZZ),-fuzz)
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            $(if $(CI),-Werror)
# CFLAGS and LDFLAGS are the user's (`make CFLAGS=-O3`); what flowmc needs
# is added in FLOWMC_CFLAGS / FLOWMC_LDFLAGS, so an override keeps the build
CFLAGS   ?= -O2 -g
FLOWMC_CFLAGS := $(CFLAGS) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread $(WARN) -MMD -MP \
            $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer -O1 -DFLOWMC_POOL_MOVES) \
            $(if $(FUZZ),-fsanitize=fuzzer-no-link) \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(MPIFLAGS)
FLOWMC_LDFLAGS := $(LDFLAGS) -pthread $(if $(SANITIZE),-fsanitize=$(SANITIZE))
LDLIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(MPILIBS) -lm

SRC      := $(sort $(wildcard src/*/*.c))
LIBSRC   := $(filter-out src/cli/main.c,$(SRC))
LIBOBJ   := $(LIBSRC:%.c=$(BUILD)/%.o)
TESTSRC  := $(sort $(wildcard tests/unit/*.c))
TESTOBJ  := $(TESTSRC:%.c=$(BUILD)/%.o)
SUITES   := $(patsubst tests/unit/test_%.c,%,$(filter tests/unit/test_%.c,$(TESTSRC)))
BENCHSRC := $(sort $(wildcard tests/bench/*.c))
BENCHBIN := $(BENCHSRC:tests/bench/%.c=$(BUILD)/bench/%)

BIN      := bin/flowmc$(if $(SANITIZE),-san)$(CLANG)$(if $(FUZZ),-fuzz)
TESTBIN  := $(BUILD)/unit_tests

.PHONY: all deps deps-browser models-di test valgrind bench run clean distclean fuzz

# `make` only builds; run, test and bench install what is missing first
all: $(BIN)

# Installs what pkg-config cannot find: apt-get as root, sudo otherwise.
deps:
	@missing=""; \
	for p in $(PKGS) $(TESTPKGS); do \
	  pkg-config --exists $$p 2>/dev/null || missing="$$missing $$p"; \
	done; \
	debs=""; for p in $$missing; do \
	  case $$p in libxml-2.0) d=$(DEBS_libxml-2.0);; gsl) d=$(DEBS_gsl);; \
	    libcgraph|libgvc) d=$(DEBS_libgvc);; jansson) d=$(DEBS_jansson);; \
	    cairo) d=$(DEBS_cairo);; librsvg-2.0) d=$(DEBS_librsvg-2.0);; \
	    cunit) d=$(DEBS_cunit);; esac; debs="$$debs $$d"; done; \
	for h in $(HEADERS); do echo "#include <$${h%%:*}>" | $(CC) -E -x c - >/dev/null 2>&1 || debs="$$debs $${h#*:}"; done; \
	for t in $(TOOLS); do command -v $${t%%:*} >/dev/null 2>&1 || debs="$$debs $${t#*:}"; done; \
	{ command -v clang >/dev/null 2>&1 && [ -f "$$(clang --print-runtime-dir)/libclang_rt.fuzzer-x86_64.a" ]; } || \
	  debs="$$debs libclang-rt-dev"; \
	command -v pkg-config >/dev/null 2>&1 || debs="$$debs pkg-config"; \
	if [ -n "$$debs" ]; then \
	  echo "flowmc: installing Debian packages:$$debs"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	  elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	  else echo "flowmc: need root or sudo to install:$$debs" >&2; \
	       echo "flowmc: run as root: apt-get install$$debs" >&2; exit 1; fi; \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$debs || \
	  { echo "flowmc: apt-get failed; install by hand:$$debs" >&2; exit 1; }; \
	fi

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(FLOWMC_CFLAGS) -c $< -o $@

# par.o is the one object that differs with MPI, and the par suite, which
# skips without it (fails under CI): rebuild them when MPI changes
$(BUILD)/mpi-$(MPI).stamp:
	@mkdir -p $(BUILD) && rm -f $(BUILD)/mpi-*.stamp && touch $@
$(BUILD)/src/sim/par.o $(BUILD)/tests/unit/test_par.o: $(BUILD)/mpi-$(MPI).stamp

$(BUILD)/libflowmc.a: $(LIBOBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/src/cli/main.o $(BUILD)/libflowmc.a
	@mkdir -p bin
	$(CC) $(FLOWMC_LDFLAGS) -o $@ $^ $(LDLIBS)

# Every tests/unit/test_NAME.c defines `void suite_NAME(void)`.
$(BUILD)/suites.inc: $(TESTSRC)
	@mkdir -p $(BUILD)
	@printf '%s\n' $(foreach s,$(SUITES),"SUITE($(s))") > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/unit/runner.o: $(BUILD)/suites.inc
$(BUILD)/tests/unit/%.o: FLOWMC_CFLAGS += -I$(BUILD) -Isrc $(shell pkg-config --cflags cunit 2>/dev/null)

$(TESTBIN): $(TESTOBJ) $(BUILD)/libflowmc.a
	$(CC) $(FLOWMC_LDFLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs cunit 2>/dev/null)

# The browser tests (suite browser) need Chromium, node and the npm
# packages pinned by tests/browser/package-lock.json.  Not for `make run`:
# a failure here is a warning, and the suite then skips with a visible line
# (in CI, CI=true, it fails instead).
BROWSER_TOOLS := chromium:chromium node:nodejs npm:npm
deps-browser:
	@debs=""; for t in $(BROWSER_TOOLS); do command -v $${t%%:*} >/dev/null 2>&1 || debs="$$debs $${t#*:}"; done; \
	if [ -n "$$debs" ]; then \
	  echo "flowmc: installing Debian packages for the browser tests:$$debs"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  { $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q \
	      --no-install-recommends $$debs; } || echo "flowmc: warning: could not install$$debs" >&2; \
	fi; \
	if [ ! -d tests/browser/node_modules ] || [ tests/browser/package-lock.json -nt tests/browser/node_modules ]; then \
	  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) && touch tests/browser/node_modules || \
	    echo "flowmc: warning: npm ci failed in tests/browser" >&2; \
	fi

# The shipped models' BPMN DI is flowmc's own export (incoming/outgoing,
# pools, orthogonal edges, labels): after a model changes, `make models-di`
# lays it out again (suite render_di fails until then).
MODELS := $(sort $(wildcard models/*.bpmn models/*/*.bpmn))
models-di: all
	@for m in $(MODELS); do \
	  $(BIN) render --format bpmn --relayout --force -o "$$m.tmp" "$$m" && mv "$$m.tmp" "$$m" || \
	    { rm -f "$$m.tmp"; exit 1; }; \
	done

# Tests run from the top directory; they call $(BIN) for the CLI cases.
test: deps deps-browser
	@$(MAKE) --no-print-directory $(BIN) $(TESTBIN)
	FLOWMC_BIN=$(BIN) $(TESTBIN) $(SUITE)

valgrind: deps
	@$(MAKE) --no-print-directory $(BIN) $(TESTBIN)
	FLOWMC_BIN=$(BIN) FLOWMC_VALGRIND=1 valgrind --leak-check=full --errors-for-leak-kinds=definite \
	  --error-exitcode=3 --suppressions=tests/valgrind.supp $(TESTBIN) $(SUITE)

# Fuzzing: libFuzzer harnesses (tests/fuzz/fuzz_NAME.c) built with clang
# under ASan and UBSan, each run FUZZ_TIME seconds from its seed corpus and
# dictionary (model and check share the BPMN ones, scenario and sim the
# scenario ones); new inputs go to build-san-clang-fuzz/corpus/NAME, a
# crash to build-san-clang-fuzz/crash-NAME-*.  FUZZ_SEED=0 lets libFuzzer
# pick; CI runs a minute each with seed 1.
FUZZ_TIME ?= 600
FUZZ_SEED ?= 0
FUZZERS   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZDIR   := build-san-clang-fuzz
fuzz: deps
	@$(MAKE) --no-print-directory CC=clang SANITIZE=address,undefined FUZZ=1 \
	  $(FUZZERS:%=$(FUZZDIR)/fuzz/%)
	@for f in $(FUZZERS); do \
	  case $$f in model|check) c=model;; *) c=scenario;; esac; \
	  mkdir -p $(FUZZDIR)/corpus/$$f; \
	  echo "== fuzz $$f: $(FUZZ_TIME) s, seed $(FUZZ_SEED), corpus tests/fuzz/corpus/$$c"; \
	  $(FUZZDIR)/fuzz/$$f -max_total_time=$(FUZZ_TIME) -seed=$(FUZZ_SEED) -timeout=30 \
	    -rss_limit_mb=2560 -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZDIR)/crash-$$f- -dict=tests/fuzz/$$c.dict \
	    $(FUZZDIR)/corpus/$$f tests/fuzz/corpus/$$c 2>$(FUZZDIR)/$$f.log || \
	    { tail -60 $(FUZZDIR)/$$f.log; echo "flowmc: fuzz $$f failed (log $(FUZZDIR)/$$f.log)" >&2; exit 1; }; \
	  grep -E "^stat::number_of_executed_units|^Done" $(FUZZDIR)/$$f.log; \
	done

$(BUILD)/fuzz/%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(BUILD)/libflowmc.a
	@mkdir -p $(dir $@)
	$(CC) $(FLOWMC_CFLAGS) -Isrc -fsanitize=fuzzer -o $@ $< $(BUILD)/libflowmc.a $(LDLIBS)

$(BUILD)/bench/%: tests/bench/%.c tests/bench/bench.h $(BUILD)/libflowmc.a
	@mkdir -p $(dir $@)
	$(CC) $(FLOWMC_CFLAGS) -Isrc -o $@ $< $(BUILD)/libflowmc.a $(LDLIBS)

# The SimPy peer of bench_sim runs on Debian's python3 with python3-simpy3.
bench: deps
	@/usr/bin/python3 -c 'import simpy' 2>/dev/null || { \
	  echo "flowmc: installing python3-simpy3 (the benchmark's peer)"; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q python3-simpy3; }
	@$(MAKE) --no-print-directory $(BIN) $(BENCHBIN)
	@for b in $(BENCHBIN); do echo "== $$b"; FLOWMC_BIN=$(BIN) $$b || exit 1; done

# The main job: check, draw, simulate, size and compare the annexes into
# results/ (committed; the mainjob suite fails when it is stale).
run: deps
	@$(MAKE) --no-print-directory $(BIN)
	@sh tests/run-main.sh $(BIN) results

# make install PREFIX=/usr/local DESTDIR=: the binary, one manual page per
# command and flowmc(1) -- made from the binary's own --help by
# docs/man/mkman.sh, so they cannot drift -- bash completion, and the
# schemas read at run time, which the binary finds as
# BINDIR/../share/flowmc/schema (keep BINDIR and DATADIR under one prefix).
# make uninstall removes what install put.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man
COMPDIR ?= $(DATADIR)/bash-completion/completions
INSTALL ?= install
.PHONY: man install uninstall
man: $(BIN)
	@rm -rf $(BUILD)/man
	@SOURCE_DATE=$$(git log -1 --format=%cs 2>/dev/null) sh docs/man/mkman.sh $(BIN) $(BUILD)/man

install: man
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPDIR) \
	  $(DESTDIR)$(DATADIR)/flowmc/schema
	$(INSTALL) -m 755 $(BIN) $(DESTDIR)$(BINDIR)/flowmc
	$(INSTALL) -m 644 $(BUILD)/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 644 contrib/bash-completion/flowmc $(DESTDIR)$(COMPDIR)/flowmc
	$(INSTALL) -m 644 simulations/schema/*.xsd $(DESTDIR)$(DATADIR)/flowmc/schema/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/flowmc $(DESTDIR)$(MANDIR)/man1/flowmc.1 \
	  $(DESTDIR)$(MANDIR)/man1/flowmc-*.1 $(DESTDIR)$(COMPDIR)/flowmc
	rm -rf $(DESTDIR)$(DATADIR)/flowmc

clean:
	rm -rf build build-san build-*clang* bin

# clean, and what make deps-browser fetched into the tree
distclean: clean
	rm -rf build-* tests/browser/node_modules

-include $(LIBOBJ:.o=.d) $(TESTOBJ:.o=.d) $(BUILD)/src/cli/main.d
