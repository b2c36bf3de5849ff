#!/usr/bin/env bash
# test/registry_cost.sh -- the registry holds the current models, not their
# history, so declaring stays cheap however often an application declares
# (README "Engines", session.c "Keeping the registry small").
#
#   test/registry_cost.sh sqlite    (run by test/sqlite/run.sh with the whole suite)
#   test/registry_cost.sh pg        (run by test/run_pg.sh against its cluster:
#                                    ORM_PG_BINDIR, ORM_PG_HOST, ORM_PG_PORT,
#                                    ORM_PG_USER, ORM_PG_RUNAS in the environment)
#
# The seed's blog models (test/demo/blog_models.py) are declared once, then
# 500 times more, as an application declaring its models at every start-up
# would; then a second version of the module (one more column) and the first
# are declared in turn, 100 times each, as an application being edited and
# redeployed would.  Checks, the first ones exact:
#   - after the 500 declares the registry has one row, after the 200 edits
#     one row, the edited column in it;
#   - a declare and a cold orm_select (a new connection: the registry is
#     parsed) cost what they cost at the start: the median of 11 timings
#     after, against the median of 11 before, within 1.2x (or 5 ms, the noise
#     of a busy 2-core machine on calls of a few ms).
# Timings are the client's: psql's \timing, the sqlite3 shell's .timer.
#
# Prints "<engine> registry cost: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
engine=${1:?usage: test/registry_cost.sh sqlite|pg}
out=build/registry_cost/$engine
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
pass=0
fail=0
ok() { echo "ok      registry cost ($engine): $1"; pass=$((pass + 1)); }
bad() { echo "FAILED  registry cost ($engine): $1"; fail=$((fail + 1)); }

# the model as an SQL string literal, and a second version with one more column
model=$(sed "s/'/''/g" test/demo/blog_models.py)
model2=$(printf '%s\n' "$model" | sed 's/^\(    username: Mapped\[str\].*\)$/\1\n    nickname: Mapped[Optional[str]] = mapped_column(String(50))/')
if [ "$model" = "$model2" ]; then
	bad "the test could not make a second version of test/demo/blog_models.py"
	echo "$engine registry cost: $pass passed, $fail failed"
	exit 1
fi
declare_sql="SELECT orm_declare('$model') IS NOT NULL AS declared;"
declare2_sql="SELECT orm_declare('$model2') IS NOT NULL AS declared;"
select_sql="SELECT orm_select('select(User).options(selectinload(User.posts))') IS NOT NULL AS selected;"
count_sql="SELECT count(*) AS stored FROM orm_registry;"

case $engine in
sqlite)
	db=$out/cost.db
	# run FILE: the sqlite3 shell on the database with orm loaded, statements from FILE
	run() { sqlite3 -bail -noheader -cmd ".load ./orm" "$db" < "$1"; }
	timer_on=".timer on"
	# a new connection: .open the file again (orm is loaded per connection)
	reconnect=".open $db
.load ./orm"
	# the sqlite3 shell: "Run Time: real 0.003 user ..." -> milliseconds
	times() { awk '/^Run Time: real/ {printf "%.3f\n", $4 * 1000}'; }
	;;
pg)
	: "${ORM_PG_BINDIR:?}" "${ORM_PG_HOST:?}" "${ORM_PG_PORT:?}" "${ORM_PG_USER:?}"
	runas=()
	if [ -n "${ORM_PG_RUNAS:-}" ]; then runas=(runuser -u "$ORM_PG_RUNAS" --); fi
	psql_db() {
		"${runas[@]}" "$ORM_PG_BINDIR/psql" -X -q -A -t -v ON_ERROR_STOP=1 \
			-h "$ORM_PG_HOST" -p "$ORM_PG_PORT" -U "$ORM_PG_USER" "$@"
	}
	dbname=orm_registry_cost
	psql_db -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $dbname" \
		-c "CREATE DATABASE $dbname" >/dev/null || exit 1
	psql_db -d "$dbname" -c "CREATE EXTENSION orm" >/dev/null || exit 1
	run() { psql_db -d "$dbname" < "$1"; }
	timer_on="\\timing on"
	reconnect="\\c"
	# psql: "Time: 1.234 ms" -> milliseconds
	times() { awk '/^Time: / {printf "%.3f\n", $2}'; }
	;;
*)
	echo "usage: test/registry_cost.sh sqlite|pg" >&2
	exit 2
	;;
esac

median() { sort -n | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]; else print "none"}'; }

# FILE gets: N declares, each timed, then N cold selects, each timed
measure() {
	{
		echo "$timer_on"
		for _ in $(seq 11); do echo "$declare_sql"; done
	} > "$out/declares.sql"
	run "$out/declares.sql" > "$out/$1.declare.out" 2>&1 || return 1
	{
		for _ in $(seq 11); do
			echo "$reconnect"
			echo "$timer_on"
			echo "$select_sql"
		done
	} > "$out/selects.sql"
	run "$out/selects.sql" > "$out/$1.select.out" 2>&1 || return 1
}

# within FIRST LATER WHAT: LATER (ms) is at most 1.2 x FIRST, or 5 ms more
within() {
	if awk -v a="$1" -v b="$2" 'BEGIN {exit !(a != "none" && b != "none" && (b <= 1.2 * a || b <= a + 5))}'; then
		ok "$3: $2 ms after, $1 ms at first (medians of 11)"
	else
		bad "$3: $2 ms after, $1 ms at first (medians of 11): more than 1.2x"
	fi
}

{
	echo "$declare_sql"
	echo "SELECT orm_create_all() IS NOT NULL AS created;"
	echo "SELECT orm_flush('[{\"op\": \"add\", \"entity\": \"User\", \"data\": {\"username\": \"alice\", \"email\": \"a@example.com\", \"posts\": [{\"title\": \"Hi\", \"slug\": \"hi\", \"body\": \"x\"}]}}]') IS NOT NULL AS added;"
} > "$out/setup.sql"
if ! run "$out/setup.sql" > "$out/setup.out" 2>&1; then
	bad "setup (see $out/setup.out)"
	cat "$out/setup.out"
	echo "$engine registry cost: $pass passed, $fail failed"
	exit 1
fi
measure first || bad "measuring at first (see $out)"

{
	for _ in $(seq 500); do echo "$declare_sql"; done
	echo "$count_sql"
} > "$out/500.sql"
got=$(run "$out/500.sql" 2>&1 | tail -1)
if [ "$got" = 1 ]; then ok "500 declares of the same model: 1 row"; else bad "500 declares of the same model: $got rows, want 1"; fi

measure after || bad "measuring after (see $out)"
within "$(times < "$out/first.declare.out" | median)" "$(times < "$out/after.declare.out" | median)" "orm_declare"
within "$(times < "$out/first.select.out" | median)" "$(times < "$out/after.select.out" | median)" "cold orm_select"

{
	for _ in $(seq 100); do echo "$declare2_sql"; echo "$declare_sql"; done
	echo "$declare2_sql"
	echo "$count_sql"
	echo "SELECT count(*) AS edited FROM orm_registry WHERE source LIKE '%nickname%';"
} > "$out/edits.sql"
got=$(run "$out/edits.sql" 2>&1 | tail -2 | tr '\n' ' ')
if [ "$got" = "1 1 " ]; then ok "200 edits of the model: 1 row, the last version"; else bad "200 edits of the model: '$got', want '1 1 '"; fi

echo "$engine registry cost: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
