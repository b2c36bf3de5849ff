#!/usr/bin/env bash
# test/migrate/run.sh -- migrations checked against references outside orm,
# on both engines:
#
#   golden   for each case of test/migrate/cases/<case>/ (old.py, new.py:
#            model modules as users write them): orm_declare the old model,
#            orm_create_all, declare the new model, orm_revision; the script
#            must equal test/migrate/expected/<case>.<engine>.py, the one real
#            Alembic wrote for the same pair (gen_expected.py, committed
#            beside them).  Both are normalized the same way: the revision
#            id -> REVISION, the "Create Date:" line -> "Create Date: DATE".
#   catalog  sql/migrate_blog.sql run step by step: at each line
#            "-- catalog check: model N" the catalog of the migrated database
#            must equal the catalog orm_create_all gives for the N-th model
#            declared in that file (0: no tables) in a fresh database.
#            Catalogs are compared as data (catalog_sqlite.sql,
#            catalog_pg.sql), not as DDL text.
#
#   test/migrate/run.sh [sqlite] [postgresql]     (default: both)
#
# SQLite: the sqlite3 shell with ./orm.so.  PostgreSQL: a throwaway cluster
# on ORM_PGPORT as test/run_pg.sh starts one (the extension must be
# installed: make install).  Results and diffs in build/migrate/.  Prints
# "migrate: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
root=$PWD
SQLITE3=${SQLITE3:-sqlite3}
out=$root/build/migrate
rm -rf "$out"
mkdir -p "$out"
chmod 755 "$out"

engines=("$@")
[ ${#engines[@]} -eq 0 ] && engines=(sqlite postgresql)

pass=0
fail=0
ok() { echo "ok      $1"; pass=$((pass + 1)); }
bad() {
	echo "FAILED  $1"
	[ -n "${2:-}" ] && [ -f "$2" ] && cat "$2"
	fail=$((fail + 1))
}

# The script with its random parts replaced; trailing newlines dropped.
normalize() {
	local rev
	rev=$(sed -n "s/^revision: str = '\([0-9a-f]*\)'$/\1/p" "$1" | head -1)
	if [ -n "$rev" ]; then
		sed -e "s/$rev/REVISION/g" -e 's/^Create Date: .*/Create Date: DATE/' "$1"
	else
		cat "$1"
	fi | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}

# The op calls of each body sorted (a case whose directory has a file
# "unordered": Alembic's order there is Python's set order, random per
# process); a multi-line call is one block.
sort_ops() {
	awk '
		function flush(   cmd) {
			if (n == 0) return
			cmd = "sort"
			for (i = 1; i <= n; i++) print blocks[i] | cmd
			close(cmd)
			n = 0
		}
		/^    # ### commands auto generated/ { print; inbody = 1; next }
		/^    # ### end Alembic commands/ { flush(); print; inbody = 0; next }
		inbody && /^    op\./ { blocks[++n] = $0; next }
		inbody && n > 0 { blocks[n] = blocks[n] "\001" $0; next }
		{ print }
	' "$1" | tr '\001' '\n'
}

# ---- SQLite ------------------------------------------------------------------

sqlite_run() {
	"$SQLITE3" -bail -noheader -cmd '.load ./orm' -cmd '.mode list' "$@"
}

golden_sqlite() {
	local case=$1 dir=test/migrate/cases/$1 res=$out/$1.sqlite.py
	sqlite_run :memory: \
		"SELECT orm_declare(readfile('$dir/old.py')) IS NULL;" \
		"SELECT orm_create_all() IS NULL;" \
		"DELETE FROM orm_registry;" \
		"SELECT orm_declare(readfile('$dir/new.py')) IS NULL;" \
		".output $res.raw" \
		"SELECT orm_revision('golden $case');" > "$out/$case.sqlite.log" 2>&1
}

# ---- PostgreSQL ----------------------------------------------------------------

pg_start() {
	PG_CONFIG=${PG_CONFIG:-pg_config}
	bindir=$("$PG_CONFIG" --bindir)
	port=${ORM_PGPORT:-54329}
	if [ "$(id -u)" = 0 ]; then
		owner=postgres
		as_owner() { runuser -u postgres -- "$@"; }
	else
		owner=$(id -un)
		as_owner() { "$@"; }
	fi
	pgtmp=$(mktemp -d /tmp/orm_migrate.XXXXXX)
	chmod 700 "$pgtmp"
	chown "$owner" "$pgtmp"
	as_owner mkdir -m 700 "$pgtmp/sock"
	trap pg_stop EXIT
	as_owner "$bindir/initdb" -D "$pgtmp/data" -U "$owner" -A trust -E UTF8 --locale=C \
		--no-sync > "$pgtmp/initdb.log" 2>&1 || { cat "$pgtmp/initdb.log"; return 1; }
	as_owner "$bindir/pg_ctl" -D "$pgtmp/data" -l "$pgtmp/server.log" -w \
		-o "-p $port -k $pgtmp/sock -c listen_addresses=127.0.0.1 -c fsync=off" start \
		> /dev/null || { cat "$pgtmp/server.log"; return 1; }
}

pg_stop() {
	as_owner "$bindir/pg_ctl" -D "$pgtmp/data" -m fast -w stop > /dev/null 2>&1 || true
	rm -rf "$pgtmp"
}

psql_c() {
	PGOPTIONS='-c client_min_messages=warning' as_owner "$bindir/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$pgtmp/sock" -p "$port" \
		-U "$owner" "$@"
}

# A fresh database with the extension.
pg_fresh() {
	psql_c -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" &&
		psql_c -d "$1" -c 'CREATE EXTENSION orm'
}

golden_postgresql() {
	local case=$1 dir=test/migrate/cases/$1 res=$out/$1.postgresql.py
	{
		pg_fresh orm_golden &&
			psql_c -d orm_golden -v old="$(cat "$dir/old.py")" -v new="$(cat "$dir/new.py")" \
				-v msg="golden $case" > "$res.raw" <<-'EOF'
			\o /dev/null
			SELECT orm_declare(:'old');
			SELECT orm_create_all();
			DELETE FROM orm_registry;
			SELECT orm_declare(:'new');
			\o
			SELECT orm_revision(:'msg');
		EOF
	} > "$out/$case.postgresql.log" 2>&1
}

# ---- golden ------------------------------------------------------------------------

case_engines() {
	if [ -f "test/migrate/cases/$1/engines" ]; then cat "test/migrate/cases/$1/engines"; else
		printf 'sqlite\npostgresql\n'; fi
}

golden() {
	local eng=$1 dir case exp res
	for dir in test/migrate/cases/*/; do
		case=$(basename "$dir")
		case_engines "$case" | grep -qx "$eng" || continue
		exp=test/migrate/expected/$case.$eng.py
		res=$out/$case.$eng.py
		if ! "golden_$eng" "$case"; then
			bad "golden $case.$eng" "$out/$case.$eng.log"
			continue
		fi
		normalize "$res.raw" > "$res"
		if [ ! -f "$exp" ]; then
			echo "  (no $exp: run test/migrate/gen_expected.py)" > "$res.diff"
			bad "golden $case.$eng" "$res.diff"
		elif [ -f "test/migrate/cases/$case/unordered" ]; then
			normalize "$exp" > "$res.exp"
			if diff -u <(sort_ops "$res.exp") <(sort_ops "$res") > "$res.diff"; then
				ok "golden $case.$eng (op order free)"
			else
				bad "golden $case.$eng" "$res.diff"
			fi
		elif diff -u <(normalize "$exp") "$res" > "$res.diff"; then
			ok "golden $case.$eng"
		else
			bad "golden $case.$eng" "$res.diff"
		fi
	done
}

# ---- catalog ----------------------------------------------------------------------

# The models declared in sql/migrate_blog.sql, in order, into
# $out/model_<N>.py (model_0.py: none), and the file cut at its
# "-- catalog check: model N" lines into $out/chunk_<K>.sql; prints "K N"
# per check.
blog_split() {
	: > "$out/model_0.py"
	awk -v out="$out" -v q="'" '
		index($0, "SELECT orm_declare(" q) == 1 {
			n++; f = out "/model_" n ".py"; printf "" > f
			line = substr($0, length("SELECT orm_declare(" q) + 1); inmodel = 1; first = 1
		}
		inmodel {
			if (!first) line = $0
			first = 0
			if (index(line, q ")") == 1) { inmodel = 0; close(f); next }
			gsub(q q, q, line); print line > f
		}
	' sql/migrate_blog.sql
	awk -v out="$out" '
		BEGIN { k = 1; f = out "/chunk_1.sql" }
		{ print > f }
		/^-- catalog check: model [0-9]+$/ {
			close(f); print k, $NF; k++; f = out "/chunk_" k ".sql"
		}
	' sql/migrate_blog.sql
}

dump_sqlite() {
	"$SQLITE3" -noheader -list "$1" < test/migrate/catalog_sqlite.sql
}

dump_postgresql() {
	psql_c -d "$1" -f test/migrate/catalog_pg.sql
}

# A fresh database (file) where model N is created by orm_create_all; its dump.
fresh_sqlite() {
	local db=$out/fresh.sqlite.db
	rm -f "$db"
	sqlite_run "$db" "SELECT orm_declare(readfile('$out/model_$1.py')) IS NULL
		WHERE length(readfile('$out/model_$1.py')) > 0;" \
		"SELECT orm_create_all() IS NULL;" > /dev/null && dump_sqlite "$db"
}

fresh_postgresql() {
	pg_fresh orm_fresh > /dev/null &&
		if [ -s "$out/model_$1.py" ]; then
			psql_c -d orm_fresh -v model="$(cat "$out/model_$1.py")" > /dev/null <<-'EOF'
			SELECT orm_declare(:'model');
			SELECT orm_create_all();
			EOF
		fi && dump_postgresql orm_fresh
}

# Runs chunk k of the file in the migrated database.
chunk_sqlite() {
	sed -e 's/^\\.*$//' "$out/chunk_$1.sql" |
		"$SQLITE3" -noheader -cmd '.load ./orm' "$out/blog.sqlite.db" > "$out/chunk_$1.sqlite.log" 2>&1
}

chunk_postgresql() {
	psql_c -d orm_blog -v ON_ERROR_STOP=0 -f "$out/chunk_$1.sql" > "$out/chunk_$1.postgresql.log" 2>&1
}

catalog() {
	local eng=$1 k n
	rm -f "$out/blog.sqlite.db"
	if [ "$eng" = postgresql ]; then pg_fresh orm_blog > /dev/null || { bad "catalog setup"; return; }; fi
	blog_split > "$out/checks"
	while read -r k n; do
		"chunk_$eng" "$k"
		if ! "dump_$eng" "$( [ "$eng" = sqlite ] && echo "$out/blog.sqlite.db" || echo orm_blog)" \
			> "$out/cat_$k.$eng.migrated" 2>&1; then
			bad "catalog migrate_blog check $k (model $n).$eng" "$out/cat_$k.$eng.migrated"
		elif ! "fresh_$eng" "$n" > "$out/cat_$k.$eng.fresh" 2>&1; then
			bad "catalog migrate_blog check $k (model $n).$eng" "$out/cat_$k.$eng.fresh"
		elif diff -u "$out/cat_$k.$eng.fresh" "$out/cat_$k.$eng.migrated" > "$out/cat_$k.$eng.diff"; then
			ok "catalog migrate_blog check $k (model $n).$eng"
		else
			bad "catalog migrate_blog check $k (model $n).$eng" "$out/cat_$k.$eng.diff"
		fi
	done < "$out/checks"
}

# ---- main ------------------------------------------------------------------------------

for eng in "${engines[@]}"; do
	case $eng in
		sqlite)
			if [ ! -f ./orm.so ]; then
				echo "test/migrate/run.sh: ./orm.so is missing (run make)" >&2
				exit 1
			fi
			golden sqlite
			catalog sqlite
			;;
		postgresql)
			if ! pg_start; then
				bad "postgresql cluster"
				continue
			fi
			golden postgresql
			catalog postgresql
			;;
		*)
			echo "test/migrate/run.sh: unknown engine $eng" >&2
			exit 1
			;;
	esac
done
echo "migrate: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
