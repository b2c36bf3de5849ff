#!/usr/bin/env bash
# test/sqlite/rowid_keys.sh -- the flush's keys without RETURNING on SQLite
# (flush_emit.c and orm_sqlite.c, "Keys without RETURNING"): a batch of new
# rows whose only generated column is the rowid key runs without RETURNING
# and takes its keys from last_insert_rowid, only where SQLite's rowids are
# known to be consecutive; everywhere else RETURNING as before.
#
#   test/sqlite/rowid_keys.sh     (run by test/sqlite/run.sh with the whole suite)
#
# Each case makes a table by hand (rows already in it, AUTOINCREMENT with its
# largest rows deleted, a trigger inserting into the same table between the
# flush's rows, INTEGER PRIMARY KEY DESC, WITHOUT ROWID, the largest rowid
# 2^63 - 1, a temp table of the same name, a row failing UNIQUE), flushes three new rows in one
# batch, and checks that the keys the flush returns are the stored rows'
# (by name), and that the result and the stored rows are the same as with
# orm_echo(1) on, where the flush always uses RETURNING.
# Prints "sqlite rowid keys: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
SQLITE3=${SQLITE3:-sqlite3}
out=build/sqlite_results/rowid_keys
rm -rf "$out"
mkdir -p "$out"
pass=0
fail=0

ok() { echo "ok      rowid keys: $1"; pass=$((pass + 1)); }
bad() { echo "FAILED  rowid keys: $1"; shift; for l in "$@"; do echo "  $l"; done; fail=$((fail + 1)); }

decl='from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class K(Base):
    __tablename__ = "k"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]'
changes='[{"op": "add", "entity": "K", "data": {"name": "a"}}, {"op": "add", "entity": "K", "data": {"name": "b"}}, {"op": "add", "entity": "K", "data": {"name": "c"}}]'

# run NAME ECHO SETUP: the flush's result, whether its keys are the stored
# rows', and the stored rows, in a fresh database made by SETUP
run() {
	local db=$out/$1_$2.db j
	rm -f "$db"
	j=$("$SQLITE3" -cmd ".load ./orm" "$db" 2>&1 <<SQL
$3
SELECT orm_declare('$decl') IS NULL;
SELECT orm_echo($2) IS NULL;
SELECT orm_flush('$changes', 'objects');
SQL
)
	# echo's lines (stderr) left out: the two runs differ by them only
	j=$(grep -v -e '^INSERT INTO' -e '^\[parameters' <<<"$j")
	echo "$j"
	j=$(tail -n 1 <<<"$j")
	"$SQLITE3" "$db" <<SQL
SELECT 'keys match: ' || (SELECT count(*) FROM json_each('$j', '\$.objects') o
	JOIN k ON k.id IS o.value ->> '\$.id' AND k.name = o.value ->> '\$.name');
SELECT * FROM main.k ORDER BY rowid;
SQL
}

check() {	# NAME SETUP [random]: keys match; same as with echo on unless random
	local a b
	a=$(run "$1" 0 "$2")
	b=$(run "$1" 1 "$2")
	if ! grep -qF "keys match: 3" <<<"$a"; then
		bad "$1" "the keys the flush returned are not the stored rows':" "$a"
	elif [ "${3:-}" != random ] && [ "$a" != "$b" ]; then
		bad "$1" "not the same as with RETURNING:" "without echo: $a" "with echo:    $b"
	else
		ok "$1"
	fi
}

check "plain rowid table, rows in it" \
	"CREATE TABLE k (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
	 INSERT INTO k VALUES (1, 'x'), (7, 'y'), (3, 'z');"
check "AUTOINCREMENT, its largest rows deleted" \
	"CREATE TABLE k (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
	 INSERT INTO k (name) VALUES ('x'), ('y'), ('z'), ('w'); DELETE FROM k WHERE id > 2;"
check "a trigger inserting into the same table" \
	"CREATE TABLE k (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
	 CREATE TRIGGER k_more AFTER INSERT ON k WHEN new.name <> 'shadow'
	 BEGIN INSERT INTO k (name) VALUES ('shadow'); END;"
check "a temp trigger on the table" \
	"CREATE TABLE k (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
	 CREATE TEMP TRIGGER k_more AFTER INSERT ON main.k WHEN new.name <> 'shadow'
	 BEGIN INSERT INTO k (name) VALUES ('shadow'); END;"
check "INTEGER PRIMARY KEY DESC (no rowid alias)" \
	"CREATE TABLE k (id INTEGER PRIMARY KEY DESC, name TEXT NOT NULL);
	 INSERT INTO k VALUES (5, 'x');"
check "the largest rowid 2^63 - 1" \
	"CREATE TABLE k (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
	 INSERT INTO k VALUES (9223372036854775807, 'x');" random
check "the largest rowid 2^63 - 3 (no room for three)" \
	"CREATE TABLE k (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
	 INSERT INTO k VALUES (9223372036854775805, 'x');" random
check "the largest rowid 2^63 - 4 (room for three)" \
	"CREATE TABLE k (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
	 INSERT INTO k VALUES (9223372036854775804, 'x');"

# keys that are no rowid, a failing row: the flush fails, or stores, as with RETURNING
for c in "WITHOUT ROWID|CREATE TABLE k (id INTEGER PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;" \
	"BIGINT key|CREATE TABLE k (id BIGINT PRIMARY KEY, name TEXT NOT NULL);" \
	"a row of the batch failing (UNIQUE)|CREATE TABLE k (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
	 INSERT INTO k VALUES (1, 'b');" \
	"a temp table of the same name|CREATE TABLE k (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
	 CREATE TEMP TABLE k (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO temp.k VALUES (4, 'q');"; do
	a=$(run x 0 "${c#*|}" 2>&1)
	b=$(run x 1 "${c#*|}" 2>&1)
	if [ "$a" = "$b" ]; then ok "${c%%|*}"; else bad "${c%%|*}" "without echo: $a" "with echo:    $b"; fi
done

echo "sqlite rowid keys: $pass passed, $fail failed"
[ "$fail" = 0 ]
