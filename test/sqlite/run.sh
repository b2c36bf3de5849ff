#!/usr/bin/env bash
# test/sqlite/run.sh -- runs the SQL tests (sql/<name>.sql, the same files
# pg_regress runs) in the sqlite3 shell with ./orm.so loaded, one fresh
# :memory: database per file, and compares the output with
# test/sqlite/expected/<name>.out.
#
#   test/sqlite/run.sh [name ...]      (default: every sql/*.sql)
#   ORM_ACCEPT=1 test/sqlite/run.sh x  writes the output as the expected file
#                                      (read it before committing it!)
#   ORM_EXT=build/asan/orm ...         loads that build instead of ./orm.so
#                                      (`make asan-sqltest`: with ORM_PRELOAD, the
#                                      sanitizer runtime preloaded into sqlite3 only;
#                                      results in ORM_SQLITE_OUT, summary ORM_SUITE)
#
# Every sql/*.sql runs on both engines except sql/pg_*.sql (PostgreSQL only).
# With no names, test/sqlite/trust.sh (hostile database files),
# test/sqlite/busy.sh (another connection's write lock),
# test/sqlite/rowid_keys.sh (the flush's keys without RETURNING),
# test/registry_cost.sh sqlite (declaring stays cheap) and
# test/clients/run.sh sqlite (README's client examples) run last.
# psql meta-commands (lines starting with a backslash) are blanked, not
# removed, so the shell's "near line N" numbers are the file's.  Results go
# to build/sqlite_results/; prints "N passed, N failed" and a diff per failure.
set -u
cd "$(dirname "$0")/../.."
SQLITE3=${SQLITE3:-sqlite3}
ext=${ORM_EXT:-./orm}
out=${ORM_SQLITE_OUT:-build/sqlite_results}
mkdir -p "$out"
pre=()
if [ -n "${ORM_PRELOAD:-}" ]; then
	pre=(env "LD_PRELOAD=$ORM_PRELOAD")
fi

if [ ! -f "$ext.so" ]; then
	echo "test/sqlite/run.sh: $ext.so is missing (run make)" >&2
	exit 1
fi

if [ $# -gt 0 ]; then
	names=("$@")
else
	names=()
	# sql/pg_*.sql are PostgreSQL-only (server-side functions, privileges)
	for f in sql/*.sql; do
		n=$(basename "$f" .sql)
		case $n in pg_*) ;; *) names+=("$n") ;; esac
	done
fi

pass=0
fail=0
for name in "${names[@]}"; do
	src=sql/$name.sql
	sed -e 's/^\\.*$//' "$src" > "$out/$name.sql"
	# stdout unbuffered so error messages (stderr) land where they happen
	"${pre[@]}" stdbuf -o0 -e0 "$SQLITE3" -bail -noheader -cmd '.bail off' -cmd ".load $ext" \
		-cmd '.headers on' -cmd '.mode list' -cmd '.nullvalue NULL' -echo \
		:memory: < "$out/$name.sql" > "$out/$name.out" 2>&1
	expected=test/sqlite/expected/$name.out
	if [ "${ORM_ACCEPT:-}" = 1 ]; then
		cp "$out/$name.out" "$expected"
	fi
	if [ -f "$expected" ] && diff -u "$expected" "$out/$name.out" > "$out/$name.diff"; then
		echo "ok      $name"
		pass=$((pass + 1))
	else
		echo "FAILED  $name"
		if [ -f "$expected" ]; then
			cat "$out/$name.diff"
		else
			echo "  (no $expected; output in $out/$name.out)"
		fi
		fail=$((fail + 1))
	fi
done
echo "${ORM_SUITE:-sqlite}: $pass passed, $fail failed"
# with the whole suite and the normal build: the script tests too (each
# prints its own totals)
scripts=0
if [ $# -eq 0 ] && [ -z "${ORM_EXT:-}" ]; then
	test/sqlite/trust.sh || scripts=1
	test/sqlite/busy.sh || scripts=1
	test/sqlite/rowid_keys.sh || scripts=1
	test/registry_cost.sh sqlite || scripts=1
	test/clients/run.sh sqlite || scripts=1
fi
[ "$fail" -eq 0 ] && [ "$scripts" -eq 0 ]
