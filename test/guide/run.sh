#!/usr/bin/env bash
# test/guide/run.sh -- the ORM Querying Guide harness on both engines.
#
#   test/guide/run.sh check [check.py arguments]   (make guidecheck)
#       SQLite through ./orm.so; PostgreSQL through the installed extension (make
#       install first) in a throwaway cluster, when PG_CONFIG's server is there.
#   GUIDE_SA_PYTHON=<python with SQLAlchemy 2.0> test/guide/run.sh gen [chapter ...]
#       regenerates expected/ with real SQLAlchemy on SQLite and on the same kind of
#       throwaway PostgreSQL cluster.
#   test/guide/run.sh decl [decl_check.py arguments]
#   GUIDE_SA_PYTHON=... test/guide/run.sh decl-gen [case ...]
#       the declarative chapters' models (decl_check.py): check them through orm, or
#       regenerate expected/decl.json with real SQLAlchemy. `check` runs them too.
#
# The cluster is made as test/run_pg.sh makes it: initdb into a temporary directory
# owned by the postgres user, a unix socket in a private directory, a private port
# (ORM_PGPORT, default 54329), stopped and removed on exit. Python is Debian's
# python3 (GUIDE_PYTHON to override), with python3-psycopg2 for PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/../.."

mode=${1:-check}
shift || true
PY=${GUIDE_PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=python3

PG_CONFIG=${PG_CONFIG:-pg_config}
bindir=$("$PG_CONFIG" --bindir 2>/dev/null || true)
port=${ORM_PGPORT:-54329}
have_pg=0
if [ -n "$bindir" ] && [ -x "$bindir/initdb" ] && "$PY" -c 'import psycopg2' 2>/dev/null; then
	have_pg=1
fi

tmp=""
if [ "$have_pg" = 1 ]; then
	if [ "$(id -u)" = 0 ]; then
		owner=postgres
		as_owner() { runuser -u postgres -- "$@"; }
	else
		owner=$(id -un)
		as_owner() { "$@"; }
	fi
	tmp=$(mktemp -d /tmp/orm_guide.XXXXXX)
	chmod 700 "$tmp"
	chown "$owner" "$tmp"
	data=$tmp/data
	sock=$tmp/sock
	as_owner mkdir -m 700 "$sock"
	cleanup() {
		as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
		rm -rf "$tmp"
	}
	trap cleanup EXIT
	as_owner "$bindir/initdb" -D "$data" -U "$owner" -A trust -E UTF8 --locale=C \
		--no-sync >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log"; exit 1; }
	as_owner "$bindir/pg_ctl" -D "$data" -l "$tmp/server.log" -w \
		-o "-p $port -k $sock -c listen_addresses='' -c fsync=off" start >/dev/null \
		|| { cat "$tmp/server.log"; exit 1; }
	psql_c() { as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -U "$owner" "$@"; }
	dsn() { echo "host=$sock port=$port user=$owner dbname=$1"; }
fi

case "$mode" in
check)
	if [ "$have_pg" = 1 ]; then
		psql_c -d postgres -c 'CREATE DATABASE guide_orm' >/dev/null
		psql_c -d guide_orm -c 'CREATE SCHEMA orm' -c 'CREATE EXTENSION orm SCHEMA orm' >/dev/null
		rc=0
		GUIDE_ORM_PG_DSN=$(dsn guide_orm) "$PY" test/guide/check.py "$@" || rc=$?
		GUIDE_ORM_PG_DSN=$(dsn guide_orm) "$PY" test/guide/decl_check.py -v check || rc=$?
		exit $rc
	else
		echo "guidecheck: no PostgreSQL server (PG_CONFIG) or no psycopg2: SQLite only" >&2
		rc=0
		"$PY" test/guide/check.py "$@" || rc=$?
		"$PY" test/guide/decl_check.py -v check || rc=$?
		exit $rc
	fi
	;;
decl)
	# the declarative chapters' models only (decl_check.py)
	if [ "$have_pg" = 1 ]; then
		psql_c -d postgres -c 'CREATE DATABASE decl_orm' >/dev/null
		psql_c -d decl_orm -c 'CREATE SCHEMA orm' -c 'CREATE EXTENSION orm SCHEMA orm' >/dev/null
		GUIDE_ORM_PG_DSN=$(dsn decl_orm) "$PY" test/guide/decl_check.py check "$@"
	else
		"$PY" test/guide/decl_check.py check "$@"
	fi
	;;
decl-gen)
	SAPY=${GUIDE_SA_PYTHON:?set GUIDE_SA_PYTHON to a python that imports SQLAlchemy 2.0}
	if [ "$have_pg" = 1 ]; then
		psql_c -d postgres -c 'CREATE DATABASE decl_sa' >/dev/null
		GUIDE_PG_DSN=$(dsn decl_sa) "$SAPY" test/guide/decl_check.py gen "$@"
	else
		"$SAPY" test/guide/decl_check.py gen "$@"
	fi
	;;
gen)
	SAPY=${GUIDE_SA_PYTHON:?set GUIDE_SA_PYTHON to a python that imports SQLAlchemy 2.0}
	if [ "$have_pg" = 1 ]; then
		psql_c -d postgres -c 'CREATE DATABASE guide_sa' >/dev/null
		GUIDE_PG_DSN=$(dsn guide_sa) "$SAPY" test/guide/gen_expected.py "$@"
	else
		echo "gen: no PostgreSQL server (PG_CONFIG) or no psycopg2: SQLite only" >&2
		"$SAPY" test/guide/gen_expected.py "$@"
	fi
	;;
*)
	echo "usage: $0 check [check.py arguments] | gen [chapter ...] | decl [args] | decl-gen [case ...]" >&2
	exit 2
	;;
esac
