# rill: build, test, install.  `make demo` and `make test` are the whole
# set-up on a fresh Debian machine: both install missing packages first.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1
COMPLETIONDIR = $(PREFIX)/share/bash-completion/completions

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wno-unused-parameter
ALL_CFLAGS = -std=gnu11 -D_GNU_SOURCE -pthread $(WARNINGS) $(CFLAGS)
LDLIBS = -lcsv -lutf8proc -lisal -lz -lxxhash -lpcre2-8 -lm -pthread

ifeq ($(SANITIZE),1)
BUILD = build/san
BIN = build/san/bin
ALL_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	      -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
else
BUILD = build/$(notdir $(CC))
# bin/ for the default compiler; another (CI's clang build) links into its
# own build directory, so the two never leave each other's binaries in bin/.
BIN = $(if $(filter cc,$(notdir $(CC))),bin,$(BUILD)/bin)
endif

COMMON_SRC = $(wildcard common/*.c common/unicode/*.c common/sketch/*.c)
COMMON_OBJ = $(COMMON_SRC:%.c=$(BUILD)/%.o)
LIB = $(BUILD)/librill.a
TOOLS = $(patsubst filters/%.c,$(BIN)/rill-%,$(wildcard filters/*.c))
UNIT_TESTS = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
TEST_DRIVER = $(BUILD)/tests/rill-cat
BENCH_GEN = $(BUILD)/tests/gen-corpus

.PHONY: all deps test unit cli bench fuzz demo install uninstall clean tables

all: $(TOOLS) $(TEST_DRIVER)

deps:
	@sh tools/deps.sh

$(BUILD)/%.o: %.c $(wildcard common/*.h common/unicode/*.h common/sketch/*.h) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(COMMON_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN)/rill-%: $(BUILD)/filters/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/test_%: $(BUILD)/tests/unit/test_%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/gen-corpus: $(BUILD)/tests/bench/gen-corpus.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lm

test: deps
	@$(MAKE) --no-print-directory all $(UNIT_TESTS) $(BENCH_GEN)
	@BIN=$(BIN) BUILD=$(BUILD) SANITIZE=$(SANITIZE) sh tests/run.sh

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_GEN)
	@BIN=$(BIN) BUILD=$(BUILD) sh tests/bench/run.sh

fuzz: deps
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

demo: deps
	@$(MAKE) --no-print-directory all $(BENCH_GEN)
	@BIN=$(BIN) BUILD=$(BUILD) sh tools/demo.sh

install: $(TOOLS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(COMPLETIONDIR)
	for t in $(notdir $(TOOLS)); do \
		install -m 755 $(BIN)/$$t $(DESTDIR)$(BINDIR)/$$t; \
		install -m 644 man/$$t.1 $(DESTDIR)$(MANDIR)/$$t.1; \
		install -m 644 tools/completion/rill.bash $(DESTDIR)$(COMPLETIONDIR)/$$t; \
	done

uninstall:
	for t in $(notdir $(TOOLS)); do \
		rm -f $(DESTDIR)$(BINDIR)/$$t $(DESTDIR)$(MANDIR)/$$t.1 $(DESTDIR)$(COMPLETIONDIR)/$$t; \
	done

# Regenerates the UAX #29 property tables from Debian's unicode-data
# (the same Unicode version as utf8proc); the output is committed.
tables: deps
	python3 tools/gen-break-tables.py /usr/share/unicode common/unicode/break_tables.c

clean:
	rm -rf build bin
.SECONDARY:
