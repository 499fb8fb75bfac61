# prio - plain make. `make` stages a complete install tree in build/:
#   build/bin/prio, build/lib/prio/plugins/*.so, build/include/prio/*.h,
#   build/lib/pkgconfig/prio-plugin.pc, build/share/prio/
# The binary finds its plugins relative to itself, so build/ works as it is
# and `make install PREFIX=/some/where` copies the same tree.

VERSION = 0.1.0
PREFIX ?= /usr/local
B = build

CC ?= cc
WERROR ?= -Werror
# The warning list follows Lua's own makefile. Messages are cut to fit
# PRIO_ERR_MAX on purpose, so snprintf truncation is not a warning.
WARN = -Wall -Wextra $(WERROR) -Wshadow -Wsign-compare -Wundef \
	-Wwrite-strings -Wredundant-decls -Wdisabled-optimization \
	-Wmissing-declarations -Wmissing-prototypes -Wnested-externs \
	-Wstrict-prototypes -Wold-style-definition -Wformat=2 -Wvla \
	-Wpointer-arith -Wcast-align
ifeq ($(findstring clang,$(CC)),)
WARN += -Wno-format-truncation
endif
OPT ?= -O2 -g
SAN ?=
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(SAN) -Iinclude $(json_CFLAGS) $(pq_CFLAGS) $(CFLAGS)
PLUGIN_FLAGS = -fPIC -fvisibility=hidden
PLUGIN_LDFLAGS = -shared -Wl,-z,defs $(SAN)
LIBS = -linih -lsqlite3 -lnettle -ldl -lm $(json_LIBS)
# The board (prio serve): an HTTP server with a thread per request.

# Modules: core code that needs a large library (libpq pulls in TLS,
# Kerberos and LDAP; libmicrohttpd GnuTLS) is a .so of its own under
# lib/prio, loaded only by the command that needs it (module_symbol), so
# that every other command starts as fast as before: linking them into
# the binary made each run load 22 more libraries (1.8 ms to 7.3 ms for
# `prio --version`). They call the core through the symbols the binary
# exports for them alone (modules.syms, from what they leave undefined).
MODULE_SRC = core/store-pg.c core/serve.c
MODULES = $(B)/lib/prio/store-pg.so $(B)/lib/prio/serve.so
store-pg_MODLIBS = $(pq_LIBS)
serve_MODLIBS = -lmicrohttpd -lpthread
CORE_SRC = $(filter-out core/main.c $(MODULE_SRC),$(wildcard core/*.c))
CORE_OBJ = $(CORE_SRC:core/%.c=$(B)/obj/core/%.o)
HEADERS = $(wildcard include/prio/*.h)
CORE_HDR = $(wildcard core/*.h) $(HEADERS)

# A plugin is plugins/KIND/NAME.c, or a folder plugins/KIND/NAME/ of .c
# files; either way it becomes NAME.so. A plugin that needs a library says
# so in NAME_CFLAGS and NAME_LIBS below.
PLUGIN_SINGLE = $(wildcard plugins/*/*.c)
PLUGIN_DIRS = $(patsubst %/,%,$(dir $(wildcard plugins/*/*/*.c)))
PLUGIN_NAMES = $(sort $(basename $(notdir $(PLUGIN_SINGLE))) $(notdir $(PLUGIN_DIRS)))
PLUGINS = $(PLUGIN_NAMES:%=$(B)/lib/prio/plugins/%.so)
plugin_src = $(wildcard plugins/*/$(1).c plugins/*/$(1)/*.c)

json_CFLAGS = $(shell pkg-config --cflags jansson 2>/dev/null)
json_LIBS = $(shell pkg-config --libs jansson 2>/dev/null)
pq_CFLAGS = $(shell pkg-config --cflags libpq 2>/dev/null)
pq_LIBS = $(shell pkg-config --libs libpq 2>/dev/null)
lua_CFLAGS = $(shell pkg-config --cflags lua5.4 2>/dev/null)
lua_LIBS = $(shell pkg-config --libs lua5.4 2>/dev/null)

FIXTURES = $(patsubst tests/plugins/%.c,$(B)/tests/plugins/%.so,$(wildcard tests/plugins/*.c tests/plugins/*/*.c))
UNIT_SRC = $(wildcard tests/unit/*.c)
# Plugins built against the ABI 1.0 headers kept in tests/abi/include.
ABI_OLD = $(patsubst tests/abi/%.c,$(B)/tests/abi/%.so,$(wildcard tests/abi/*.c))

SHARE = $(B)/share/prio/prio.ini $(B)/share/prio/sample.csv
# The board's page (prio serve), plain files read at start.
BOARD = $(patsubst web/%,$(B)/share/prio/%,$(wildcard web/board.*))
SHARE += $(BOARD)
# Manual pages and shell completion, made from the command table (prio
# help --man, prio completion) and from the texts they document
# (scripts/mkman), so that they cannot drift from --help.
DOCS = $(B)/share/man/man1/prio.1 $(B)/share/man/man5/prio.ini.5 \
	$(B)/share/man/man7/prio-plugin.7 \
	$(B)/share/bash-completion/completions/prio \
	$(B)/share/zsh/site-functions/_prio

all: $(B)/bin/prio $(MODULES) $(PLUGINS) $(B)/lib/pkgconfig/prio-plugin.pc \
	$(HEADERS:include/prio/%=$(B)/include/prio/%) $(SHARE) $(DOCS)

deps:
	@scripts/install-deps

$(B)/obj/core/%.o: core/%.c $(CORE_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# The version is said here alone: main.c prints what the Makefile passes.
$(B)/obj/core/main.o: CFLAGS_ALL += -DPRIO_VERSION='"$(VERSION)"'
$(B)/obj/core/main.o: Makefile

$(B)/bin/prio: $(B)/obj/core/main.o $(CORE_OBJ) $(B)/modules.syms
	@mkdir -p $(@D)
	$(CC) $(SAN) $(LDFLAGS) -Wl,--dynamic-list=$(B)/modules.syms -o $@ \
		$(B)/obj/core/main.o $(CORE_OBJ) $(LIBS)

$(B)/obj/mod/%.o: core/%.c $(CORE_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -fPIC -c $< -o $@

# The core's symbols the modules use: all the binary exports.
$(B)/modules.syms: $(MODULE_SRC:core/%.c=$(B)/obj/mod/%.o)
	{ echo '{'; nm -u $^ | awk '/ U /{print "\t" $$2 ";"}' | sort -u; \
	  echo '};'; } >$@

$(B)/lib/prio/%.so: $(B)/obj/mod/%.o
	@mkdir -p $(@D)
	$(CC) $(SAN) -shared $(LDFLAGS) -o $@ $< $($*_MODLIBS)

define plugin_rule
$(B)/lib/prio/plugins/$(1).so: $(call plugin_src,$(1)) $(wildcard plugins/*/$(1)/*.h plugins/*/*.h) $(HEADERS)
	@mkdir -p $$(@D)
	$$(CC) $$(CFLAGS_ALL) $$($(1)_CFLAGS) $$(PLUGIN_FLAGS) $$(PLUGIN_LDFLAGS) \
		$$(LDFLAGS) -o $$@ $(call plugin_src,$(1)) $$($(1)_LIBS) -lm
	@chmod go-w $$@ $$(@D)
endef
$(foreach p,$(PLUGIN_NAMES),$(eval $(call plugin_rule,$(p))))

$(B)/include/prio/%.h: include/prio/%.h
	@mkdir -p $(@D)
	cp $< $@

$(B)/share/prio/prio.ini: config/prio.ini
	@mkdir -p $(@D)
	cp $< $@

$(B)/share/prio/sample.csv: config/sample.csv
	@mkdir -p $(@D)
	cp $< $@

$(B)/share/prio/board.%: web/board.%
	@mkdir -p $(@D)
	cp $< $@

$(B)/share/man/man1/prio.1: $(B)/bin/prio
	@mkdir -p $(@D)
	$(B)/bin/prio help --man > $@.tmp && mv $@.tmp $@

$(B)/share/man/man5/prio.ini.5: scripts/mkman config/prio.ini config/methods.ini config/lua.ini
	@mkdir -p $(@D)
	scripts/mkman ini config/prio.ini config/methods.ini config/lua.ini > $@.tmp && mv $@.tmp $@

$(B)/share/man/man7/prio-plugin.7: scripts/mkman $(HEADERS)
	@mkdir -p $(@D)
	scripts/mkman plugin $(HEADERS) > $@.tmp && mv $@.tmp $@

$(B)/share/bash-completion/completions/prio: $(B)/bin/prio
	@mkdir -p $(@D)
	$(B)/bin/prio completion bash > $@.tmp && mv $@.tmp $@

$(B)/share/zsh/site-functions/_prio: $(B)/bin/prio
	@mkdir -p $(@D)
	$(B)/bin/prio completion zsh > $@.tmp && mv $@.tmp $@

# pkg-config file for out-of-tree plugins, with the prefix it lives under.
PCGEN = sed -e 's|@VERSION@|$(VERSION)|'

$(B)/lib/pkgconfig/prio-plugin.pc: prio-plugin.pc.in Makefile
	@mkdir -p $(@D)
	$(PCGEN) -e 's|@PREFIX@|$(abspath $(B))|' $< > $@

# Fixture plugins for the loader tests: each one is refused for one reason.
$(B)/tests/plugins/%.so: tests/plugins/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(PLUGIN_FLAGS) $(PLUGIN_LDFLAGS) -o $@ $<
	@chmod go-w $@ $(@D)

$(B)/tests/abi/%.so: tests/abi/%.c $(wildcard tests/abi/include/prio/*.h)
	@mkdir -p $(@D)
	$(CC) $(subst -Iinclude,-Itests/abi/include,$(CFLAGS_ALL)) $(PLUGIN_FLAGS) \
		$(PLUGIN_LDFLAGS) -o $@ $<
	@chmod go-w $@ $(@D)

# Plugins linked into the unit tests, not loaded (plugin.h: PRIO_PLUGIN_STATIC).
UNIT_STATIC = $(B)/obj/static/wsjf.o $(B)/obj/static/moscow.o

$(B)/obj/static/%.o: plugins/method/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -DPRIO_PLUGIN_STATIC=static_$* -c $< -o $@

$(B)/tests/unit: $(UNIT_SRC) $(CORE_OBJ) $(UNIT_STATIC) $(PLUGINS) $(CORE_HDR) tests/unit/unit.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -Icore -DPRIO_TEST_BUILD='"$(B)"' -o $@ $(UNIT_SRC) \
		$(CORE_OBJ) $(UNIT_STATIC) $(LIBS) -lcriterion

test: deps all $(FIXTURES) $(ABI_OLD) $(B)/tests/unit $(B)/bench/gen
	@chmod go-w $(B)/tests/plugins
	$(if $(AREA),,$(B)/tests/unit --jobs 2)
	$(if $(AREA),,scripts/check-layers $(B))
	tests/cli.sh $(B) $(AREA)
	$(if $(AREA),,tests/browser/board.py $(B))
	$(if $(AREA),,PRIO_TEST_STORE=pg tests/cli.sh $(B) $(PG_AREAS))

# The areas that run again with every workspace on PostgreSQL (make test
# STORE=pg AREA=... runs any): those that neither read backlog.db with
# sqlite3 nor name people with --as, which a server refuses.
PG_AREAS = abi cache filters2 formats import2 jira lua methods ranking \
	readme-methods sdk sprints
ifeq ($(STORE),pg)
export PRIO_TEST_STORE = pg
endif

# The main job on the sample backlog: a workspace in a temporary folder,
# the sample imported, ranked by WSJF.
demo: deps all
	@d=$$(mktemp -d) && trap 'rm -rf "$$d"' EXIT && \
	$(B)/bin/prio init "$$d/demo" >/dev/null && \
	$(B)/bin/prio -C "$$d/demo" import config/sample.csv && \
	echo && $(B)/bin/prio -C "$$d/demo" rank

$(B)/bench/gen: bench/gen.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -o $@ $<

# Speed, measured (never timed in the tests): figures against the targets.
bench: deps all $(B)/bench/gen
	bench/run $(B)

# The whole test suite under AddressSanitizer, LeakSanitizer and
# UndefinedBehaviorSanitizer, in its own build tree: the binary, the
# plugins it loads and the unit tests are all instrumented.
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
check-asan:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(MAKE) B=build-asan SAN="$(SAN_FLAGS)" OPT="-O1 -g" test

# Fuzzing with libFuzzer (clang): one target per parser, in build-fuzz/.
# Each runs FUZZ_SECONDS from its seed corpus in fuzz/corpus/NAME (new
# inputs go to build-fuzz/corpus, the repo stays clean); inputs that once
# crashed, kept in fuzz/regressions/NAME, run first, every time. The lua
# target also seeds from the example scripts in config/scoring.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS ?=
FUZZ_FORMATS = $(filter csv json jira,$(PLUGIN_NAMES))
FUZZ_LUA = $(filter lua,$(PLUGIN_NAMES))
FUZZERS = $(B)/fuzz/ini $(B)/fuzz/filter $(B)/fuzz/log $(FUZZ_FORMATS:%=$(B)/fuzz/%) $(FUZZ_LUA:%=$(B)/fuzz/%)
FUZZ_SAN = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all

fuzz:
	$(MAKE) B=build-fuzz CC=clang SAN="$(FUZZ_SAN)" OPT="-O1 -g" fuzz-run

fuzz-run: $(FUZZERS)
	@set -e; for f in $(FUZZERS); do \
		n=$$(basename $$f); mkdir -p $(B)/corpus/$$n $(B)/artifacts; \
		if [ -d fuzz/regressions/$$n ] && [ -n "$$(ls fuzz/regressions/$$n)" ]; then \
			echo "fuzz $$n: regressions"; \
			$$f fuzz/regressions/$$n/* >$(B)/artifacts/$$n.log 2>&1 || \
				{ tail -30 $(B)/artifacts/$$n.log; exit 1; }; \
		fi; \
		echo "fuzz $$n: $(FUZZ_SECONDS) s"; \
		extra=; [ $$n != lua ] || extra=config/scoring; \
		$$f -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 $(FUZZ_FLAGS) \
			-artifact_prefix=$(B)/artifacts/$$n- $(B)/corpus/$$n \
			fuzz/corpus/$$n $$extra >$(B)/artifacts/$$n.log 2>&1 || \
			{ tail -40 $(B)/artifacts/$$n.log; exit 1; }; \
		grep -E '^(#[0-9]+|Done)' $(B)/artifacts/$$n.log | tail -1; \
	done

$(B)/fuzz/ini: fuzz/fuzz_ini.c $(CORE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -Icore -o $@ $^ $(LIBS)

$(B)/fuzz/log: fuzz/fuzz_log.c $(CORE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -Icore -o $@ $^ $(LIBS)

$(B)/fuzz/filter: fuzz/fuzz_filter.c $(CORE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -Icore -o $@ $^ $(LIBS)

$(B)/fuzz/%: fuzz/fuzz_format.c plugins/format/%.c $(CORE_OBJ) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $($*_CFLAGS) -fsanitize=fuzzer -Icore \
		-DPLUGIN='"../plugins/format/$*.c"' -o $@ fuzz/fuzz_format.c \
		$(CORE_OBJ) $(LIBS) $($*_LIBS)

# The lua method's sources, each its own unit, with the script run in
# process (-DLUAM_IN_PROCESS: see fuzz/fuzz_lua.c for why).
$(B)/fuzz/lua: fuzz/fuzz_lua.c $(call plugin_src,lua) plugins/method/lua/luam.h \
		$(CORE_OBJ) $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(lua_CFLAGS) -DLUAM_IN_PROCESS -fsanitize=fuzzer \
		-Icore -o $@ fuzz/fuzz_lua.c $(call plugin_src,lua) $(CORE_OBJ) \
		$(LIBS) $(lua_LIBS)

install: all
	$(MAKE) install-built

# The copying alone, of a tree already built: what the tests use, so that
# a test never rebuilds (a sanitized tree with other flags) while another
# runs the binary.
install-built:
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/prio/plugins \
		$(DESTDIR)$(PREFIX)/include/prio $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/share/prio
	cp $(B)/bin/prio $(DESTDIR)$(PREFIX)/bin/
	cp $(MODULES) $(DESTDIR)$(PREFIX)/lib/prio/
	cp $(PLUGINS) $(DESTDIR)$(PREFIX)/lib/prio/plugins/
	chmod go-w $(DESTDIR)$(PREFIX)/lib/prio/plugins $(DESTDIR)$(PREFIX)/lib/prio/plugins/*.so
	cp $(HEADERS) $(DESTDIR)$(PREFIX)/include/prio/
	cp $(SHARE) $(DESTDIR)$(PREFIX)/share/prio/
	mkdir -p $(DESTDIR)$(PREFIX)/share/prio/examples/scoring
	cp config/prio.ini config/methods.ini config/lua.ini \
		$(DESTDIR)$(PREFIX)/share/prio/examples/
	cp config/scoring/*.lua $(DESTDIR)$(PREFIX)/share/prio/examples/scoring/
	for d in man/man1 man/man5 man/man7 bash-completion/completions \
		zsh/site-functions; do mkdir -p $(DESTDIR)$(PREFIX)/share/$$d; done
	cp $(B)/share/man/man1/prio.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	cp $(B)/share/man/man5/prio.ini.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	cp $(B)/share/man/man7/prio-plugin.7 $(DESTDIR)$(PREFIX)/share/man/man7/
	cp $(B)/share/bash-completion/completions/prio \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/
	cp $(B)/share/zsh/site-functions/_prio $(DESTDIR)$(PREFIX)/share/zsh/site-functions/
	$(PCGEN) -e 's|@PREFIX@|$(PREFIX)|' prio-plugin.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/prio-plugin.pc

clean:
	rm -rf $(B) build-asan build-fuzz

.PHONY: all deps test check-asan fuzz fuzz-run demo bench install install-built clean
.DELETE_ON_ERROR:
