#!/usr/bin/env bash
# test/clients/run.sh -- README's client examples ("Clients"), run as they
# stand there, and the SQLite error codes as drivers see them.
#
#   test/clients/run.sh sqlite   Python sqlite3 and better-sqlite3 examples,
#                                test/clients/sqlite3_errors.py
#                                (run by test/sqlite/run.sh with the whole suite)
#   test/clients/run.sh pg       psycopg2 and node-postgres examples (run by
#                                test/run_pg.sh against its cluster: ORM_PG_HOST,
#                                ORM_PG_PORT, ORM_PG_USER, ORM_PG_BINDIR,
#                                ORM_PG_RUNAS in the environment)
#
# Each example is the fenced block after a "<!-- example: NAME -->" line of
# README.md, written to build/clients/examples/example_NAME.py or .js after a definition of
# MODELS (the text of README's MODELS block, in the example's language), run
# from the repository root, its output compared with
# test/clients/expected/NAME.out (ORM_ACCEPT=1 writes it).
#
# Runtimes: Python (/usr/bin/python3, else python3 on the path; psycopg2 for
# the PostgreSQL example); Node.js with npm: better-sqlite3 12 and pg 8 are
# installed into build/clients/node the first time (better-sqlite3 13 needs a
# newer Node than 20).  A missing runtime or package skips its examples with
# a message saying why; it is not a failure.
#
# Prints "clients (ENGINE): N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
engine=${1:?usage: test/clients/run.sh sqlite|pg}
out=build/clients
rm -rf "$out/examples"			# nothing else beside an example (Python imports from there)
mkdir -p "$out/examples"
pass=0
fail=0
skipped=()

PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3 || true)

# the README block after "<!-- example: $1 -->"
example() {
	awk -v name="$1" '
		$0 == "<!-- example: " name " -->" {want = 1; next}
		want && /^```/ {if (inside) exit; inside = 1; next}
		inside {print}
	' README.md
}
# README's MODELS text (the python block that starts with MODELS = ''')
models() {
	awk '/^MODELS = '"'''"'$/ {inside = 1; next} inside && /^'"'''"'$/ {exit} inside {print}' README.md
}

# run NAME EXT CMD...: writes the example with MODELS first, runs CMD FILE, compares
run() {
	local name=$1 ext=$2
	shift 2
	local file=$out/examples/example_${name//-/_}.$ext expected=test/clients/expected/$name.out
	local body
	body=$(example "$name")
	if [ -z "$body" ]; then
		echo "FAILED  clients: $name: no such example in README.md"
		fail=$((fail + 1))
		return
	fi
	{
		if [ "$ext" = py ]; then
			printf 'MODELS = %s\n' "$("$PY" -c 'import sys; print(repr(sys.stdin.read()))' < <(models))"
		else
			printf 'const MODELS = %s;\n' "$("$PY" -c 'import json, sys; print(json.dumps(sys.stdin.read()))' < <(models))"
		fi
		printf '%s\n' "$body"
	} > "$file"
	"$@" "$file" > "$out/$name.out" 2>&1
	if [ "${ORM_ACCEPT:-}" = 1 ]; then cp "$out/$name.out" "$expected"; fi
	if [ -f "$expected" ] && diff -u "$expected" "$out/$name.out" > "$out/$name.diff"; then
		echo "ok      clients: $name"
		pass=$((pass + 1))
	else
		echo "FAILED  clients: $name"
		if [ -f "$expected" ]; then cat "$out/$name.diff"; else cat "$out/$name.out"; fi
		fail=$((fail + 1))
	fi
}

# Node with better-sqlite3 12 and pg 8 in build/clients/node, or why not
node_ready() {
	if ! command -v node >/dev/null; then
		skipped+=("$1: node not found"); return 1
	fi
	if [ ! -d "$out/node/node_modules/better-sqlite3/build/Release" ] || [ ! -d "$out/node/node_modules/pg" ]; then
		if ! command -v npm >/dev/null; then
			skipped+=("$1: npm not found"); return 1
		fi
		echo "clients: installing better-sqlite3@12 and pg@8 into $out/node (once)"
		mkdir -p "$out/node"
		if ! (cd "$out/node" && npm install --no-audit --no-fund --loglevel=error \
			better-sqlite3@12 pg@8 > npm.log 2>&1); then
			skipped+=("$1: npm install failed, see $out/node/npm.log"); return 1
		fi
	fi
	return 0
}
node_run() { NODE_PATH=$PWD/$out/node/node_modules node "$@"; }

case $engine in
sqlite)
	if [ -z "$PY" ]; then
		skipped+=("python-sqlite3, sqlite3_errors: python3 not found")
	else
		run python-sqlite3 py "$PY"
		if "$PY" test/clients/sqlite3_errors.py > "$out/sqlite3_errors.out" 2>&1; then
			echo "ok      clients: sqlite3_errors ($(grep -c '^ok' "$out/sqlite3_errors.out") codes)"
			pass=$((pass + 1))
		else
			echo "FAILED  clients: sqlite3_errors"
			cat "$out/sqlite3_errors.out"
			fail=$((fail + 1))
		fi
	fi
	if node_ready better-sqlite3; then run better-sqlite3 js node_run; fi
	;;
pg)
	: "${ORM_PG_HOST:?}" "${ORM_PG_PORT:?}" "${ORM_PG_USER:?}" "${ORM_PG_BINDIR:?}"
	runas=()
	if [ -n "${ORM_PG_RUNAS:-}" ]; then runas=(runuser -u "$ORM_PG_RUNAS" --); fi
	db=orm_clients
	"${runas[@]}" "$ORM_PG_BINDIR/psql" -X -q -h "$ORM_PG_HOST" -p "$ORM_PG_PORT" -U "$ORM_PG_USER" \
		-d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" \
		-c "CREATE DATABASE $db" >/dev/null || exit 1
	"${runas[@]}" "$ORM_PG_BINDIR/psql" -X -q -h "$ORM_PG_HOST" -p "$ORM_PG_PORT" -U "$ORM_PG_USER" \
		-d "$db" -c "CREATE EXTENSION orm" >/dev/null || exit 1
	export PGHOST=$ORM_PG_HOST PGPORT=$ORM_PG_PORT PGUSER=$ORM_PG_USER PGDATABASE=$db
	if [ -z "$PY" ]; then
		skipped+=("psycopg2: python3 not found")
	elif ! "$PY" -c 'import psycopg2' 2>/dev/null; then
		skipped+=("psycopg2: the psycopg2 module is not installed (python3-psycopg2)")
	else
		run psycopg2 py "$PY"
	fi
	if node_ready node-postgres; then run node-postgres js node_run; fi
	"${runas[@]}" "$ORM_PG_BINDIR/psql" -X -q -h "$ORM_PG_HOST" -p "$ORM_PG_PORT" -U "$ORM_PG_USER" \
		-d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	;;
*)
	echo "usage: test/clients/run.sh sqlite|pg" >&2
	exit 2
	;;
esac

for s in "${skipped[@]}"; do echo "skipped clients: $s"; done
echo "clients ($engine): $pass passed, $fail failed"
[ "$fail" -eq 0 ]
