# rill: build, test, install.  `make demo` and `make test` are the whole
# set-up on a fresh Debian machine: both install missing packages first.
#
# The usual variables are honoured: CC, CPPFLAGS, CFLAGS, LDFLAGS, PREFIX,
# DESTDIR.  V=1 shows each command in full instead of one line a file.
# DEVELOPER=1 turns warnings into errors (-Werror): CI builds that way and
# so should anyone changing rill (put DEVELOPER = 1 in config.mak, which
# git ignores); a user's build with a newer compiler warns but succeeds.

-include config.mak

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
# The JSON module's place: BINDIR/../lib/rill, where a tool looks for it.
LIBDIR = $(PREFIX)/lib/rill
MANDIR = $(PREFIX)/share/man
COMPLETIONDIR = $(PREFIX)/share/bash-completion/completions

CC ?= cc
CFLAGS ?= -O2 -g
# One C++ file wraps simdjson (common/json.cc): built by the C++ compiler
# of CC's family (clang++ beside clang), unless CXX is given.
ifeq ($(origin CXX),default)
CXX = $(if $(findstring clang,$(notdir $(CC))),$(subst clang,clang++,$(CC)),g++)
endif
CXXFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wno-unused-parameter
CXXWARNINGS = -Wall -Wextra -Wshadow -Wno-unused-parameter
ifeq ($(DEVELOPER),1)
WARNINGS += -Werror
CXXWARNINGS += -Werror
endif
ALL_CPPFLAGS = -D_GNU_SOURCE $(CPPFLAGS)
ALL_CFLAGS = -std=gnu11 -pthread $(WARNINGS) $(CFLAGS)
ALL_CXXFLAGS = -std=c++17 -pthread $(CXXWARNINGS) $(CXXFLAGS)
ALL_LDFLAGS = $(LDFLAGS)
LDLIBS = -lcsv -lutf8proc -lisal -lz -lzstd -lxxhash -lpcre2-8 -lgumbo -lbrotlidec -lm -ldl -pthread
# simdjson is C++: its wrapper (common/json.cc) is a module loaded when JSON
# is read (common/json_module.h), so a tool does not load libstdc++ and
# libsimdjson at every start.  Programs that link json.o take these too.
JSON_LIBS = -lsimdjson -lstdc++
# The module calls die(), which the tools export to it.
TOOL_LDFLAGS = -Wl,--export-dynamic-symbol=die

ifeq ($(SANITIZE),1)
BUILD = build/san
BIN = build/san/bin
SANITIZERS = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	     -fno-omit-frame-pointer
ALL_CFLAGS += $(SANITIZERS)
ALL_CXXFLAGS += $(SANITIZERS)
ALL_LDFLAGS += $(SANITIZERS)
else
BUILD = build/$(notdir $(CC))
# bin/ for the default compiler; another (CI's clang build) links into its
# own build directory, so the two never leave each other's binaries in bin/.
BIN = $(if $(filter cc,$(notdir $(CC))),bin,$(BUILD)/bin)
endif

# One line a file (`CC common/buf.o`) unless V=1.
ifneq ($(V),1)
QUIET_CC = @echo '   CC $(patsubst $(BUILD)/%,%,$@)';
QUIET_CXX = @echo '  CXX $(patsubst $(BUILD)/%,%,$@)';
QUIET_AR = @echo '   AR $@';
QUIET_LINK = @echo ' LINK $@';
endif

COMMON_SRC = $(wildcard common/*.c common/unicode/*.c common/sketch/*.c common/html/*.c)
COMMON_CXX_SRC = $(wildcard common/*.cc)
# Tables made at build time, not typed: the code pages from the system's iconv,
# the stop-word lists from common/stopwords/, the class and id words from
# common/html/classwords/.
GEN_OBJ = $(BUILD)/gen/codepages.o $(BUILD)/gen/stopwords.o $(BUILD)/gen/classwords.o
COMMON_OBJ = $(COMMON_SRC:%.c=$(BUILD)/%.o) $(GEN_OBJ)
JSON_OBJ = $(COMMON_CXX_SRC:%.cc=$(BUILD)/%.o)
LIB = $(BUILD)/librill.a
# Beside BIN as installed beside BINDIR: bin/../lib/rill/rill-json.so.
JSON_MODULE = $(dir $(BIN))lib/rill/rill-json.so
TOOLS = $(patsubst filters/%.c,$(BIN)/rill-%,$(wildcard filters/*.c))
UNIT_TESTS = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
DISPATCHER = $(BIN)/rill
BENCH_GEN = $(BUILD)/tests/gen-corpus

.PHONY: all deps test unit cli bench fuzz demo install uninstall clean tables FORCE

all: $(TOOLS) $(DISPATCHER) $(JSON_MODULE)

deps:
	@sh tools/deps.sh

# The compiler and its flags as last used in this build directory: a change
# (DEVELOPER=1, CFLAGS=...) rebuilds everything, as git's GIT-CFLAGS does.
BUILD_FLAGS = $(BUILD)/.flags
FLAGS_NOW = $(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) | $(CXX) $(ALL_CXXFLAGS) | $(ALL_LDFLAGS) $(LDLIBS)
$(BUILD_FLAGS): FORCE
	@mkdir -p $(dir $@)
	@echo '$(FLAGS_NOW)' | cmp -s - $@ || echo '$(FLAGS_NOW)' > $@

# Each object's header dependencies are written beside it (-MMD -MP) and
# read back below, so a changed header rebuilds exactly what includes it.
$(BUILD)/%.o: %.c Makefile $(BUILD_FLAGS)
	@mkdir -p $(dir $@)
	$(QUIET_CC)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# Position-independent: the same object goes into the JSON module and into the tests.
$(BUILD)/%.o: %.cc Makefile $(BUILD_FLAGS)
	@mkdir -p $(dir $@)
	$(QUIET_CXX)$(CXX) $(ALL_CPPFLAGS) $(ALL_CXXFLAGS) -fPIC -MMD -MP -c $< -o $@

$(JSON_MODULE): $(JSON_OBJ)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CXX) $(ALL_LDFLAGS) -shared -o $@ $^ $(JSON_LIBS)

# The code page tables, asked of iconv by a program built and run here.
$(BUILD)/gen/gen-codepages: tools/gen-codepages.c common/codepages.h Makefile $(BUILD_FLAGS)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $<

$(BUILD)/gen/codepages.c: $(BUILD)/gen/gen-codepages
	@$< > $@.tmp && mv $@.tmp $@

# The stop-word lists, compiled in: an installed tool has them without a file to find.
$(BUILD)/gen/stopwords.c: tools/gen-wordlists.sh $(wildcard common/stopwords/*.txt)
	@mkdir -p $(dir $@)
	@sh tools/gen-wordlists.sh $(sort $(wildcard common/stopwords/*.txt)) > $@.tmp && mv $@.tmp $@

# The class and id vocabularies, compiled in the same way.
$(BUILD)/gen/classwords.c: tools/gen-classwords.sh $(wildcard common/html/classwords/*.txt)
	@mkdir -p $(dir $@)
	@sh tools/gen-classwords.sh $(sort $(wildcard common/html/classwords/*.txt)) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c Makefile $(BUILD_FLAGS)
	$(QUIET_CC)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -I. -MMD -MP -c $< -o $@

$(LIB): $(COMMON_OBJ)
	@rm -f $@
	$(QUIET_AR)ar rcs $@ $^

$(BIN)/rill-%: $(BUILD)/filters/%.o $(LIB) | $(JSON_MODULE)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) $(TOOL_LDFLAGS) -o $@ $^ $(LDLIBS)

$(DISPATCHER): $(BUILD)/rill.o $(LIB)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) $(TOOL_LDFLAGS) -o $@ $^ $(LDLIBS)

# The test programs link the JSON wrapper in, wherever they are run from.
$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB) $(JSON_OBJ)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS) $(JSON_LIBS)

$(BUILD)/tests/test_%: $(BUILD)/tests/unit/test_%.o $(LIB) $(JSON_OBJ)
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS) $(JSON_LIBS)

# The WARC tests make brotli bodies to read back.
$(BUILD)/tests/test_warc: LDLIBS += -lbrotlienc

$(BUILD)/tests/gen-corpus: $(BUILD)/tests/bench/gen-corpus.o
	@mkdir -p $(dir $@)
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -o $@ $^ -lm

ALL_SRC = $(COMMON_SRC) rill.c $(wildcard filters/*.c tests/*.c tests/unit/*.c tests/bench/*.c)
DEPS = $(ALL_SRC:%.c=$(BUILD)/%.d) $(COMMON_CXX_SRC:%.cc=$(BUILD)/%.d) $(GEN_OBJ:%.o=%.d)
$(DEPS): ;
-include $(DEPS)

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

install: $(TOOLS) $(DISPATCHER) $(JSON_MODULE)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(COMPLETIONDIR)
	install -m 644 $(JSON_MODULE) $(DESTDIR)$(LIBDIR)/rill-json.so
	install -m 644 man/rill.7 $(DESTDIR)$(MANDIR)/man7/rill.7
	install -m 755 $(DISPATCHER) $(DESTDIR)$(BINDIR)/rill
	install -m 644 tools/completion/rill.bash $(DESTDIR)$(COMPLETIONDIR)/rill
	for t in $(notdir $(TOOLS)); do \
		install -m 755 $(BIN)/$$t $(DESTDIR)$(BINDIR)/$$t; \
		install -m 644 man/$$t.1 $(DESTDIR)$(MANDIR)/man1/$$t.1; \
		install -m 644 tools/completion/rill.bash $(DESTDIR)$(COMPLETIONDIR)/$$t; \
	done

uninstall:
	rm -f $(DESTDIR)$(MANDIR)/man7/rill.7 $(DESTDIR)$(BINDIR)/rill $(DESTDIR)$(COMPLETIONDIR)/rill
	rm -f $(DESTDIR)$(LIBDIR)/rill-json.so
	rmdir $(DESTDIR)$(LIBDIR) 2>/dev/null || true
	for t in $(notdir $(TOOLS)); do \
		rm -f $(DESTDIR)$(BINDIR)/$$t $(DESTDIR)$(MANDIR)/man1/$$t.1 $(DESTDIR)$(COMPLETIONDIR)/$$t; \
	done

# Regenerates the UAX #29 property tables from Debian's unicode-data
# (the same Unicode version as utf8proc); the output is committed.
tables: deps
	python3 tools/gen-break-tables.py /usr/share/unicode common/unicode/break_tables.c

clean:
	rm -rf build bin lib
.SECONDARY:
