# orm -- SQLAlchemy 2.0's ORM inside the database: build, install, test, demo.
#
#   make            orm.so (SQLite extension, top level so `.load ./orm` works)
#                   and pg_ext/orm.so (PostgreSQL extension, built by PGXS)
#   make install    installs the PostgreSQL extension (root)
#   make unit       C unit tests (test/unit/test_*.c)
#   make sqltest    the SQL tests on SQLite (test/sqlite/run.sh)
#   make pgtest     the SQL tests on PostgreSQL: throwaway cluster + pg_regress
#   make check      installs missing packages, then all of the above, and
#                   test/migrate/run.sh (migrations against real Alembic's
#                   scripts and against fresh catalogs, both engines)
#   make demo       the seed's blog application on SQLite
#   make oomtest    the SQLite extension under failing allocations
#   make bench      benchmarks (not part of check)
#
# The core (common/*.c) is compiled once, with only -Icommon on the include
# path, into objects linked into both extensions.  sqlite3.h sits on the
# default path, so the core is also compiled with build/poison/ first on the
# path: engine headers there that are an #error; `core-includes` greps too.

CC := $(if $(filter default,$(origin CC)),gcc,$(CC))
PG_CONFIG ?= pg_config
CFLAGS ?= -O2 -g
ORM_CFLAGS = $(CFLAGS) -std=c11 -Wall -Wextra -fPIC -fvisibility=hidden -D_GNU_SOURCE

COMMON_SRC := $(wildcard common/*.c)
COMMON_HDR := $(wildcard common/*.h)
COMMON_OBJ := $(patsubst common/%.c,build/common/%.o,$(COMMON_SRC))
UNIT_SRC := $(wildcard test/unit/test_*.c)
UNIT_BIN := $(patsubst test/unit/%.c,build/unit/%,$(UNIT_SRC))

PGXS_MAKE = $(MAKE) -C pg_ext PG_CONFIG=$(PG_CONFIG) \
	COMMON_OBJS="$(abspath $(COMMON_OBJ))"

all: orm.so pg

# ---- the core ---------------------------------------------------------------

core-includes:
	@if grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](sqlite3|sqlite3ext|postgres|fmgr|executor/|utils/|catalog/)' common/*.c common/*.h; then \
		echo "error: common/ must not include an engine header" >&2; exit 1; fi

POISON := sqlite3.h sqlite3ext.h postgres.h postgres_fe.h fmgr.h libpq-fe.h

build/poison/.stamp:
	@mkdir -p build/poison
	@for h in $(POISON); do \
		echo '#error "common/ must not include an engine header"' > build/poison/$$h; done
	@touch $@

build/common/%.o: common/%.c $(COMMON_HDR) build/poison/.stamp | core-includes
	@mkdir -p build/common
	$(CC) $(ORM_CFLAGS) -Ibuild/poison -Icommon -c $< -o $@

build/libormcore.a: $(COMMON_OBJ)
	rm -f $@
	ar rcs $@ $^

# ---- SQLite -----------------------------------------------------------------

build/sqlite/orm_sqlite.o: sqlite_ext/orm_sqlite.c $(COMMON_HDR)
	@mkdir -p build/sqlite
	$(CC) $(ORM_CFLAGS) -Icommon -c $< -o $@

orm.so: build/sqlite/orm_sqlite.o $(COMMON_OBJ)
	$(CC) $(ORM_CFLAGS) -shared -Wl,-z,defs -o $@ $^ -lm

# ---- PostgreSQL (PGXS in pg_ext/) -------------------------------------------

pg: $(COMMON_OBJ)
	$(PGXS_MAKE)

install: $(COMMON_OBJ)
	$(PGXS_MAKE) install

uninstall:
	$(PGXS_MAKE) uninstall

# ---- tests ------------------------------------------------------------------

UNIT_HDR := test/unit/check.h test/unit/testlib.h

build/unit/testlib.o: test/unit/testlib.c $(UNIT_HDR) $(COMMON_HDR)
	@mkdir -p build/unit
	$(CC) $(ORM_CFLAGS) -Icommon -c $< -o $@

build/unit/%: test/unit/%.c build/unit/testlib.o build/libormcore.a $(UNIT_HDR) $(COMMON_HDR)
	@mkdir -p build/unit
	$(CC) $(ORM_CFLAGS) -Icommon $< build/unit/testlib.o build/libormcore.a -lsqlite3 -lm -o $@

unit: $(UNIT_BIN)
	@status=0; for t in $(UNIT_BIN); do $$t || status=1; done; exit $$status

sqltest: orm.so
	test/sqlite/run.sh

# out-of-memory paths of the SQLite extension (not in check: slow under valgrind)
build/oom_test: test/sqlite/oom_test.c
	@mkdir -p build
	$(CC) $(CFLAGS) -std=c11 -Wall -Wextra $< -lsqlite3 -o $@

oomtest: orm.so build/oom_test
	build/oom_test ./orm

pgtest: pg
	$(MAKE) install
	test/run_pg.sh

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
	$(MAKE) --no-print-directory install >/dev/null || echo install >> $$bad; \
	{ test/run_pg.sh || echo postgresql >> $$bad; } 2>&1 | tee -a $$log; \
	{ test/migrate/run.sh || echo migrate >> $$bad; } 2>&1 | tee -a $$log; \
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

clean:
	rm -rf build orm.so results regression.diffs regression.out
	-$(PGXS_MAKE) clean

.PHONY: all core-includes pg install uninstall unit sqltest oomtest pgtest deps check demo bench clean
