#!/usr/bin/env bash
# test/bench/run.sh -- `make bench`: benchmarks on both engines, as times and ratios
# against hand-written SQL (client-side and single-statement JSON) and SQLAlchemy
# 1.4 (Debian's python3-sqlalchemy), all in the same run.  Never part of check.
#
#   test/bench/run.sh [sqlite|pg|instr ...]     (default: sqlite pg)
#
# instr: instructions per call under valgrind (instr.py) on both engines,
# orm against the single-statement JSON SQL: deterministic, for before/after
# comparisons (wall-clock times on a small shared machine vary run to run).
#
# SQLite: ./orm.so (make).  PostgreSQL: the installed extension (make install; the
# bench target does it) in a throwaway cluster like test/run_pg.sh's: initdb in a
# fresh temporary directory as the postgres user, a private socket directory, port
# ORM_PGPORT (default 54336), TCP on 127.0.0.1 only, fsync off; always stopped and
# removed on exit.  BENCH_USERS, BENCH_POSTS, BENCH_ROUNDS size the runs;
# BENCH_PG_LIB picks the PostgreSQL library (default pg_ext/orm.so of this
# tree), BENCH_ORM_EXT the SQLite one (default ./orm), BENCH_PG_TRIGGER=1 adds
# the registry change trigger where the install script lacks it.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3

engines=("$@")
[ ${#engines[@]} -gt 0 ] || engines=(sqlite pg)

need_pkg() {	# module package
	if ! $PY -c "import $1" 2>/dev/null; then
		if [ "$(id -u)" = 0 ]; then
			apt-get install -y -q "$2" >/dev/null
		else
			echo "bench: $2 is not installed" >&2
		fi
	fi
}
need_pkg sqlalchemy python3-sqlalchemy

run_sqlite() {
	$PY test/bench/bench_sqlite.py
}

# Starts the throwaway cluster with an empty database orm_bench (extension
# created; bench_pg.make_db loads the data); sets bindir, owner, tmp, data,
# sock, port and as_owner.  pg_stop (or the EXIT trap) removes it.
pg_start() {
	need_pkg psycopg2 python3-psycopg2
	local PG_CONFIG=${PG_CONFIG:-pg_config}
	bindir=$("$PG_CONFIG" --bindir)
	port=${ORM_PGPORT:-54336}
	if [ "$(id -u)" = 0 ]; then
		owner=postgres
		as_owner() { runuser -u postgres -- "$@"; }
	else
		owner=$(id -un)
		as_owner() { "$@"; }
	fi
	tmp=$(mktemp -d /tmp/orm_bench_pg.XXXXXX)
	chmod 755 "$tmp"
	chown "$owner" "$tmp"
	data=$tmp/data
	sock=$tmp/sock
	as_owner mkdir -m 700 "$sock"
	# shellcheck disable=SC2064
	trap "as_owner '$bindir/pg_ctl' -D '$data' -m fast -w stop >/dev/null 2>&1 || true; rm -rf '$tmp'" EXIT
	as_owner "$bindir/initdb" -D "$data" -U "$owner" -A trust -E UTF8 --locale=C \
		--no-sync >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log"; exit 1; }
	as_owner "$bindir/pg_ctl" -D "$data" -l "$tmp/server.log" -w \
		-o "-p $port -k $sock -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=256MB" \
		start >/dev/null || { cat "$tmp/server.log"; exit 1; }
	as_owner "$bindir/psql" -X -q -h "$sock" -p "$port" -U "$owner" -d postgres \
		-c "CREATE DATABASE orm_bench" >/dev/null
	as_owner "$bindir/psql" -X -q -h "$sock" -p "$port" -U "$owner" -d orm_bench \
		-c "CREATE EXTENSION orm" >/dev/null
	# The functions load this tree's pg_ext/orm.so (or BENCH_PG_LIB), not
	# whatever was installed last: the extension's install script is the
	# installed one, the library the one under test.
	cp "${BENCH_PG_LIB:-$PWD/pg_ext/orm.so}" "$tmp/orm.so"
	chmod a+r "$tmp/orm.so"
	as_owner "$bindir/psql" -X -q -h "$sock" -p "$port" -U "$owner" -d orm_bench \
		-c "UPDATE pg_proc SET probin = '$tmp/orm.so' WHERE probin = '\$libdir/orm'" >/dev/null
	# BENCH_PG_TRIGGER=1: add the registry change trigger (orm_pg.c) if the
	# install script does not have it yet
	if [ "${BENCH_PG_TRIGGER:-}" = 1 ]; then
		as_owner "$bindir/psql" -X -q -h "$sock" -p "$port" -U "$owner" -d orm_bench >/dev/null <<-EOF
			DO \$\$ BEGIN
			IF NOT EXISTS (SELECT FROM pg_trigger WHERE tgname = 'orm_registry_changed') THEN
				CREATE FUNCTION orm_registry_changed() RETURNS trigger
					AS '$tmp/orm.so', 'orm_sql_registry_changed' LANGUAGE C;
				CREATE TRIGGER orm_registry_changed
					AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON orm_registry
					FOR EACH STATEMENT EXECUTE FUNCTION orm_registry_changed();
				ALTER TABLE orm_registry ENABLE ALWAYS TRIGGER orm_registry_changed;
			END IF;
			END \$\$;
		EOF
	fi
	# the client runs as the cluster owner too (its socket directory is private),
	# from a copy the owner can read
	mkdir "$tmp/bench"
	cp test/bench/benchlib.py test/bench/bench_pg.py test/bench/instr.py "$tmp/bench/"
	chmod -R a+rX "$tmp/bench"
}

pg_env() {
	as_owner env BENCH_PGHOST="$sock" BENCH_PGPORT="$port" BENCH_PGUSER="$owner" BENCH_PGDB=orm_bench \
		BENCH_USERS="${BENCH_USERS:-}" BENCH_POSTS="${BENCH_POSTS:-}" BENCH_ROUNDS="${BENCH_ROUNDS:-}" \
		PGBINDIR="$bindir" "$@"
}

pg_stop() {
	as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$tmp"
	trap - EXIT
}

run_pg() {
	pg_start
	pg_env $PY "$tmp/bench/bench_pg.py"
	pg_stop
}

run_instr() {
	local db
	db=$(mktemp -d /tmp/orm_bench_sqlite.XXXXXX)
	$PY -B -c "import sys; sys.path.insert(0, 'test/bench'); import bench_sqlite as S; S.make_db('$db/bench.db').close()"
	$PY test/bench/instr.py sqlite "$db/bench.db" "${BENCH_ORM_EXT:-$PWD/orm}"
	rm -rf "$db"
	echo
	pg_start
	pg_env $PY -B -c "import sys; sys.path.insert(0, '$tmp/bench'); import bench_pg; bench_pg.make_db()"
	as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null
	pg_env $PY "$tmp/bench/instr.py" pg "$data" orm_bench
	pg_stop
}

for e in "${engines[@]}"; do
	case $e in
		sqlite) run_sqlite ;;
		pg) run_pg ;;
		instr) run_instr ;;
		*) echo "bench: unknown engine $e (sqlite, pg, instr)" >&2; exit 2 ;;
	esac
	echo
done
