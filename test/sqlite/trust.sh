#!/usr/bin/env bash
# test/sqlite/trust.sh -- what an untrusted SQLite database file cannot make
# orm do (README "Trust model"), and raw NUL bytes in arguments.
#
#   test/sqlite/trust.sh        (run by test/sqlite/run.sh with the whole suite)
#
# 1. A hostile database file: written without orm, it holds a view and a
#    trigger calling each orm function (orm_select's query writing a file
#    through func.writefile, orm_flush, orm_declare ...) and an orm_registry
#    whose declaration names func.writefile in a relationship's criteria and
#    whose listener is load_extension.  Opened in the sqlite3 shell with orm
#    loaded, under PRAGMA trusted_schema = 1 and = 0: every view and trigger
#    fails with SQLite's "unsafe use of orm_...()" (every orm function is
#    SQLITE_DIRECTONLY), and orm's own top-level calls never reach writefile
#    or load_extension; no file is written, no row is added.
# 2. Raw NUL bytes: every text argument of every function holding a NUL
#    (char(0)) is refused, instead of being read up to the NUL.
#
# Prints "sqlite trust: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
SQLITE3=${SQLITE3:-sqlite3}
out=build/sqlite_results/trust
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
pwned=$out/pwned
pass=0
fail=0

ok() { echo "ok      trust: $1"; pass=$((pass + 1)); }
bad() { echo "FAILED  trust: $1"; shift; for l in "$@"; do echo "  $l"; done; fail=$((fail + 1)); }

# expect NAME PATTERN OUTPUT: OUTPUT contains PATTERN (a fixed string)
expect() {
	if grep -qF -- "$2" <<<"$3"; then ok "$1"; else bad "$1" "want: $2" "got:  $3"; fi
}

# shell DB SQL...: the sqlite3 shell with orm loaded on DB, each SQL a statement
shell() {
	local db=$1
	shift
	local args=()
	for s in "$@"; do args+=(-cmd "$s"); done
	"$SQLITE3" -bail -noheader -cmd '.bail off' -cmd '.load ./orm' "${args[@]}" "$db" '' 2>&1
}

# ---- 1. the hostile file -----------------------------------------------------

db=$out/hostile.db
calls=(
	"orm_select('select(func.writefile(\"$pwned\", \"select\"))')"
	"orm_select('select(Note)', '{}')"
	"orm_get('Note', '1')"
	"orm_get('Note', '1', 'selectinload(Note.tags)')"
	"orm_compile('select(func.writefile(\"$pwned\", \"compile\"))')"
	"orm_compile('select(Note)', '{}')"
	"orm_flush('[{\"op\": \"add\", \"entity\": \"Note\", \"data\": {\"body\": \"hostile\"}}]')"
	"orm_execute('update(Note).values(body=\"hostile\")')"
	"orm_execute('update(Note).values(body=b)', '{\"b\": \"hostile\"}')"
	"orm_declare('x = 1')"
	"orm_create_all()"
	"orm_drop_all()"
	"orm_ddl()"
	"orm_automap()"
	"orm_automap('main')"
	"orm_view('hv', 'select(Note)')"
	"orm_listen('Note', 'after_insert', 'writefile')"
	"orm_echo(1)"
)
n=${#calls[@]}
{
	echo "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);"
	echo "INSERT INTO notes VALUES (1, 'kept');"
	# a declaration whose relationship criteria write a file, a listener that loads code
	cat <<EOF
CREATE TABLE orm_registry (id INTEGER PRIMARY KEY, token INTEGER NOT NULL, source TEXT NOT NULL,
	declared_at TEXT NOT NULL DEFAULT (CURRENT_TIMESTAMP));
INSERT INTO orm_registry (token, source) VALUES (1, 'from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str]
    tags: Mapped[list["Tag"]] = relationship(lazy="selectin",
        primaryjoin="and_(Note.id == Tag.note_id, func.writefile(\"$pwned\", \"criteria\") > 0)")
class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"))
');
INSERT INTO orm_registry (token, source) VALUES (2, '#orm_listen
Note
before_insert
load_extension');
CREATE TABLE tags (id INTEGER PRIMARY KEY, note_id INTEGER REFERENCES notes (id));
INSERT INTO tags VALUES (1, 1);
EOF
	for ((i = 0; i < n; i++)); do
		echo "CREATE VIEW v$i AS SELECT ${calls[$i]} AS r;"
		echo "CREATE TABLE t$i (x);"
		echo "CREATE TRIGGER tr$i AFTER INSERT ON t$i BEGIN SELECT ${calls[$i]}; END;"
	done
} > "$out/hostile.sql"
rm -f "$db" "$pwned"
# written by a plain shell: nothing of orm is needed to make such a file
if ! "$SQLITE3" "$db" < "$out/hostile.sql" > "$out/create.log" 2>&1; then
	bad "hostile file created" "$(cat "$out/create.log")"
fi

for trusted in 1 0; do
	for ((i = 0; i < n; i++)); do
		fn=${calls[$i]%%(*}
		got=$(shell "$db" "PRAGMA trusted_schema = $trusted;" "SELECT r FROM v$i;")
		expect "trusted_schema=$trusted: view calling ${calls[$i]:0:60}" "unsafe use of $fn()" "$got"
		got=$(shell "$db" "PRAGMA trusted_schema = $trusted;" "INSERT INTO t$i VALUES (1);")
		expect "trusted_schema=$trusted: trigger calling ${calls[$i]:0:60}" "unsafe use of $fn()" "$got"
	done
done

# orm called directly on the hostile file: the registry's criteria and listener never run
got=$(shell "$db" "SELECT orm_select('select(Note)');")
expect "registry criteria calling func.writefile are refused" "func.writefile() is not allowed on sqlite" "$got"
got=$(shell "$db" "SELECT orm_flush('[{\"op\": \"add\", \"entity\": \"Note\", \"data\": {\"body\": \"x\"}}]');")
expect "registry listener load_extension is refused" "listener function load_extension is not allowed on sqlite" "$got"
got=$(shell "$db" "SELECT orm_select('select(func.writefile(\"$pwned\", \"direct\"))');")
expect "a query calling func.writefile is refused" "func.writefile() is not allowed on sqlite" "$got"

if [ -e "$pwned" ]; then bad "no file written" "$pwned: $(cat "$pwned")"; else ok "no file written"; fi
got=$("$SQLITE3" "$db" "SELECT group_concat(body) || ' / ' || (SELECT count(*) FROM orm_registry) || ' / ' || (SELECT count(*) FROM sqlite_master WHERE name = 'hv') FROM notes;" 2>&1)
expect "nothing written to the database" "kept / 2 / 0" "$got"

# ---- 2. raw NUL bytes in arguments ------------------------------------------

nul=$out/nul.db
rm -f "$nul"
shell "$nul" "SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Note(Base):
    __tablename__ = \"notes\"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str]
') IS NOT NULL;" "SELECT orm_create_all() IS NOT NULL;" \
	"SELECT orm_flush('[{\"op\": \"add\", \"entity\": \"Note\", \"data\": {\"body\": \"one\"}}, {\"op\": \"add\", \"entity\": \"Note\", \"data\": {\"body\": \"two\"}}]') IS NOT NULL;" \
	> "$out/nul_setup.log"
Z="char(0)"
nulcalls=(
	"orm_select('select(Note)' || $Z || '.where(Note.id == 2)')|query"
	"orm_select('select(Note).where(Note.id == n)', '{\"n\": 2}' || $Z || 'x')|params"
	"orm_compile('select(Note)' || $Z || '.where(Note.id == 2)')|query"
	"orm_compile('select(Note)', '{}' || $Z)|params"
	"orm_get('Note' || $Z || 'x', '1')|entity"
	"orm_get('Note', '2' || $Z || '1')|key"
	"orm_get('Note', '1', 'selectinload(Note.x)' || $Z)|options"
	"orm_flush('[]' || $Z || '[{\"op\": \"delete\", \"entity\": \"Note\", \"data\": {\"id\": 1}}]')|changes"
	"orm_execute('delete(Note)' || $Z || '.where(Note.id == 2)')|stmt"
	"orm_execute('delete(Note).where(Note.id == n)', '{\"n\": 2}' || $Z)|params"
	"orm_declare('x = 1' || $Z || 'garbage')|source"
	"orm_automap('main' || $Z || 'x')|schema"
	"orm_view('nv' || $Z || 'x', 'select(Note)')|name"
	"orm_view('nv', 'select(Note)' || $Z || '.where(Note.id == 2)')|query"
	"orm_listen('Note' || $Z, 'after_insert', 'f')|entity"
	"orm_listen('Note', 'after_insert' || $Z, 'f')|event"
	"orm_listen('Note', 'after_insert', 'f' || $Z || 'g')|fn"
)
for c in "${nulcalls[@]}"; do
	call=${c%|*}
	arg=${c##*|}
	fn=${call%%(*}
	got=$(shell "$nul" "SELECT $call;")
	expect "NUL in $fn's $arg" "$fn: argument $arg contains a NUL byte" "$got"
done
got=$("$SQLITE3" "$nul" "SELECT group_concat(id || ':' || body) || ' / ' || (SELECT count(*) FROM sqlite_master WHERE name = 'nv') FROM notes;" 2>&1)
expect "nothing written by the NUL calls" "1:one,2:two / 0" "$got"

echo "sqlite trust: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
