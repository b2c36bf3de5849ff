#!/usr/bin/env bash
# test/sqlite/busy.sh -- a writing orm call against another connection's
# write lock (README "Scaling out": many SQLite writers).
#
#   test/sqlite/busy.sh        (run by test/sqlite/run.sh with the whole suite)
#
# Connection A (a sqlite3 shell fed through a fifo) holds the write lock of
# a WAL database file (BEGIN IMMEDIATE) for as long as the script says.
# Connection B, another sqlite3 shell with orm loaded:
#   1. with .timeout 0, orm_flush fails at once with SQLITE_BUSY (the shell
#      prints the code: "(5)"), not a generic SQLITE_ERROR "(1)", and writes
#      nothing;
#   2. so does orm_execute, and orm_select still reads (WAL readers never wait);
#   3. with .timeout 5000, orm_flush waits: A commits after half a second
#      and B's flush (a merge, which reads before it writes) then succeeds,
#      seeing A's row;
#   4. inside B's own BEGIN IMMEDIATE (the application's transaction) the
#      flush runs in the application's transaction and commits with it.
# Prints "sqlite busy: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
SQLITE3=${SQLITE3:-sqlite3}
out=build/sqlite_results/busy
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
db=$out/w.db
pass=0
fail=0

ok() { echo "ok      busy: $1"; pass=$((pass + 1)); }
bad() { echo "FAILED  busy: $1"; shift; for l in "$@"; do echo "  $l"; done; fail=$((fail + 1)); }
expect() {
	if grep -qF -- "$2" <<<"$3"; then ok "$1"; else bad "$1" "want: $2" "got:  $3"; fi
}

# B: the sqlite3 shell with orm loaded on the database, statements from stdin
b() { "$SQLITE3" -cmd ".load ./orm" "$db" 2>&1; }

b >/dev/null <<'SQL'
PRAGMA journal_mode = WAL;
SELECT orm_declare('
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
');
SELECT orm_create_all();
SQL

# A: holds the write lock until told; says "locked" once it has it
mkfifo "$out/a.in" "$out/a.out"
"$SQLITE3" "$db" < "$out/a.in" > "$out/a.out" 2>&1 &
apid=$!
exec 3>"$out/a.in" 4<"$out/a.out"
cleanup() { exec 3>&- 4<&-; kill "$apid" 2>/dev/null; wait "$apid" 2>/dev/null; }
trap cleanup EXIT
echo "BEGIN IMMEDIATE; INSERT INTO items (name) VALUES ('by a'); SELECT 'locked';" >&3
read -r -t 10 line <&4
expect "the other connection holds the write lock" "locked" "${line:-}"

got=$(b <<'SQL'
.timeout 0
SELECT orm_flush('[{"op": "add", "entity": "Item", "data": {"name": "b1"}}]');
SQL
)
expect "orm_flush without a busy timeout fails with SQLITE_BUSY" \
	"orm_flush: database is locked (5)" "$got"
got=$(b <<'SQL'
.timeout 0
SELECT orm_execute('insert(Item).values(name="b2")');
SELECT orm_select('select(Item)');
SQL
)
expect "orm_execute fails with SQLITE_BUSY too" "orm_execute: database is locked (5)" "$got"
expect "orm_select reads meanwhile (WAL)" "[]" "$got"

# B waits (busy timeout 5 s) while A commits after half a second
b > "$out/b3.out" <<'SQL' &
.timeout 5000
SELECT orm_flush('[{"op": "merge", "entity": "Item", "data": {"id": 1, "name": "a, renamed"}},
                   {"op": "add", "entity": "Item", "data": {"name": "b3"}}]');
SQL
bpid=$!
sleep 0.5
echo "COMMIT; SELECT 'released';" >&3
read -r -t 10 line <&4
wait "$bpid"
expect "orm_flush waits for the lock as the busy timeout says" \
	'{"id":1,"name":"a, renamed"},{"id":2,"name":"b3"}' "$(cat "$out/b3.out")"

got=$(b <<'SQL'
.timeout 5000
BEGIN IMMEDIATE;
SELECT orm_flush('[{"op": "add", "entity": "Item", "data": {"name": "b4"}}]');
ROLLBACK;
SELECT group_concat(name, ',') FROM (SELECT name FROM items ORDER BY id);
SQL
)
expect "inside the application's BEGIN IMMEDIATE the flush is the application's" \
	"a, renamed,b3" "$(tail -n 1 <<<"$got")"

echo "sqlite busy: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
