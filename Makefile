# podkit: GNU Makefile. `make demo` and `make test` install what is missing first.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
BUILD ?= build

CC ?= cc
CXX ?= c++
AR ?= ar
PKG_CONFIG ?= pkg-config

PKGS = libavformat libavcodec libavutil libswresample libswscale libavfilter libebur128 \
       taglib libxml-2.0 libcurl yaml-0.1 libcmark jansson libmicrohttpd \
       uuid libcrypto zlib sqlite3

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wformat=2 \
       -Wwrite-strings -Wvla
CFLAGS ?= -O2 -g
CXXFLAGS ?= -O2 -g
ALL_CPPFLAGS = -Iinclude -D_DEFAULT_SOURCE -D_GNU_SOURCE $(PKG_CFLAGS) $(CPPFLAGS)
# The library, its unit tests and the fuzz targets also see the private
# headers (src/<capability>/*_int.h); tools/ sees only include/podkit/.
LIB_CPPFLAGS = $(ALL_CPPFLAGS) -Isrc
# WERROR=-Werror (as CI builds) turns every warning into an error.
WERROR ?=
ALL_CFLAGS = -std=c11 $(WARN) $(WERROR) $(CFLAGS) $(EXTRA_CFLAGS) -pthread
ALL_CXXFLAGS = -std=c++17 -Wall -Wextra $(WERROR) $(CXXFLAGS) $(EXTRA_CFLAGS) -pthread
ALL_LDFLAGS = $(LDFLAGS) $(EXTRA_CFLAGS) -pthread
LIBS = $(PKG_LIBS) -lm -lstdc++

LIB_C = $(sort $(wildcard src/*/*.c))
LIB_CC = $(sort $(wildcard src/*/*.cc))
LIB_OBJ = $(LIB_C:src/%.c=$(BUILD)/src/%.o) $(LIB_CC:src/%.cc=$(BUILD)/src/%.o)
TOOL_C = $(sort $(wildcard tools/*.c))
TOOL_OBJ = $(TOOL_C:tools/%.c=$(BUILD)/tools/%.o)
CMD_NAMES = $(patsubst tools/cmd_%.c,%,$(filter tools/cmd_%.c,$(TOOL_C)))
UNIT_C = $(sort $(wildcard tests/unit/test_*.c))
FUZZ_C = $(sort $(wildcard fuzz/fuzz_*.c))
UNIT_BIN = $(UNIT_C:tests/unit/%.c=$(BUILD)/tests/%)

LIBPODKIT = $(BUILD)/libpodkit.a
PODKIT = $(BUILD)/podkit

NODEPS_GOALS = clean format help deps
ifeq ($(filter $(NODEPS_GOALS),$(MAKECMDGOALS)),)
-include $(BUILD)/config.mk
endif

.PHONY: all test demo asan tsan memcheck install uninstall format clean deps unit-tests bench fuzz fuzz-targets help
all: $(PODKIT)

# The compiler and linker flags of the dependencies, found once the
# packages are there; make restarts after writing this file.
$(BUILD)/config.mk: scripts/deps.sh Makefile
	@scripts/deps.sh build
	@mkdir -p $(BUILD)
	@{ echo "PKG_CFLAGS := $$($(PKG_CONFIG) --cflags $(PKGS))"; \
	   echo "PKG_LIBS := $$($(PKG_CONFIG) --libs $(PKGS))"; } > $@.tmp
	@mv $@.tmp $@

deps:
	scripts/deps.sh all

$(BUILD)/src/%.o: src/%.c $(BUILD)/config.mk
	@mkdir -p $(@D)
	$(CC) $(LIB_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/src/%.o: src/%.cc $(BUILD)/config.mk
	@mkdir -p $(@D)
	$(CXX) $(LIB_CPPFLAGS) $(ALL_CXXFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tools/%.o: tools/%.c $(BUILD)/config.mk $(BUILD)/tools/commands.inc
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -I$(BUILD)/tools -Itools $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# One line per tools/cmd_NAME.c: adding a subcommand is adding its file.
$(BUILD)/tools/commands.inc: $(TOOL_C)
	@mkdir -p $(@D)
	@printf 'PK_COMMAND(%s)\n' $(CMD_NAMES) > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(LIBPODKIT): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(PODKIT): $(TOOL_OBJ) $(LIBPODKIT)
	$(CXX) $(ALL_LDFLAGS) -o $@ $(TOOL_OBJ) $(LIBPODKIT) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(LIBPODKIT)
	@mkdir -p $(@D)
	$(CC) $(LIB_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) -o $@ $< $(LIBPODKIT) $(LIBS)

unit-tests: $(UNIT_BIN) $(FUZZ_C:fuzz/%.c=$(BUILD)/fuzz/%)

# The fuzz targets under a plain driver (fuzz/standalone.c), so make test
# replays their seeds and every input that once crashed them.
$(BUILD)/fuzz/%: fuzz/%.c fuzz/standalone.c $(wildcard fuzz/*.h) $(LIBPODKIT)
	@mkdir -p $(@D)
	$(CC) $(LIB_CPPFLAGS) -Ifuzz $(ALL_CFLAGS) -c -o $@.o $<
	$(CC) $(LIB_CPPFLAGS) -Ifuzz $(ALL_CFLAGS) -c -o $@.main.o fuzz/standalone.c
	$(CXX) $(ALL_LDFLAGS) -o $@ $@.o $@.main.o $(LIBPODKIT) $(LIBS)

# The same targets linked with libFuzzer (clang only).
$(BUILD)/libfuzzer/%: fuzz/%.c $(wildcard fuzz/*.h) $(LIBPODKIT)
	@mkdir -p $(@D)
	$(CC) $(LIB_CPPFLAGS) -Ifuzz $(ALL_CFLAGS) -c -o $@.o $<
	$(CXX) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $@.o $(LIBPODKIT) $(LIBS)

fuzz-targets: $(FUZZ_C:fuzz/%.c=$(BUILD)/libfuzzer/%)

test: all
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory unit-tests
	@BUILD=$(BUILD) tests/run.sh

demo: all
	@scripts/deps.sh demo
	@BUILD=$(BUILD) scripts/demo.sh

# AddressSanitizer and UndefinedBehaviorSanitizer over the whole suite.
# Reports go to files under build-asan/sanitizer/, one folder per test,
# and tests/run.sh counts each as a failure.
asan:
	@SANITIZER_LOGS=$(CURDIR)/build-asan/sanitizer \
	UBSAN_OPTIONS=print_stacktrace=1 \
	$(MAKE) --no-print-directory BUILD=build-asan \
		EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		CFLAGS="-O1 -g" CXXFLAGS="-O1 -g" test

# The tests of what runs on several threads (the worker pool, the ordered
# pipeline, a feed of 150 episodes on 1-4 threads, the audio passes'
# stages and their queue, and cli/level: normalize and the build on real
# speech, every pass on its threads) under ThreadSanitizer.
TSAN_TESTS ?= parallel pcm_pipe cli/level
tsan:
	@scripts/deps.sh test
	@SANITIZER_LOGS=$(CURDIR)/build-tsan/sanitizer \
	$(MAKE) --no-print-directory BUILD=build-tsan CC=clang CXX=clang++ \
		EXTRA_CFLAGS="-fsanitize=thread" CFLAGS="-O1 -g" \
		CXXFLAGS="-O1 -g" all unit-tests
	@SANITIZER_LOGS=$(CURDIR)/build-tsan/sanitizer BUILD=build-tsan \
		tests/run.sh $(TSAN_TESTS)

# Valgrind memcheck over the CLI tests (slow; not part of make test):
# make memcheck, or make memcheck MEMCHECK_TESTS="feed lint".
memcheck: all
	@scripts/deps.sh test
	@BUILD=$(BUILD) tests/memcheck.sh $(MEMCHECK_TESTS)

bench: all
	@scripts/deps.sh bench
	@for b in bench/*; do [ -x "$$b" ] && "$$b"; done

# make fuzz FUZZ_SECONDS=N: every target for N seconds (default 60).
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CXX=clang++ \
		EXTRA_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
		CFLAGS="-O1 -g" CXXFLAGS="-O1 -g" fuzz-targets
	@fuzz/run.sh $(FUZZ_SECONDS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR)/podkit $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(PODKIT) $(DESTDIR)$(BINDIR)/podkit
	install -m 644 $(LIBPODKIT) $(DESTDIR)$(LIBDIR)/libpodkit.a
	install -m 644 include/podkit/*.h $(DESTDIR)$(INCDIR)/podkit/
	install -m 644 man/podkit.1 $(DESTDIR)$(MANDIR)/man1/podkit.1
	install -d $(DESTDIR)$(DATADIR)/podkit
	install -m 644 data/* $(DESTDIR)$(DATADIR)/podkit/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/podkit $(DESTDIR)$(LIBDIR)/libpodkit.a \
	      $(DESTDIR)$(MANDIR)/man1/podkit.1
	rm -rf $(DESTDIR)$(INCDIR)/podkit $(DESTDIR)$(DATADIR)/podkit

format:
	clang-format -i include/podkit/*.h src/*/*.h src/*/*.c tools/*.c tests/unit/*.c $(wildcard src/*/*.cc)

clean:
	rm -rf build build-* feed/*.xml feed/*.json feed/*.html feed/audio \
	       feed/chapters feed/transcripts feed/images feed/episodes feed/.podkit-state

help:
	@echo "targets: all test demo asan tsan memcheck bench fuzz install uninstall format clean deps"

-include $(LIB_OBJ:.o=.d) $(TOOL_OBJ:.o=.d)
