# metaconc: see concurrency and parallelism happen.
#
#   make            build build/metaconc
#   make run        build, then open the tutorial (without a terminal: the demo tour, printed)
#   make test       build, install the test tools if missing, run every bats suite
#   make unit       build and run only the C unit tests (tests/unit/)
#   make check-asan / check-tsan   the suite against sanitizer builds (SUITES=tests/x.bats for some)
#   make bench      measure the numbers of DESIGN §4 (BENCH_ONLY=view,frame: some parts, RESULTS.md untouched)
#   make fuzz       build the libFuzzer targets (clang) and run each for FUZZ_SECONDS on fuzz/corpus
#   make install    PREFIX/bin/metaconc, the manual, and the lessons (with the sources they show and the
#                   practice exercises) in PREFIX/share/metaconc (DESTDIR too); make uninstall takes them back
#
# Set-up: before anything else, make runs tools/setup-deps once for what the goals need, and it
# installs what is missing (Debian, as root), saying what and why first. METACONC_NO_INSTALL=1 (in
# the environment or on the command line) only checks, and names the command to run in one line.

VERSION   := 0.1.0
CC        ?= cc
CFLAGS    ?= -O2 -g
WARNINGS  := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CPPFLAGS  += -D_GNU_SOURCE -DMETACONC_VERSION='"$(VERSION)"' -Ilib
ALL_CFLAGS = -std=gnu11 $(WARNINGS) $(CFLAGS) -pthread -MMD -MP
CURSES_LIBS := $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw -ltinfo)
LDLIBS    += -pthread -lm $(CURSES_LIBS)

BUILD     ?= build
PREFIX    ?= /usr/local
SHARE     := $(DESTDIR)$(PREFIX)/share/metaconc
LIB_SRC   := $(sort $(wildcard lib/*/*.c))
CMD_SRC   := $(sort $(wildcard cmd/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_OBJ   := $(CMD_SRC:%.c=$(BUILD)/%.o)
LIBRARY   := $(BUILD)/libmetaconc.a
PROGRAM   := $(BUILD)/metaconc
UNIT_SRC  := $(sort $(wildcard tests/unit/*.c))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_BIN := $(BUILD)/bench
TRACE_PROGRAM := $(BUILD)/trace_program
# The fuzz targets (fuzz/fuzz_NAME.c). The normal build links each with a
# replay driver (fuzz/replay.c) that feeds it files, for the tests; `make fuzz`
# links each with libFuzzer instead.
FUZZ_TARGETS := lesson demo options pyproto region exercise
FUZZ_OBJ     := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%.o) $(BUILD)/fuzz/replay.o
FUZZ_REPLAY  := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay-%)
FUZZ_FUZZERS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzzer-%)
FUZZ_SECONDS ?= 30

# The one set-up step. What the goals on the command line need decides what it checks (build, and
# test, bench, sanitizers or fuzz); every object waits for it and so does every goal that runs
# something, so even under -j it runs once, alone, before anything else. A stamp in the build
# directory, named after what was checked, keeps it from running again. The sanitizer and fuzz
# builds are makes of their own: they get SETUP_DONE=1, as their set-up was done here.
SETUP_NEEDS := build \
    $(if $(filter test check-asan check-tsan,$(MAKECMDGOALS)),test) \
    $(if $(filter bench,$(MAKECMDGOALS)),bench) \
    $(if $(filter check-asan check-tsan,$(MAKECMDGOALS)),sanitizers) \
    $(if $(filter fuzz,$(MAKECMDGOALS)),fuzz)
empty :=
space := $(empty) $(empty)
SETUP_STAMP := $(if $(SETUP_DONE),,$(BUILD)/.setup-$(subst $(space),-,$(strip $(SETUP_NEEDS))))
export METACONC_NO_INSTALL

.PHONY: all run test unit check-asan check-tsan bench lint fuzz fuzzers install uninstall clean
all: $(PROGRAM) $(UNIT_BIN) $(BENCH_BIN) $(TRACE_PROGRAM) $(FUZZ_REPLAY)

ifneq ($(SETUP_STAMP),)
$(SETUP_STAMP):
	@CC='$(CC)' tools/setup-deps $(strip $(SETUP_NEEDS))
	@mkdir -p $(dir $@) && touch $@
endif

$(BUILD)/%.o: %.c | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(LIBRARY): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(PROGRAM): $(CMD_OBJ) $(LIBRARY)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(CMD_OBJ) $(LIBRARY) $(LDLIBS) -o $@

$(BUILD)/tests/%: tests/unit/%.c $(LIBRARY) | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) $< $(LIBRARY) $(LDLIBS) -o $@

$(BENCH_BIN): bench/bench.c bench/bench_trace.c bench/bench_trace.h $(LIBRARY) | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) $(filter %.c,$^) $(LIBRARY) $(LDLIBS) -o $@

# The program `make bench` traces (and tests/trace.bats builds its own copy of).
$(TRACE_PROGRAM): tests/trace_program.c | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $< -pthread -o $@

$(FUZZ_REPLAY): $(BUILD)/fuzz/replay-%: $(BUILD)/fuzz/fuzz_%.o $(BUILD)/fuzz/replay.o $(LIBRARY)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

# Built with BUILD=build-fuzz and the sanitizers by `make fuzz`, below.
fuzzers: $(FUZZ_FUZZERS)
$(FUZZ_FUZZERS): $(BUILD)/fuzz/fuzzer-%: $(BUILD)/fuzz/fuzz_%.o $(LIBRARY)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

# Measures the numbers of DESIGN §4 on this machine into bench/RESULTS.md. Never fails on a timing.
bench: $(PROGRAM) $(BENCH_BIN) $(TRACE_PROGRAM) | $(SETUP_STAMP)
	$(BENCH_BIN) $(if $(BENCH_ONLY),--only $(BENCH_ONLY)) $(PROGRAM) bench/python_costs.py bench/RESULTS.md

# In a terminal the tutorial; without one, the built-in demo tour as a printed transcript.
run: $(PROGRAM)
	@if [ -t 0 ] && [ -t 1 ]; then $(PROGRAM); else $(PROGRAM) demo --plain; fi

# Only the screens (lib/ui/) may talk to curses, and each folder of lib/ includes only the folders
# below it (tools/lint-layers says which).
lint:
	@tools/lint-layers

test: all lint | $(SETUP_STAMP)
	@tests/run-bats $(PROGRAM) $(BUILD) $(SUITES)

# The C unit tests alone (tests/unit.bats runs them too, within `make test`).
unit: $(UNIT_BIN)
	@for test in $(UNIT_BIN); do $$test || exit 1; done

# The sanitizer builds use the first clang that has the sanitizers (tools/find-clang says which).
# They run every suite (or SUITES) but valgrind's: valgrind cannot run a sanitizer build, and the
# sanitizers check what it would. Tests tagged no-sanitizer (they never run metaconc) are left out.
SANITIZER_SUITES = $(or $(SUITES),$(filter-out tests/valgrind.bats,$(sort $(wildcard tests/*.bats))))
check-asan: | $(SETUP_STAMP)
	+@clang=$$(tools/find-clang address undefined thread) || \
	    { echo "check-asan: no clang with AddressSanitizer and UBSan (tools/find-clang); run 'make check-asan' as root to install one" >&2; exit 1; }; \
	echo "check-asan: building with $$clang"; \
	$(MAKE) BUILD=build-asan CC=$$clang SETUP_DONE=1 \
	    CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    LDFLAGS='-fsanitize=address,undefined' all
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    RUN_BATS_FILTER_TAGS='!no-sanitizer' tests/run-bats build-asan/metaconc build-asan $(SANITIZER_SUITES)

check-tsan: | $(SETUP_STAMP)
	+@clang=$$(tools/find-clang address undefined thread) || \
	    { echo "check-tsan: no clang with ThreadSanitizer (tools/find-clang); run 'make check-tsan' as root to install one" >&2; exit 1; }; \
	echo "check-tsan: building with $$clang"; \
	$(MAKE) BUILD=build-tsan CC=$$clang SETUP_DONE=1 CFLAGS='-O1 -g -fsanitize=thread' LDFLAGS='-fsanitize=thread' all
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 RUN_BATS_FILTER_TAGS='!no-sanitizer' \
	    tests/run-bats build-tsan/metaconc build-tsan $(SANITIZER_SUITES)

# Each fuzzer runs FUZZ_SECONDS on the seeds of fuzz/corpus/NAME and the inputs that once crashed it
# (fuzz/regressions/NAME), with the words of its format in fuzz/NAME.dict; what it learns goes to
# build-fuzz/corpus/NAME, what crashes it to build-fuzz/crashes/NAME/. A crash, a leak or undefined behaviour stops `make fuzz` with an error.
fuzz: | $(SETUP_STAMP)
	+@clang=$$(tools/find-clang fuzzer address undefined) || \
	    { echo "fuzz: skipped: no clang with libFuzzer here (tools/find-clang tried clang, clang-19 ... clang-13)"; exit 0; }; \
	echo "fuzz: building with $$clang"; \
	$(MAKE) BUILD=build-fuzz CC=$$clang SETUP_DONE=1 \
	    CFLAGS='-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
	    LDFLAGS='-fsanitize=fuzzer,address,undefined' fuzzers || exit 1; \
	for target in $(FUZZ_TARGETS); do \
	    mkdir -p build-fuzz/corpus/$$target build-fuzz/crashes/$$target || exit 1; \
	    echo "fuzz: $$target for $(FUZZ_SECONDS) s"; \
	    build-fuzz/fuzz/fuzzer-$$target -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -dict=fuzz/$$target.dict \
	        -artifact_prefix=build-fuzz/crashes/$$target/ build-fuzz/corpus/$$target fuzz/corpus/$$target \
	        $$(ls -d fuzz/regressions/$$target 2>/dev/null) || exit 1; \
	done

# What `make install` puts under PREFIX (DESTDIR in front, for packaging). The lessons show marked
# regions of the sources, so the sources are installed beside them; INSTALL_PROGRAM may name a binary
# already built elsewhere (the tests install the one they test).
INSTALL_PROGRAM ?= $(PROGRAM)
BINDIR       := $(DESTDIR)$(PREFIX)/bin
MAN1DIR      := $(DESTDIR)$(PREFIX)/share/man/man1
SHARE_LESSONS := $(sort $(wildcard lessons/*.lesson lessons/*.demo)) lessons/README.md
SHARE_SOURCES := $(sort $(wildcard lib/*/*.c lib/*/*.h))
SHARE_PYTHON  := $(sort $(wildcard python/*.py))
# The practice exercises, each folder whole (solutions, hints and checks included: the check needs them).
SHARE_EXERCISES := lessons/exercises/README.md $(sort $(wildcard lessons/exercises/*/*.py lessons/exercises/*/*.md lessons/exercises/*/check))

install: $(INSTALL_PROGRAM)
	install -D -m 755 $(INSTALL_PROGRAM) $(BINDIR)/metaconc
	install -D -m 644 man/metaconc.1 $(MAN1DIR)/metaconc.1
	install -d $(SHARE)/lessons $(SHARE)/python
	install -m 644 $(SHARE_LESSONS) $(SHARE)/lessons/
	for source in $(SHARE_SOURCES); do install -D -m 644 $$source $(SHARE)/$$source || exit 1; done
	install -m 644 $(SHARE_PYTHON) $(SHARE)/python/
	for file in $(SHARE_EXERCISES); do install -D -m 644 $$file $(SHARE)/$$file || exit 1; done

# Removes exactly the files install put, then its directories under share/metaconc if they are empty.
uninstall:
	rm -f $(BINDIR)/metaconc $(MAN1DIR)/metaconc.1
	rm -f $(addprefix $(SHARE)/,$(SHARE_LESSONS) $(SHARE_SOURCES) $(SHARE_PYTHON) $(SHARE_EXERCISES))
	-rmdir $(addprefix $(SHARE)/,$(filter-out lessons/exercises/,$(sort $(dir $(SHARE_EXERCISES))))) 2>/dev/null
	-rmdir $(SHARE)/lessons/exercises $(SHARE)/lessons $(addprefix $(SHARE)/,$(sort $(dir $(SHARE_SOURCES)))) $(SHARE)/lib $(SHARE)/python $(SHARE) 2>/dev/null

clean:
	rm -rf build build-asan build-tsan build-fuzz

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d) $(UNIT_BIN:=.d) $(BENCH_BIN).d
