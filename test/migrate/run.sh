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
#            A case directory may hold a file "engines" (the engines it runs
#            on, one a line) or "unordered" (why Alembic's op order is random
#            there: the op calls of each body are then compared sorted).
#   apply    the same script run: after orm_upgrade() the catalog must be the
#            one orm_create_all gives the new model in a fresh database, after
#            orm_downgrade('base') the old model's.  Lines "ENGINE upgrade:
#            why" or "ENGINE downgrade: why" in a file "noapply" of the case
#            leave out the whole round trip or its downgrade there (Alembic's
#            script cannot do it either).  A file "data.sql" of the case (plain
#            INSERTs both engines take) is run after the old model's
#            create_all: the round trip then moves rows, and the lines "TABLE N"
#            of a file "rows" are the row counts it must keep (after the
#            upgrade and after the downgrade).  A file "setup.sql" of the case
#            runs first in each of its databases (CREATE SCHEMA for tables
#            with schema=; gen_expected.py runs it too).
#   catalog  sql/migrate_blog.sql run step by step: at each line
#            "-- catalog check: model N" the catalog of the migrated database
#            must equal the catalog orm_create_all gives for the N-th model
#            declared in that file (0: no tables) in a fresh database.
#
# Catalogs are compared as data (catalog_sqlite.sql, catalog_pg.sql), not as
# DDL text.
#
#   test/migrate/run.sh [sqlite] [postgresql]     (default: both)
#
# ORM_MIGRATE_CASES="case case...": golden and apply of those cases only
# (and the catalog checks of sql/migrate_blog.sql unless ORM_MIGRATE_CATALOG=0).
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

# The op calls of each body sorted; a multi-line call is one block.
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

# ---- the two engines ------------------------------------------------------------
#
# db_new_E DB         a fresh database with the extension
# db_declare_E DB F   the registry emptied, then orm_declare(the text of file F)
#                     (F empty: no declaration)
# db_sql_E DB SQL     one statement; its result on stdout, errors on stderr
# db_dump_E DB        the catalog as sorted lines (catalog_<engine>.sql)
# chunk_E K           runs $out/chunk_K.sql in database "blog", errors and all
#
# SQLite databases are the files $out/DB.db.

sqlite_run() {
	"$SQLITE3" -bail -noheader -cmd '.load ./orm' -cmd '.mode list' "$@"
}

db_new_sqlite() {
	rm -f "$out/$1.db"
}

db_declare_sqlite() {
	if [ -n "$(sqlite_run "$out/$1.db" "SELECT 1 FROM sqlite_master WHERE name = 'orm_registry'")" ]; then
		sqlite_run "$out/$1.db" "DELETE FROM orm_registry" || return 1
	fi
	sqlite_run "$out/$1.db" \
		"SELECT orm_declare(readfile('$2')) IS NULL WHERE length(readfile('$2')) > 0;" > /dev/null
}

db_sql_sqlite() {
	sqlite_run "$out/$1.db" "$2"
}

db_dump_sqlite() {
	"$SQLITE3" -bail -noheader -list "$out/$1.db" < test/migrate/catalog_sqlite.sql
}

chunk_sqlite() {
	sed -e 's/^\\.*$//' "$out/chunk_$1.sql" |
		"$SQLITE3" -noheader -cmd '.load ./orm' "$out/blog.db" > "$out/chunk_$1.sqlite.log" 2>&1
}

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
	PGOPTIONS='-c client_min_messages=warning' as_owner "$bindir/psql" -X -q -A -t \
		-v ON_ERROR_STOP=1 -h "$pgtmp/sock" -p "$port" -U "$owner" "$@"
}

db_new_postgresql() {
	psql_c -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" &&
		psql_c -d "$1" -c 'CREATE EXTENSION orm'
}

db_declare_postgresql() {
	if [ -s "$2" ]; then
		psql_c -d "$1" -v model="$(cat "$2")" > /dev/null <<-'EOF'
		DELETE FROM orm_registry;
		SELECT orm_declare(:'model');
		EOF
	else
		psql_c -d "$1" -c 'DELETE FROM orm_registry' > /dev/null
	fi
}

db_sql_postgresql() {
	psql_c -d "$1" -c "$2"
}

db_dump_postgresql() {
	psql_c -d "$1" -f test/migrate/catalog_pg.sql
}

chunk_postgresql() {
	psql_c -d blog -v ON_ERROR_STOP=0 -f "$out/chunk_$1.sql" > "$out/chunk_$1.postgresql.log" 2>&1
}

# ---- catalogs ----------------------------------------------------------------------

# case_setup ENGINE DB DIR: DIR/setup.sql run in DB, when there is one.
case_setup() {
	[ -f "$3/setup.sql" ] || return 0
	"db_sql_$1" "$2" "$(cat "$3/setup.sql")" > /dev/null
}

# The catalog orm_create_all gives model file F in a fresh database.
fresh_dump() {
	local eng=$1
	"db_new_$eng" fresh > /dev/null && case_setup "$eng" fresh "$(dirname "$2")" &&
		"db_declare_$eng" fresh "$2" &&
		"db_sql_$eng" fresh "SELECT orm_create_all() IS NULL" > /dev/null &&
		"db_dump_$eng" fresh
}

# check_catalog ENGINE DB F NAME FILE: test NAME, database DB's catalog
# equals the one model file F gives; results in $out/FILE.*
check_catalog() {
	local eng=$1 db=$2 f=$3 name=$4 base=$out/$5
	if ! "db_dump_$eng" "$db" > "$base.migrated" 2>&1; then
		bad "$name" "$base.migrated"
	elif ! fresh_dump "$eng" "$f" > "$base.fresh" 2>&1; then
		bad "$name" "$base.fresh"
	elif diff -u "$base.fresh" "$base.migrated" > "$base.diff"; then
		ok "$name"
	else
		bad "$name" "$base.diff"
	fi
}

# ---- golden and apply ------------------------------------------------------------

# check_rows ENGINE DIR NAME FILE: the row counts of DIR/rows ("TABLE N" lines)
# in the golden database (no test when the case has no such file).
check_rows() {
	local eng=$1 dir=$2 name=$3 res=$4 t n got
	[ -f "$dir/rows" ] || return 0
	: > "$res"
	while read -r t n; do
		[ -n "$t" ] || continue
		got=$("db_sql_$eng" golden "SELECT count(*) FROM $t" 2>&1)
		[ "$got" = "$n" ] || echo "$t: $got rows, expected $n" >> "$res"
	done < "$dir/rows"
	if [ -s "$res" ]; then bad "$name" "$res"; else ok "$name"; fi
}

case_engines() {
	if [ -f "test/migrate/cases/$1/engines" ]; then cat "test/migrate/cases/$1/engines"; else
		printf 'sqlite\npostgresql\n'; fi
}

# Is the upgrade (and so the downgrade) or the downgrade of a case not run
# on ENGINE?  Lines "ENGINE upgrade: why" / "ENGINE downgrade: why" of the
# case's file "noapply".
noapply() {
	local f=$1/noapply
	[ -f "$f" ] || return 1
	grep -q "^$2 upgrade:" "$f" && return 0
	[ "$3" = downgrade ] && grep -q "^$2 downgrade:" "$f"
}

# orm_revision's script for a case: old model created, new model declared.
golden_script() {
	local eng=$1 case=$2 dir=test/migrate/cases/$2
	"db_new_$eng" golden > /dev/null && case_setup "$eng" golden "$dir" &&
		"db_declare_$eng" golden "$dir/old.py" &&
		"db_sql_$eng" golden "SELECT orm_create_all() IS NULL" > /dev/null &&
		"db_declare_$eng" golden "$dir/new.py" &&
		"db_sql_$eng" golden "SELECT orm_revision('golden $case')"
}

golden() {
	local eng=$1 dir case exp res
	for dir in test/migrate/cases/*/; do
		dir=${dir%/}
		case=$(basename "$dir")
		case_engines "$case" | grep -qx "$eng" || continue
		if [ -n "${ORM_MIGRATE_CASES:-}" ] && [[ " $ORM_MIGRATE_CASES " != *" $case "* ]]; then
			continue
		fi
		exp=test/migrate/expected/$case.$eng.py
		res=$out/$case.$eng.py
		if ! golden_script "$eng" "$case" > "$res.raw" 2> "$res.log"; then
			bad "golden $case.$eng" "$res.log"
			continue
		fi
		normalize "$res.raw" > "$res"
		if [ ! -f "$exp" ]; then
			echo "  (no $exp: run test/migrate/gen_expected.py)" > "$res.diff"
			bad "golden $case.$eng" "$res.diff"
		elif [ -f "$dir/unordered" ]; then
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
		noapply "$dir" "$eng" upgrade && continue
		if [ -f "$dir/data.sql" ] && ! "db_sql_$eng" golden "$(cat "$dir/data.sql")" > "$res.data" 2>&1; then
			bad "apply $case.$eng: data.sql" "$res.data"
			continue
		fi
		if ! "db_sql_$eng" golden "SELECT orm_upgrade() IS NULL" > "$res.up" 2>&1; then
			bad "apply $case.$eng: upgrade" "$res.up"
			continue
		fi
		check_catalog "$eng" golden "$dir/new.py" "apply $case.$eng: upgrade" "$case.$eng.up"
		check_rows "$eng" "$dir" "apply $case.$eng: upgrade rows" "$res.rows.up"
		noapply "$dir" "$eng" downgrade && continue
		if ! "db_sql_$eng" golden "SELECT orm_downgrade('base') IS NULL" > "$res.down" 2>&1; then
			bad "apply $case.$eng: downgrade" "$res.down"
			continue
		fi
		check_catalog "$eng" golden "$dir/old.py" "apply $case.$eng: downgrade" "$case.$eng.down"
		check_rows "$eng" "$dir" "apply $case.$eng: downgrade rows" "$res.rows.down"
	done
}

# ---- catalog -----------------------------------------------------------------------

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

catalog() {
	local eng=$1 k n
	if ! "db_new_$eng" blog > /dev/null; then
		bad "catalog: a database for migrate_blog.$eng"
		return
	fi
	blog_split > "$out/checks"
	while read -r k n; do
		"chunk_$eng" "$k"
		check_catalog "$eng" blog "$out/model_$n.py" \
			"catalog migrate_blog check $k (model $n).$eng" "cat_$k.$eng"
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
			;;
		postgresql)
			if ! pg_start; then
				bad "postgresql cluster"
				continue
			fi
			;;
		*)
			echo "test/migrate/run.sh: unknown engine $eng" >&2
			exit 1
			;;
	esac
	golden "$eng"
	[ "${ORM_MIGRATE_CATALOG:-1}" = 0 ] || catalog "$eng"
done
echo "migrate: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
