#!/usr/bin/env bash
# test/pg_ext.sh -- the extension's conventions on PostgreSQL (README
# "PostgreSQL: installing and upgrading"), each in a database of its own:
#
#   1. CREATE EXTENSION orm SCHEMA ormx with ormx on nobody's search_path:
#      every function called as ormx.orm_*() works (declare, create_all,
#      flush, select, explain, listen, migrations), nothing is created in
#      public but the user's tables;
#   2. an extension installed as 0.1 and moved on with ALTER EXTENSION orm
#      UPDATE has exactly the objects of a fresh CREATE EXTENSION orm (0.2):
#      every member's definition, privileges, triggers and pg_dump
#      configuration compared as text, and psql's \dx+ lists;
#   3. orm_grant_declare(role): a plain role can then declare, and a module
#      declared again replaces its row; with only INSERT and USAGE on the
#      sequence (README's minimum) it declares, rows added; with nothing it
#      is refused with 42501;
#   4. orm.echo: the statements reach the client as NOTICEs; SET LOCAL keeps
#      it to one transaction (what a transaction-pooling pooler needs);
#   5. make installcheck: the PGXS REGRESS target runs a file of the suite
#      against this server.
#
# Run by test/run_pg.sh (whole suite) against its throwaway cluster, with
# ORM_PG_BINDIR, ORM_PG_HOST, ORM_PG_PORT, ORM_PG_USER (and ORM_PG_RUNAS)
# in the environment.  Prints "pg ext: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
: "${ORM_PG_BINDIR:?}" "${ORM_PG_HOST:?}" "${ORM_PG_PORT:?}" "${ORM_PG_USER:?}"
out=build/pg_ext
rm -rf "$out"
mkdir -p "$out"
pass=0
fail=0
ok() { echo "ok      pg ext: $1"; pass=$((pass + 1)); }
bad() { echo "FAILED  pg ext: $1"; shift; for l in "$@"; do echo "  $l"; done; fail=$((fail + 1)); }
# expect NAME WANT GOT: GOT contains WANT (a fixed string)
expect() { if grep -qF -- "$2" <<<"$3"; then ok "$1"; else bad "$1" "want: $2" "got:  $3"; fi; }

runas=()
if [ -n "${ORM_PG_RUNAS:-}" ]; then runas=(runuser -u "$ORM_PG_RUNAS" --); fi
psql_db() {
	"${runas[@]}" "$ORM_PG_BINDIR/psql" -X -q -A -t -v ON_ERROR_STOP=1 \
		-h "$ORM_PG_HOST" -p "$ORM_PG_PORT" -U "$ORM_PG_USER" "$@"
}
# psql_any DB: statements on stdin, errors and notices in the output, going on after errors
psql_any() {
	"${runas[@]}" "$ORM_PG_BINDIR/psql" -X -q -A -t \
		-h "$ORM_PG_HOST" -p "$ORM_PG_PORT" -U "$ORM_PG_USER" -d "$1" 2>&1
}
fresh_db() {
	psql_db -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" \
		-c "CREATE DATABASE $1" >/dev/null
}

model="from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class User(Base):
    __tablename__ = \"x_users\"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    posts: Mapped[list[\"Post\"]] = relationship(back_populates=\"author\")
class Post(Base):
    __tablename__ = \"x_posts\"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    author_id: Mapped[int] = mapped_column(ForeignKey(\"x_users.id\"))
    author: Mapped[\"User\"] = relationship(back_populates=\"posts\")
"

# ---- 1. a schema off the search_path ----------------------------------------
db=orm_ext_schema
fresh_db $db || exit 1
got=$(psql_any $db <<EOF
CREATE SCHEMA ormx;
CREATE EXTENSION orm SCHEMA ormx;
SET search_path = public;
CREATE FUNCTION public.audit(r json) RETURNS json LANGUAGE sql AS 'SELECT r';
SELECT 'declared', ormx.orm_declare('$model') IS NOT NULL;
SELECT 'created', ormx.orm_create_all();
SELECT 'listening', ormx.orm_listen('User', 'before_insert', 'audit') IS NOT NULL;
SELECT 'flushed', ormx.orm_flush('[{"op": "add", "entity": "User", "data": {"username": "alice", "posts": [{"title": "Hi"}]}}]') IS NOT NULL;
SELECT 'selected', ormx.orm_select('select(User).options(selectinload(User.posts))');
SELECT 'explained', ormx.orm_explain('select(User).options(selectinload(User.posts))') LIKE '%Scan on x_posts%';
SELECT 'revision', ormx.orm_revision('first') IS NOT NULL;
SELECT 'stamped', ormx.orm_stamp('head') IS NOT NULL;
SELECT 'history', json_array_length(ormx.orm_history());
SELECT 'public', string_agg(relname, ',' ORDER BY relname) FROM pg_class
	WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S');
SELECT 'ormx', string_agg(relname, ',' ORDER BY relname) FROM pg_class
	WHERE relnamespace = 'ormx'::regnamespace AND relkind = 'r';
EOF
)
echo "$got" > "$out/schema.out"
expect "SCHEMA ormx off the path: declare" "declared|t" "$got"
expect "SCHEMA ormx off the path: create_all" 'created|{"created":["x_users","x_posts"],"skipped":[]}' "$got"
expect "SCHEMA ormx off the path: listen" "listening|t" "$got"
expect "SCHEMA ormx off the path: flush" "flushed|t" "$got"
expect "SCHEMA ormx off the path: select" 'selected|[{"id":1,"username":"alice","posts":[{"id":1,"title":"Hi","author_id":1}]}]' "$got"
expect "SCHEMA ormx off the path: explain" "explained|t" "$got"
expect "SCHEMA ormx off the path: migrations" "history|1" "$got"
expect "SCHEMA ormx off the path: nothing of orm's in public" "public|alembic_version,x_posts,x_posts_id_seq,x_users,x_users_id_seq" "$got"
expect "SCHEMA ormx off the path: orm's tables in ormx" "ormx|orm_migrations,orm_registry" "$got"
if grep -q "ERROR" <<<"$got"; then bad "SCHEMA ormx off the path: no error" "$(grep ERROR <<<"$got")"; else ok "SCHEMA ormx off the path: no error"; fi

# ---- 2. 0.1 updated = 0.2 fresh ----------------------------------------------
# Every member object of the extension, described as text: functions in
# full (pg_get_functiondef), tables with columns, defaults, constraints,
# triggers and their enabled state, every ACL, and pg_dump's configuration.
describe="
SELECT pg_describe_object(d.classid, d.objid, 0) || ': ' ||
	CASE d.classid
	WHEN 'pg_proc'::regclass THEN pg_get_functiondef(d.objid) || ' acl ' || coalesce(p.proacl::text, 'default')
	WHEN 'pg_class'::regclass THEN coalesce(c.relacl::text, 'default') || ' ' || coalesce((
		SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) ||
			CASE WHEN a.attnotnull THEN ' not null' ELSE '' END ||
			coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), ''), ', ' ORDER BY a.attnum)
		FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
		WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '') || ' ' || coalesce((
		SELECT string_agg(pg_get_constraintdef(k.oid), ', ' ORDER BY k.conname)
		FROM pg_constraint k WHERE k.conrelid = c.oid), '') || ' ' || coalesce((
		SELECT string_agg(pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text, ', ' ORDER BY t.tgname)
		FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal), '')
	ELSE '' END
FROM pg_depend d
LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
LEFT JOIN pg_class c ON d.classid = 'pg_class'::regclass AND c.oid = d.objid
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
	AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'orm')
ORDER BY 1;
SELECT 'config', array(SELECT x::regclass::text FROM pg_extension, unnest(extconfig) x
	WHERE extname = 'orm' ORDER BY 1), extcondition, extversion FROM pg_extension WHERE extname = 'orm';
"
fresh_db orm_ext_old && fresh_db orm_ext_new || exit 1
got=$(psql_any orm_ext_old <<EOF
CREATE EXTENSION orm VERSION '0.1';
SELECT 'old', extversion FROM pg_extension WHERE extname = 'orm';
SELECT 'declared', orm_declare('$model') IS NOT NULL;
SELECT 'created', orm_create_all() IS NOT NULL;
ALTER EXTENSION orm UPDATE;
SELECT 'selected after update', orm_select('select(User)');
SELECT 'explain after update', orm_explain('select(User)') LIKE '%Scan on x_users%';
EOF
)
echo "$got" > "$out/update.out"
expect "0.1 installs" "old|0.1" "$got"
expect "ALTER EXTENSION orm UPDATE: the stored declarations still read" "selected after update|[]" "$got"
expect "ALTER EXTENSION orm UPDATE: 0.2's functions" "explain after update|t" "$got"
psql_db -d orm_ext_old -c "SELECT orm_drop_all()" -c "DELETE FROM orm_registry" >/dev/null
psql_db -d orm_ext_new -c "CREATE EXTENSION orm" >/dev/null
psql_db -d orm_ext_old -c "$describe" > "$out/objects_updated.txt" 2>&1
psql_db -d orm_ext_new -c "$describe" > "$out/objects_fresh.txt" 2>&1
if [ -s "$out/objects_fresh.txt" ] && grep -q "orm_explain" "$out/objects_fresh.txt" &&
	diff -u "$out/objects_fresh.txt" "$out/objects_updated.txt" > "$out/objects.diff"; then
	ok "0.1 updated has the objects of 0.2 fresh ($(wc -l < "$out/objects_fresh.txt") members compared)"
else
	bad "0.1 updated differs from 0.2 fresh" "$(head -40 "$out/objects.diff")"
fi
psql_db -d orm_ext_old -c '\dx+ orm' > "$out/dx_updated.txt" 2>&1
psql_db -d orm_ext_new -c '\dx+ orm' > "$out/dx_fresh.txt" 2>&1
if [ -s "$out/dx_fresh.txt" ] && diff -u "$out/dx_fresh.txt" "$out/dx_updated.txt" > "$out/dx.diff"; then
	ok "\\dx+ orm: the same objects"
else
	bad "\\dx+ orm differs" "$(head -20 "$out/dx.diff")"
fi

# ---- 3. what a plain role needs to declare -------------------------------------
db=orm_ext_roles
fresh_db $db || exit 1
model2=${model/title: Mapped\[str\]/title: Mapped[str]
    body: Mapped[str]}
got=$(psql_any $db <<EOF
CREATE EXTENSION orm;
DROP ROLE IF EXISTS orm_ext_declarer;
DROP ROLE IF EXISTS orm_ext_inserter;
DROP ROLE IF EXISTS orm_ext_nobody;
CREATE ROLE orm_ext_declarer;
CREATE ROLE orm_ext_inserter;
CREATE ROLE orm_ext_nobody;
SELECT orm_grant_declare('orm_ext_declarer');
GRANT INSERT ON orm_registry TO orm_ext_inserter;
GRANT USAGE ON SEQUENCE orm_registry_id_seq TO orm_ext_inserter;
SET ROLE orm_ext_declarer;
SELECT 'granted', orm_declare('$model') IS NOT NULL;
SELECT 'granted', orm_declare('$model') IS NOT NULL;
SELECT 'granted', orm_declare('$model2') IS NOT NULL;
SELECT 'granted rows', count(*) FROM orm_registry;
RESET ROLE;
DELETE FROM orm_registry;
SET ROLE orm_ext_inserter;
SELECT 'inserter', orm_declare('$model') IS NOT NULL;
SELECT 'inserter', orm_declare('$model') IS NOT NULL;
SELECT 'inserter', orm_declare('$model2') IS NOT NULL;
SELECT 'inserter rows', count(*) FROM orm_registry;
SELECT 'inserter sees', orm_compile('select(Post.body)') IS NOT NULL;
RESET ROLE;
SET ROLE orm_ext_nobody;
SELECT orm_declare('class Extra(Base):
    __tablename__ = "x_extra"
    id: Mapped[int] = mapped_column(primary_key=True)');
\\echo nobody :LAST_ERROR_SQLSTATE
RESET ROLE;
DELETE FROM orm_registry;
DROP ROLE orm_ext_declarer;
DROP ROLE orm_ext_inserter;
DROP ROLE orm_ext_nobody;
EOF
)
echo "$got" > "$out/roles.out"
expect "orm_grant_declare: the role declares; again and edited, one row" "granted rows|1" "$got"
expect "INSERT and USAGE only: declares, an edited module added" "inserter rows|2" "$got"
expect "INSERT and USAGE only: the newest declaration wins" "inserter sees|t" "$got"
expect "no privilege: refused with 42501" "nobody 42501" "$got"

# ---- 4. orm.echo reaches the client ---------------------------------------------
db=orm_ext_echo
fresh_db $db || exit 1
got=$(psql_any $db <<EOF
CREATE EXTENSION orm;
SELECT orm_declare('$model') IS NOT NULL;
SELECT orm_create_all() IS NOT NULL;
BEGIN;
SET LOCAL orm.echo = on;
SELECT 'in', orm_select('select(User).where(User.username == "alice")');
COMMIT;
SELECT 'after', orm_select('select(Post)');
SHOW orm.echo;
EOF
)
echo "$got" > "$out/echo.out"
expect "orm.echo: a NOTICE to the client, with the parameters" 'NOTICE:  orm: SELECT "x_users"."id", "x_users"."username" FROM "x_users" WHERE "x_users"."username" = $1' "$got"
expect "orm.echo: the parameters" "[parameters: ('alice',)]" "$got"
if grep -q 'orm: SELECT "x_posts"' <<<"$got"; then
	bad "SET LOCAL orm.echo: ends with the transaction" "$got"
else
	ok "SET LOCAL orm.echo: ends with the transaction"
fi

# ---- 5. make installcheck --------------------------------------------------------
if [ -n "${PG_CONFIG:-}" ]; then
	if PGHOST=$ORM_PG_HOST PGPORT=$ORM_PG_PORT PGUSER=$ORM_PG_USER \
		make --no-print-directory -s installcheck REGRESS=errors_codes > "$out/installcheck.log" 2>&1 &&
		grep -q "All 1 tests passed" "$out/installcheck.log"; then
		ok "make installcheck (REGRESS=errors_codes) against this server"
	else
		bad "make installcheck" "$(tail -20 "$out/installcheck.log")"
	fi
else
	bad "make installcheck: PG_CONFIG is not set (run through make check)"
fi

for d in orm_ext_schema orm_ext_old orm_ext_new orm_ext_roles orm_ext_echo; do
	psql_db -d postgres -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1
done
echo "pg ext: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
