# metaconc: see concurrency and parallelism happen.
#
#   make            build build/metaconc
#   make run        build, then open the tutorial (or print the lesson list without a terminal)
#   make test       build, install the test tools if missing, run every bats suite
#   make check-asan / check-tsan   the suite against sanitizer builds
#   make bench      measure the numbers of DESIGN §4 (BENCH_ONLY=view,frame: some parts, RESULTS.md untouched)
#   make install    PREFIX/bin/metaconc, and the lessons with the sources they show in PREFIX/share/metaconc

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
LIB_SRC   := $(sort $(wildcard lib/*.c))
CMD_SRC   := $(sort $(wildcard cmd/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_OBJ   := $(CMD_SRC:%.c=$(BUILD)/%.o)
LIBRARY   := $(BUILD)/libmetaconc.a
PROGRAM   := $(BUILD)/metaconc
UNIT_SRC  := $(sort $(wildcard tests/unit/*.c))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_BIN := $(BUILD)/bench

.PHONY: all run test unit check-asan check-tsan bench lint install clean
all: $(PROGRAM) $(UNIT_BIN) $(BENCH_BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(LIBRARY): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(PROGRAM): $(CMD_OBJ) $(LIBRARY)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(CMD_OBJ) $(LIBRARY) $(LDLIBS) -o $@

$(BUILD)/tests/%: tests/unit/%.c $(LIBRARY)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) $< $(LIBRARY) $(LDLIBS) -o $@

$(BENCH_BIN): bench/bench.c $(LIBRARY)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) $< $(LIBRARY) $(LDLIBS) -o $@

# Measures the numbers of DESIGN §4 on this machine into bench/RESULTS.md. Never fails on a timing.
bench: $(PROGRAM) $(BENCH_BIN)
	$(BENCH_BIN) $(if $(BENCH_ONLY),--only $(BENCH_ONLY)) $(PROGRAM) bench/python_costs.py bench/RESULTS.md

run: $(PROGRAM)
	$(PROGRAM) run spawn --compare

# Only the screen modules (lib/ui_*.c) may talk to curses.
lint:
	@bad=$$(grep -l -E '#include[[:space:]]*<n?curses' lib/*.c lib/*.h cmd/*.c cmd/*.h 2>/dev/null | grep -v -E '^lib/ui_[a-z_]*\.[ch]$$'); \
	if [ -n "$$bad" ]; then echo "curses used outside lib/ui_*.c: $$bad" >&2; exit 1; fi

test: all lint
	@tests/run-bats $(PROGRAM) $(BUILD)

check-asan:
	$(MAKE) BUILD=build-asan CC=clang-14 CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    LDFLAGS='-fsanitize=address,undefined' all
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    tests/run-bats build-asan/metaconc build-asan

check-tsan:
	$(MAKE) BUILD=build-tsan CC=clang-14 CFLAGS='-O1 -g -fsanitize=thread' LDFLAGS='-fsanitize=thread' all
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 tests/run-bats build-tsan/metaconc build-tsan

# Lessons show marked regions of the sources, so the sources are installed beside them.
install: $(PROGRAM)
	install -D -m 755 $(PROGRAM) $(DESTDIR)$(PREFIX)/bin/metaconc
	install -d $(SHARE)/lessons $(SHARE)/lib
	install -m 644 lessons/*.lesson lessons/README.md $(SHARE)/lessons/
	install -m 644 lib/*.c lib/*.h $(SHARE)/lib/
	install -d $(SHARE)/python
	install -m 644 python/*.py $(SHARE)/python/

clean:
	rm -rf build build-asan build-tsan

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d)
