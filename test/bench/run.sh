#!/usr/bin/env bash
# test/bench/run.sh -- `make bench`: the reference workloads (ref.py: the blog
# graph read whole, read by key, written as one graph) with orm against the
# best hand-written client code and SQLAlchemy on both engines, as ratios.
# Never part of check.
#
#   test/bench/run.sh [ref|small|sqlite|pg|instr ...]     (default: ref)
#
# ref: ref.py on both engines, BENCH_ROUNDS rounds (default 5), every run a
# fresh process; BENCH_SA_PYTHON is the interpreter of every case, with
# SQLAlchemy 2.0 on its path where there is one (default /usr/bin/python3 with
# Debian's python3-sqlalchemy 1.4); BENCH_R_SCALE, BENCH_W_SCALE, BENCH_R2_N
# size the workloads, BENCH_GROUPS picks them (default "r1 r2 w1"),
# BENCH_ENGINES the engines (default pg,sqlite), BENCH_CASES the contenders
# (default all; "json,raw,orm": no SQLAlchemy), BENCH_OUT saves the raw runs
# as JSON (ref.py --report FILE prints them again).
# small: the older small workloads (bench_sqlite.py, bench_pg.py: 1000 users x
# 10 posts, best of BENCH_ROUNDS); sqlite / pg: one engine of those.
#
# instr: instructions per call under valgrind (instr.py) on both engines,
# orm against the single-statement JSON SQL: deterministic, for before/after
# comparisons (wall-clock times on a small shared machine vary run to run);
# with rows r2 and r1 of the reference read set at BENCH_INSTR_SCALE users
# (default 200) and w1, the W1 graph write at BENCH_INSTR_W1 users (default
# 100, 0: none); BENCH_INSTR_ONLY=w1 runs the w1 row alone on both engines.
#
# SQLite: ./orm.so (make).  PostgreSQL: the installed extension (make install; the
# bench target does it) in a throwaway cluster like test/run_pg.sh's: initdb in a
# fresh temporary directory as the postgres user, a private socket directory, port
# BENCH_PGPORT (default ORM_PGPORT, else 54336), TCP on 127.0.0.1 only, fsync and
# synchronous_commit off; always stopped and removed on exit.  BENCH_USERS,
# BENCH_POSTS, BENCH_ROUNDS size the small runs;
# BENCH_PG_LIB picks the PostgreSQL library (default pg_ext/orm.so of this
# tree), BENCH_ORM_EXT the SQLite one (default ./orm), BENCH_PG_TRIGGER=1 adds
# the registry change trigger where the install script lacks it.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3

engines=("$@")
[ ${#engines[@]} -gt 0 ] || engines=(ref)

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

# Starts the throwaway cluster with empty databases (default orm_bench; the
# arguments name others), the extension created in each (bench_pg.make_db /
# ref.py load the data); sets bindir, owner, tmp, data, sock, port and
# as_owner.  pg_stop (or the EXIT trap) removes it.
pg_start() {
	local dbs=("$@")
	[ ${#dbs[@]} -gt 0 ] || dbs=(orm_bench)
	need_pkg psycopg2 python3-psycopg2
	local PG_CONFIG=${PG_CONFIG:-pg_config}
	bindir=$("$PG_CONFIG" --bindir)
	port=${BENCH_PGPORT:-${ORM_PGPORT:-54336}}
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
		-o "-p $port -k $sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c shared_buffers=1GB" \
		start >/dev/null || { cat "$tmp/server.log"; exit 1; }
	# The functions load this tree's pg_ext/orm.so (or BENCH_PG_LIB), not
	# whatever was installed last: the extension's install script is the
	# installed one, the library the one under test.
	cp "${BENCH_PG_LIB:-$PWD/pg_ext/orm.so}" "$tmp/orm.so"
	chmod a+r "$tmp/orm.so"
	local db
	for db in "${dbs[@]}"; do
		as_owner "$bindir/psql" -X -q -h "$sock" -p "$port" -U "$owner" -d postgres \
			-c "CREATE DATABASE $db" >/dev/null
		as_owner "$bindir/psql" -X -q -h "$sock" -p "$port" -U "$owner" -d "$db" \
			-c "CREATE EXTENSION orm" >/dev/null
		as_owner "$bindir/psql" -X -q -h "$sock" -p "$port" -U "$owner" -d "$db" \
			-c "UPDATE pg_proc SET probin = '$tmp/orm.so' WHERE probin = '\$libdir/orm'" >/dev/null
	done
	# BENCH_PG_TRIGGER=1: add the registry change trigger (orm_pg.c) if the
	# install script does not have it yet
	if [ "${BENCH_PG_TRIGGER:-}" = 1 ]; then
		as_owner "$bindir/psql" -X -q -h "$sock" -p "$port" -U "$owner" -d "${dbs[0]}" >/dev/null <<-EOF
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
	cp test/bench/*.py "$tmp/bench/"
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
	local db scale=${BENCH_INSTR_SCALE:-200}
	db=$(mktemp -d /tmp/orm_bench_sqlite.XXXXXX)
	$PY -B -c "import sys; sys.path.insert(0, 'test/bench'); import bench_sqlite as S; S.make_db('$db/bench.db').close()"
	# the reference read set (R1, R2) at BENCH_INSTR_SCALE users
	BENCH_SQLITE_DIR="$db" BENCH_ORM_EXT="${BENCH_ORM_EXT:-$PWD/orm}" BENCH_R_SCALE=$scale \
		$PY -B test/bench/case.py setup sqlite >/dev/null
	BENCH_R_SCALE=$scale BENCH_INSTR_ONLY="${BENCH_INSTR_ONLY:-}" \
		$PY test/bench/instr.py sqlite "$db/bench.db" "${BENCH_ORM_EXT:-$PWD/orm}" "$db/bench_r.db"
	rm -rf "$db"
	echo
	pg_start orm_bench bench_r bench_w
	pg_env $PY -B -c "import sys; sys.path.insert(0, '$tmp/bench'); import bench_pg; bench_pg.make_db()"
	pg_env BENCH_PG_DSN="host=$sock port=$port user=$owner" BENCH_R_SCALE=$scale \
		$PY -B "$tmp/bench/case.py" setup pg >/dev/null
	local w1=${BENCH_INSTR_W1:-100} w1doc=
	if [ "$w1" != 0 ]; then
		w1doc=$tmp/w1.json
		pg_env BENCH_PG_DSN="host=$sock port=$port user=$owner" $PY -B -c \
			"import sys; sys.path.insert(0, '$tmp/bench'); import instr; instr.w1_pg_setup('$w1doc', $w1)"
	fi
	as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null
	pg_env BENCH_R_SCALE=$scale BENCH_INSTR_W1="$w1" BENCH_INSTR_W1_DOC="$w1doc" BENCH_INSTR_ONLY="${BENCH_INSTR_ONLY:-}" \
		$PY "$tmp/bench/instr.py" pg "$data" orm_bench bench_r
	pg_stop
}

# The reference workloads: both engines in one run (ratios are taken round by
# round, so every contender of a workload must run in the same rounds).
run_ref() {
	local py=${BENCH_SA_PYTHON:-$PY}
	need_pkg psycopg2 python3-psycopg2
	pg_start bench_r bench_w
	as_owner mkdir "$tmp/sqlite"
	cp "${BENCH_ORM_EXT:-$PWD/orm}.so" "$tmp/sqlite/orm.so"
	chmod a+r "$tmp/sqlite/orm.so"
	local groups
	read -r -a groups <<< "${BENCH_GROUPS:-r1 r2 w1}"
	local out=()
	[ -z "${BENCH_OUT:-}" ] || out=(--out "$tmp/out.json")
	as_owner env BENCH_PG_DSN="host=127.0.0.1 port=$port user=$owner" \
		BENCH_SQLITE_DIR="$tmp/sqlite" BENCH_ORM_EXT="$tmp/sqlite/orm" BENCH_PYTHON="$py" \
		BENCH_R_SCALE="${BENCH_R_SCALE:-}" BENCH_W_SCALE="${BENCH_W_SCALE:-}" \
		BENCH_R2_N="${BENCH_R2_N:-}" BENCH_CASES="${BENCH_CASES:-}" BENCH_FLUSH_RETURNING="${BENCH_FLUSH_RETURNING:-keys}" \
		"$py" "$tmp/bench/ref.py" --rounds "${BENCH_ROUNDS:-5}" \
		--engines "${BENCH_ENGINES:-pg,sqlite}" "${out[@]}" "${groups[@]}"
	[ -z "${BENCH_OUT:-}" ] || cp "$tmp/out.json" "$BENCH_OUT"
	pg_stop
}

for e in "${engines[@]}"; do
	case $e in
		ref) run_ref ;;
		small) run_sqlite; echo; run_pg ;;
		sqlite) run_sqlite ;;
		pg) run_pg ;;
		instr) run_instr ;;
		*) echo "bench: unknown mode $e (ref, small, sqlite, pg, instr)" >&2; exit 2 ;;
	esac
	echo
done
