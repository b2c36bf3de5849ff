# orm -- SQLAlchemy 2.0's ORM inside the database: build, install, test, demo.
#
#   make            what this machine can build, saying what it skipped: orm.so
#                   (SQLite extension, top level so `.load ./orm` works) when
#                   sqlite3ext.h is there, pg_ext/orm.so (PostgreSQL extension,
#                   built by PGXS) when $(PG_CONFIG) names server headers
#   make sqlite     the SQLite extension only (needs libsqlite3-dev)
#   make pg         the PostgreSQL extension only (needs postgresql-server-dev-15)
#   make install    installs the PostgreSQL extension (root)
#   make installcheck  the SQL suite (sql/*.sql) against the installed extension
#                   on a running server (PGHOST, PGPORT, PGUSER: a superuser),
#                   as contrib's modules do (REGRESS in pg_ext/Makefile)
#   make unit       C unit tests (test/unit/test_*.c)
#   make sqltest    the SQL tests on SQLite (test/sqlite/run.sh)
#   make pgtest     the SQL tests on PostgreSQL: throwaway cluster + pg_regress
#   make asan-unit, asan-sqltest, fuzz-replay
#                   the unit tests, the SQLite tests and the committed fuzz
#                   inputs under ASan + UBSan (build/asan/)
#   make check      installs missing packages, then all of the above, and
#                   test/migrate/run.sh (migrations against real Alembic's
#                   scripts and against fresh catalogs, both engines)
#   make fuzz       the libFuzzer harnesses (test/fuzz/), FUZZ_SECONDS each
#   make demo       the seed's blog application on SQLite
#   make oomtest    the SQLite extension under failing allocations
#   make bench      benchmarks (not part of check)
#   make guidecheck the ORM Querying Guide's statements against SQLAlchemy's results
#                   (test/guide/, not part of check)
#   make scaletest  a primary with a hot standby, a partitioned database, a
#                   coordinator with two postgres_fdw shards, and several
#                   SQLite writers (test/scale/; also the last suite of make check)
#
# The core (common/**/*.c) is compiled once, with only common/ on the include
# path, into objects linked into both extensions.  sqlite3.h sits on the
# default path, so the core is also compiled with build/poison/ first on the
# path: engine headers there that are an #error; `core-includes` greps too,
# and checks the layers (test/layers.sh: no file includes a higher layer).

CC := $(if $(filter default,$(origin CC)),gcc,$(CC))
PG_CONFIG ?= pg_config
export PG_CONFIG
CFLAGS ?= -O2 -g
ORM_CFLAGS = $(CFLAGS) -std=c11 -Wall -Wextra -Werror=implicit-function-declaration -fPIC -fvisibility=hidden -D_GNU_SOURCE

COMMON_SRC := $(wildcard common/*.c common/*/*.c)
COMMON_HDR := $(wildcard common/*.h common/*/*.h)
# the core's folders (layers): see README "Architecture"
CORE_INC := -Icommon
COMMON_OBJ := $(patsubst common/%.c,build/common/%.o,$(COMMON_SRC))
UNIT_SRC := $(wildcard test/unit/test_*.c)
UNIT_BIN := $(patsubst test/unit/%.c,build/unit/%,$(UNIT_SRC))

PGXS_MAKE = $(MAKE) -C pg_ext PG_CONFIG=$(PG_CONFIG) \
	COMMON_OBJS="$(abspath $(COMMON_OBJ))"

# What this machine can build: each engine's headers, asked once.
PG_SERVER_INC := $(shell $(PG_CONFIG) --includedir-server 2>/dev/null)
HAVE_PG := $(if $(PG_SERVER_INC),$(wildcard $(PG_SERVER_INC)/postgres.h))
HAVE_SQLITE := $(shell printf '\043include <sqlite3ext.h>\n' | $(CC) -E -x c - >/dev/null 2>&1 && echo yes)
NO_PG_MSG := no PostgreSQL server headers ($(PG_CONFIG) --includedir-server: $(or $(PG_SERVER_INC),no answer)); install postgresql-server-dev-15 or set PG_CONFIG
NO_SQLITE_MSG := no sqlite3ext.h; install libsqlite3-dev

all: $(if $(HAVE_SQLITE),orm.so) $(if $(HAVE_PG),pg)
ifeq ($(HAVE_SQLITE),)
	@echo "make: skipped the SQLite extension: $(NO_SQLITE_MSG)"
endif
ifeq ($(HAVE_PG),)
	@echo "make: skipped the PostgreSQL extension: $(NO_PG_MSG)"
endif
ifeq ($(HAVE_SQLITE)$(HAVE_PG),)
	@echo "make: nothing could be built" >&2; exit 1
endif
	@:

sqlite: $(if $(HAVE_SQLITE),orm.so)
ifeq ($(HAVE_SQLITE),)
	@echo "make sqlite: $(NO_SQLITE_MSG)" >&2; exit 1
endif

# ---- the core ---------------------------------------------------------------

core-includes:
	@if grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](sqlite3|sqlite3ext|postgres|fmgr|executor/|utils/|catalog/)' $(COMMON_SRC) $(COMMON_HDR); then \
		echo "error: common/ must not include an engine header" >&2; exit 1; fi
	@test/layers.sh

POISON := sqlite3.h sqlite3ext.h postgres.h postgres_fe.h fmgr.h libpq-fe.h

build/poison/.stamp:
	@mkdir -p build/poison
	@for h in $(POISON); do \
		echo '#error "common/ must not include an engine header"' > build/poison/$$h; done
	@touch $@

build/common/%.o: common/%.c $(COMMON_HDR) build/poison/.stamp | core-includes
	@mkdir -p $(dir $@)
	$(CC) $(ORM_CFLAGS) -Ibuild/poison $(CORE_INC) -c $< -o $@

build/libormcore.a: $(COMMON_OBJ)
	rm -f $@
	ar rcs $@ $^

# ---- SQLite -----------------------------------------------------------------

build/sqlite/orm_sqlite.o: sqlite_ext/orm_sqlite.c $(COMMON_HDR)
	@mkdir -p build/sqlite
	$(CC) $(ORM_CFLAGS) $(CORE_INC) -c $< -o $@

orm.so: build/sqlite/orm_sqlite.o $(COMMON_OBJ)
	$(CC) $(ORM_CFLAGS) -shared -Wl,-z,defs -o $@ $^ -lm

# ---- PostgreSQL (PGXS in pg_ext/) -------------------------------------------

pg: $(COMMON_OBJ)
ifeq ($(HAVE_PG),)
	@echo "make pg: $(NO_PG_MSG)" >&2; exit 1
endif
	$(PGXS_MAKE)

install: $(COMMON_OBJ)
	$(PGXS_MAKE) install

installcheck:
	$(PGXS_MAKE) installcheck

uninstall:
	$(PGXS_MAKE) uninstall

# ---- tests ------------------------------------------------------------------

UNIT_HDR := test/unit/check.h test/unit/testlib.h

build/unit/testlib.o: test/unit/testlib.c $(UNIT_HDR) $(COMMON_HDR)
	@mkdir -p build/unit
	$(CC) $(ORM_CFLAGS) $(CORE_INC) -c $< -o $@

build/unit/%: test/unit/%.c build/unit/testlib.o build/libormcore.a $(UNIT_HDR) $(COMMON_HDR)
	@mkdir -p build/unit
	$(CC) $(ORM_CFLAGS) $(CORE_INC) $< build/unit/testlib.o build/libormcore.a -lsqlite3 -lm -o $@

unit: $(UNIT_BIN)
	@status=0; for t in $(UNIT_BIN); do $$t || status=1; done; exit $$status

sqltest: orm.so
	test/sqlite/run.sh

# the SQLite extension's peak allocation against its output, and the
# flush's against its changes (issue 9's W1) (in check)
build/memory_test: test/sqlite/memory_test.c test/sqlite/memcount.h
	@mkdir -p build
	$(CC) $(CFLAGS) -std=c11 -Wall -Wextra $< -lsqlite3 -o $@

build/flush_memory_test: test/sqlite/flush_memory_test.c test/sqlite/memcount.h
	@mkdir -p build
	$(CC) $(CFLAGS) -std=c11 -Wall -Wextra $< -lsqlite3 -o $@

memtest: orm.so build/memory_test build/flush_memory_test
	@status=0; build/memory_test ./orm || status=1; \
	build/flush_memory_test ./orm || status=1; exit $$status

# out-of-memory paths of the SQLite extension (not in check: slow under valgrind)
build/oom_test: test/sqlite/oom_test.c
	@mkdir -p build
	$(CC) $(CFLAGS) -std=c11 -Wall -Wextra $< -lsqlite3 -o $@

oomtest: orm.so build/oom_test
	build/oom_test ./orm

pgtest: pg
	$(MAKE) install
	test/run_pg.sh

# ---- sanitizers: the same sources built with ASan + UBSan (gcc) -------------
#
# In build/asan/, apart from the normal build.  `make asan-unit` runs the unit
# tests, `make asan-sqltest` the SQLite suite with build/asan/orm.so loaded into
# Debian's sqlite3 (the ASan runtime must come first: gcc's libasan preloaded
# into the shell only, ORM_PRELOAD), and `make fuzz-replay` every committed
# fuzz input (test/fuzz/regress/, seeds/).  Leaks are checked everywhere (the
# sqlite3 shell frees what it allocates); any report fails the run: UBSan does
# not recover.

ASAN_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
ASAN_CFLAGS = -O1 -g $(ASAN_SAN) -std=c11 -Wall -Wextra -Werror=implicit-function-declaration -fPIC -fvisibility=hidden -D_GNU_SOURCE
ASAN_COMMON_OBJ := $(patsubst common/%.c,build/asan/common/%.o,$(COMMON_SRC))
ASAN_UNIT_BIN := $(patsubst test/unit/%.c,build/asan/unit/%,$(UNIT_SRC))
ASAN_ENV := ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1

build/asan/common/%.o: common/%.c $(COMMON_HDR) build/poison/.stamp | core-includes
	@mkdir -p $(dir $@)
	gcc $(ASAN_CFLAGS) -Ibuild/poison $(CORE_INC) -c $< -o $@

build/asan/libormcore.a: $(ASAN_COMMON_OBJ)
	rm -f $@
	ar rcs $@ $^

build/asan/sqlite/orm_sqlite.o: sqlite_ext/orm_sqlite.c $(COMMON_HDR)
	@mkdir -p build/asan/sqlite
	gcc $(ASAN_CFLAGS) $(CORE_INC) -c $< -o $@

build/asan/orm.so: build/asan/sqlite/orm_sqlite.o $(ASAN_COMMON_OBJ)
	gcc $(ASAN_CFLAGS) -shared -o $@ $^ -lm

build/asan/unit/testlib.o: test/unit/testlib.c $(UNIT_HDR) $(COMMON_HDR)
	@mkdir -p build/asan/unit
	gcc $(ASAN_CFLAGS) $(CORE_INC) -c $< -o $@

build/asan/unit/%: test/unit/%.c build/asan/unit/testlib.o build/asan/libormcore.a $(UNIT_HDR) $(COMMON_HDR)
	@mkdir -p build/asan/unit
	gcc $(ASAN_CFLAGS) $(CORE_INC) $< build/asan/unit/testlib.o build/asan/libormcore.a -lsqlite3 -lm -o $@

asan-unit: $(ASAN_UNIT_BIN)
	@status=0; for t in $(ASAN_UNIT_BIN); do $(ASAN_ENV) $$t || status=1; done; exit $$status

asan-sqltest: build/asan/orm.so
	ORM_EXT=build/asan/orm ORM_SUITE=sqlite-asan ORM_SQLITE_OUT=build/asan/sqlite_results \
	ORM_PRELOAD=$$(gcc -print-file-name=libasan.so) \
	ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		test/sqlite/run.sh

# The fuzz harnesses (test/fuzz/fuzz_*.c) as replay programs: each committed
# input (test/fuzz/regress/<harness>/, seeds/<harness>/) through the harness.
FUZZ_HARNESSES := declare query flush execute pipeline migrate
FUZZ_INC := build/fuzzinc/fuzz_model.inc build/fuzzinc/fuzz_data.inc
FUZZ_LIB := test/fuzz/fuzzlib.c test/fuzz/fuzzlib.h
ASAN_FUZZ_BIN := $(patsubst %,build/asan/fuzz/fuzz_%,$(FUZZ_HARNESSES))

# the fixed model's texts as C string literals (fuzzlib.c includes them)
build/fuzzinc/fuzz_model.inc: test/fuzz/model.py
build/fuzzinc/fuzz_data.inc: test/fuzz/data.json
$(FUZZ_INC):
	@mkdir -p build/fuzzinc
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@

build/asan/fuzz/fuzz_%: test/fuzz/fuzz_%.c test/fuzz/replay.c $(FUZZ_LIB) $(FUZZ_INC) \
		build/asan/sqlite/orm_sqlite.o build/asan/libormcore.a
	@mkdir -p build/asan/fuzz
	gcc $(ASAN_CFLAGS) $(CORE_INC) -Ibuild/fuzzinc $< test/fuzz/replay.c test/fuzz/fuzzlib.c \
		build/asan/sqlite/orm_sqlite.o build/asan/libormcore.a -lsqlite3 -lm -o $@

fuzz-replay: $(ASAN_FUZZ_BIN)
	@status=0; for h in $(FUZZ_HARNESSES); do \
		$(ASAN_ENV) build/asan/fuzz/fuzz_$$h test/fuzz/regress/$$h test/fuzz/seeds/$$h || status=1; \
	done; exit $$status

# ---- fuzzing (clang's libFuzzer; not part of check) -------------------------
#
# `make fuzz` installs clang and libclang-rt-14-dev when missing, builds each
# harness with -fsanitize=fuzzer,address,undefined into build/fuzz/bin/, builds
# the starting corpora and dictionaries (test/fuzz/corpus.py) and runs every
# harness for FUZZ_SECONDS (one process at a time); crash inputs land in
# build/fuzz/crashes/<harness>/.  FUZZ_TARGETS picks harnesses.

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= $(FUZZ_HARNESSES)
FUZZ_CC ?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS = -O1 -g $(FUZZ_SAN) -std=c11 -Wall -Wextra -Werror=implicit-function-declaration -fPIC -D_GNU_SOURCE
FUZZ_COMMON_OBJ := $(patsubst common/%.c,build/fuzz/obj/common/%.o,$(COMMON_SRC))
FUZZ_BIN := $(patsubst %,build/fuzz/bin/fuzz_%,$(FUZZ_HARNESSES))

build/fuzz/obj/common/%.o: common/%.c $(COMMON_HDR) build/poison/.stamp | core-includes
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Ibuild/poison $(CORE_INC) -c $< -o $@

build/fuzz/obj/orm_sqlite.o: sqlite_ext/orm_sqlite.c $(COMMON_HDR)
	@mkdir -p build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(CORE_INC) -c $< -o $@

build/fuzz/obj/fuzzlib.o: $(FUZZ_LIB) $(FUZZ_INC)
	@mkdir -p build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Ibuild/fuzzinc -c $< -o $@

build/fuzz/obj/libormcore.a: $(FUZZ_COMMON_OBJ)
	rm -f $@
	ar rcs $@ $^

build/fuzz/bin/fuzz_%: test/fuzz/fuzz_%.c build/fuzz/obj/fuzzlib.o build/fuzz/obj/orm_sqlite.o \
		build/fuzz/obj/libormcore.a
	@mkdir -p build/fuzz/bin
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< build/fuzz/obj/fuzzlib.o \
		build/fuzz/obj/orm_sqlite.o build/fuzz/obj/libormcore.a -lsqlite3 -lm -o $@

fuzz-build: $(FUZZ_BIN)

fuzz:
	test/ensure_deps.sh fuzz
	$(MAKE) --no-print-directory fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) test/fuzz/run.sh $(FUZZ_TARGETS)

deps:
	test/ensure_deps.sh

# Every suite prints "N passed, N failed"; the last line sums them all.
# (A suite's exit status is recorded in build/check.failed, since each runs
# in a pipeline to tee its output into build/check.log.)
check: deps
	$(MAKE) all
	@mkdir -p build; log=build/check.log; bad=build/check.failed; : > $$log; rm -f $$bad; \
	{ $(MAKE) --no-print-directory unit || echo unit >> $$bad; } 2>&1 | tee -a $$log; \
	{ test/sqlite/run.sh || echo sqlite >> $$bad; } 2>&1 | tee -a $$log; \
	{ $(MAKE) --no-print-directory memtest || echo memtest >> $$bad; } 2>&1 | tee -a $$log; \
	{ $(MAKE) --no-print-directory asan-unit || echo asan-unit >> $$bad; } 2>&1 | tee -a $$log; \
	{ $(MAKE) --no-print-directory asan-sqltest || echo asan-sqlite >> $$bad; } 2>&1 | tee -a $$log; \
	{ $(MAKE) --no-print-directory fuzz-replay || echo fuzz-replay >> $$bad; } 2>&1 | tee -a $$log; \
	$(MAKE) --no-print-directory install >/dev/null || echo install >> $$bad; \
	{ test/run_pg.sh || echo postgresql >> $$bad; } 2>&1 | tee -a $$log; \
	{ test/migrate/run.sh || echo migrate >> $$bad; } 2>&1 | tee -a $$log; \
	{ test/ensure_deps.sh scale && test/scale/run.sh || echo scale >> $$bad; } 2>&1 | tee -a $$log; \
	if [ -s $$bad ]; then echo "make check: FAILED ($$(tr '\n' ' ' < $$bad))"; fi; \
	sed -n 's/.*: \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1 \2/p' $$log | \
		awk '{p += $$1; f += $$2} END {printf "check: %d passed, %d failed\n", p, f}'; \
	[ ! -s $$bad ]

demo: deps
	$(MAKE) orm.so
	test/demo/run.sh

# both engines (SQLite ./orm.so, PostgreSQL installed into a throwaway cluster on
# ORM_PGPORT, default 54336); `test/bench/run.sh sqlite` or `pg` for one
bench: all
	$(MAKE) --no-print-directory install >/dev/null
	test/bench/run.sh

# SQLAlchemy 2.0's ORM Querying Guide through orm on both engines, compared with what
# SQLAlchemy returned (test/guide/); writes test/guide/REPORT.md. Not part of check:
# it fails until the guide's features exist.
guidecheck: all
	$(MAKE) --no-print-directory install >/dev/null
	test/guide/run.sh check --report

# Replicas, partitions, postgres_fdw shards and many SQLite writers
# (test/scale/run.sh: throwaway clusters on ORM_SCALE_PORT..+4, loopback only,
# all stopped at the end).  The last suite of `make check`; alone here.
scaletest: deps
	test/ensure_deps.sh scale
	$(MAKE) --no-print-directory all
	$(MAKE) --no-print-directory install >/dev/null
	test/scale/run.sh

clean:
	rm -rf build orm.so results regression.diffs regression.out
	-$(PGXS_MAKE) clean

.PHONY: all sqlite core-includes pg install installcheck uninstall unit sqltest oomtest memtest pgtest deps check demo bench guidecheck scaletest clean \
	asan-unit asan-sqltest fuzz-replay fuzz-build fuzz
