#!/usr/bin/env bash
# test/run_pg.sh -- runs the SQL tests (sql/<name>.sql) with pg_regress
# against a throwaway PostgreSQL cluster; expected output in expected/.
#
#   test/run_pg.sh [name ...]      (default: every sql/*.sql)
#
# The extension must be installed first (make install; `make check` does it).
# The cluster: initdb into a fresh temporary directory owned by the postgres
# user (initdb and postgres refuse to run as root), a unix socket in a
# private directory, a private port (ORM_PGPORT, default 54329), TCP only on
# 127.0.0.1; always stopped and removed on exit.  pg_regress creates the
# database contrib_regression and runs CREATE EXTENSION orm in it.
# Prints "N passed, N failed"; diffs are in build/pg_regress/regression.diffs.
# With the whole suite it then runs test/pg_cancel.sh and test/pg_snapshot.sh
# (concurrent sessions), test/registry_cost.sh pg, test/pg_ext.sh (the
# extension's conventions) and test/clients/run.sh pg (README's examples)
# against the same cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

PG_CONFIG=${PG_CONFIG:-pg_config}
bindir=$("$PG_CONFIG" --bindir)
pg_regress=$(dirname "$("$PG_CONFIG" --pgxs)")/../test/regress/pg_regress
port=${ORM_PGPORT:-54329}

if [ $# -gt 0 ]; then
	tests=("$@")
else
	tests=()
	for f in sql/*.sql; do tests+=("$(basename "$f" .sql)"); done
fi

# run a command as the cluster owner
if [ "$(id -u)" = 0 ]; then
	owner=postgres
	as_owner() { runuser -u postgres -- "$@"; }
else
	owner=$(id -un)
	as_owner() { "$@"; }
fi

tmp=$(mktemp -d /tmp/orm_pg.XXXXXX)
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
	-o "-p $port -k $sock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
	|| { cat "$tmp/server.log"; exit 1; }

outdir=$root/build/pg_regress
rm -rf "$outdir"
mkdir -p "$outdir"
status=0
"$pg_regress" --inputdir="$root" --outputdir="$outdir" --bindir="$bindir" \
	--host="$sock" --port="$port" --user="$owner" \
	--dbname=contrib_regression --load-extension=orm \
	"${tests[@]}" > "$outdir/pg_regress.log" 2>&1 || status=$?
cat "$outdir/pg_regress.log"
pass=$(grep -cE '^(ok|test) .* ok|\.\.\. ok' "$outdir/pg_regress.log" || true)
fail=$(grep -cE 'FAILED|failed \(ignored\)' "$outdir/pg_regress.log" || true)
# pg_regress's own totals line wins when it reports something unexpected
if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
if [ -s "$outdir/regression.diffs" ]; then cat "$outdir/regression.diffs"; fi

# Backup and restore: the registry is the extension's configuration table, so
# pg_dump keeps the declarations and a restored database answers queries.
# Runs with the whole suite only (not when tests are named).
if [ $# -eq 0 ]; then
	psql_c() { as_owner "$bindir/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -U "$owner" "$@"; }
	dump_ok=0
	{
		psql_c -d postgres -c 'CREATE DATABASE orm_dump_src' &&
		psql_c -d postgres -c 'CREATE DATABASE orm_dump_dst' &&
		psql_c -d orm_dump_src -c 'CREATE EXTENSION orm' \
			-c "SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Item(Base):
    __tablename__ = \"items\"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
')" -c 'SELECT orm_create_all()' \
			-c "SELECT orm_flush('[{\"op\": \"add\", \"entity\": \"Item\", \"data\": {\"name\": \"kept\"}}]')" &&
		as_owner "$bindir/pg_dump" -h "$sock" -p "$port" -U "$owner" -f "$tmp/dump.sql" orm_dump_src &&
		psql_c -d orm_dump_dst -f "$tmp/dump.sql" >/dev/null &&
		got=$(psql_c -d orm_dump_dst -c "SELECT orm_select('select(Item)')") &&
		[ "$got" = '[{"id":1,"name":"kept"}]' ] && dump_ok=1
	} > "$outdir/dump_restore.log" 2>&1
	if [ "$dump_ok" = 1 ]; then
		echo "test dump_restore                ... ok"
		pass=$((pass + 1))
	else
		echo "test dump_restore                ... FAILED"
		cat "$outdir/dump_restore.log"
		fail=$((fail + 1))
		status=1
	fi
fi
echo "postgresql: $pass passed, $fail failed"

# Script tests that need sessions of their own (each prints its own
# "N passed, N failed"): cancel latency, one snapshot per read call.
# Runs with the whole suite only.
scripts=0
if [ $# -eq 0 ]; then
	export ORM_PG_BINDIR=$bindir ORM_PG_HOST=$sock ORM_PG_PORT=$port ORM_PG_USER=$owner
	if [ "$(id -u)" = 0 ]; then export ORM_PG_RUNAS=$owner; fi
	for t in test/pg_cancel.sh test/pg_snapshot.sh "test/registry_cost.sh pg" test/pg_ext.sh \
		"test/clients/run.sh pg"; do
		$t || scripts=1
	done
fi
[ "$status" -eq 0 ] && [ "$scripts" -eq 0 ]
