#!/usr/bin/env bash
# test/pg_snapshot.sh -- under READ COMMITTED, every statement of one
# orm_select / orm_get (the main statement, each selectin level) reads one
# snapshot, so an object graph never mixes two commits (README "Engines").
#
# Run by test/run_pg.sh (whole suite) against its throwaway cluster, with
# ORM_PG_BINDIR, ORM_PG_HOST, ORM_PG_PORT, ORM_PG_USER (and ORM_PG_RUNAS)
# in the environment.
#
# A writer session commits, in a loop, transactions that each add 1 to a
# user's counter and to the counter of every one of its posts (so in any
# committed state a user's posts carry the user's counter), and to a
# "stamp" row counting its commits.  Meanwhile a reader session runs, each
# in its own statement (a fresh READ COMMITTED snapshot each time):
#   orm_select(select(User).options(selectinload(User.posts),
#              selectinload(User.tags)))                          x 400
#   orm_get(User, 1, selectinload(User.posts)), the writer then
#     updating user 1 only                                        x 200
#   the same select .with_for_update() (each in its own transaction) x 100
# and counts torn results: a post (or tag link) whose counter differs from
# its user's.  Checks: no torn result of each kind, and the writer really
# committed during each phase (else nothing was shown).  Without the
# snapshot (each statement with its own, as before) the select phase finds
# torn results in most runs and the get phase in some (checked by hand; the
# locking phase is consistent either way: FOR UPDATE waits for the writer).
#
# Prints "pg snapshot: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
: "${ORM_PG_BINDIR:?}" "${ORM_PG_HOST:?}" "${ORM_PG_PORT:?}" "${ORM_PG_USER:?}"
db=orm_snapshot
out=build/pg_snapshot
rm -rf "$out"
mkdir -p "$out"
pass=0
fail=0

ok() { echo "ok      snapshot: $1"; pass=$((pass + 1)); }
bad() { echo "FAILED  snapshot: $1"; fail=$((fail + 1)); }

runas=()
if [ -n "${ORM_PG_RUNAS:-}" ]; then runas=(runuser -u "$ORM_PG_RUNAS" --); fi
psql_db() {
	"${runas[@]}" "$ORM_PG_BINDIR/psql" -X -q -A -t -v ON_ERROR_STOP=1 \
		-h "$ORM_PG_HOST" -p "$ORM_PG_PORT" -U "$ORM_PG_USER" "$@"
}

psql_db -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" \
	-c "CREATE DATABASE $db" >/dev/null || exit 1
if ! psql_db -d "$db" > "$out/setup.log" 2>&1 <<'EOF'
CREATE EXTENSION orm;
SELECT orm_declare('from sqlalchemy import Column, ForeignKey, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
user_tags = Table("user_tags", Base.metadata,
    Column("user_id", ForeignKey("users.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True))
class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    counter: Mapped[int]
    posts: Mapped[list["Post"]] = relationship(back_populates="author")
    tags: Mapped[list["Tag"]] = relationship(secondary=user_tags)
class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    counter: Mapped[int]
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    author: Mapped["User"] = relationship(back_populates="posts")
class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    counter: Mapped[int]
') IS NOT NULL;
SELECT orm_create_all() IS NOT NULL;
-- 20 users x 10 posts; tag k belongs to user k only
INSERT INTO users SELECT g, 0 FROM generate_series(1, 20) g;
INSERT INTO posts SELECT g, 0, (g - 1) / 10 + 1 FROM generate_series(1, 200) g;
INSERT INTO tags SELECT g, 0 FROM generate_series(1, 20) g;
INSERT INTO user_tags SELECT g, g FROM generate_series(1, 20) g;
-- the writer's commit count; stop; how many users it cycles through
CREATE TABLE stamp (commits bigint NOT NULL, stop boolean NOT NULL, nusers int NOT NULL);
INSERT INTO stamp VALUES (0, false, 20);

-- the writer: one committed transaction per step, until stopped
CREATE PROCEDURE writer() LANGUAGE plpgsql AS $$
DECLARE
	i bigint := 0;
	k int;
BEGIN
	LOOP
		k := i % (SELECT nusers FROM stamp) + 1;
		UPDATE users SET counter = counter + 1 WHERE id = k;
		UPDATE posts SET counter = counter + 1 WHERE author_id = k;
		UPDATE tags SET counter = counter + 1 WHERE id = k;
		UPDATE stamp SET commits = commits + 1;
		COMMIT;
		i := i + 1;
		EXIT WHEN (SELECT stop FROM stamp) OR i > 2000000;
	END LOOP;
END $$;

-- torn: users of a result whose posts or tags carry another counter
CREATE FUNCTION torn(r json) RETURNS int LANGUAGE sql AS $$
	SELECT count(*)::int FROM json_array_elements(r) u
	WHERE EXISTS (SELECT 1 FROM json_array_elements(u->'posts') p
				  WHERE (p->>'counter')::int <> (u->>'counter')::int)
	   OR EXISTS (SELECT 1 FROM json_array_elements(COALESCE(u->'tags', '[]')) t
				  WHERE (t->>'counter')::int <> (u->>'counter')::int)
$$;
EOF
then
	cat "$out/setup.log"
	bad "setup"
	echo "pg snapshot: $pass passed, $fail failed"
	exit 1
fi

# one reader phase: SQL statements run one by one (psql autocommit: each
# statement its own READ COMMITTED snapshot), between two readings of the
# writer's commit count
phase() {
	local name=$1 file=$2 torn commits
	psql_db -d "$db" -c "SELECT commits FROM stamp" > "$out/$name.before"
	psql_db -d "$db" -f "$file" > "$out/$name.log" 2>&1
	psql_db -d "$db" -c "SELECT commits FROM stamp" > "$out/$name.after"
	commits=$(($(cat "$out/$name.after") - $(cat "$out/$name.before")))
	torn=$(grep -cv '^0$' "$out/$name.log")
	if [ "$commits" -ge 20 ]; then
		ok "$name: the writer committed $commits times meanwhile"
	else
		bad "$name: the writer committed only $commits times meanwhile"
	fi
	if [ "$torn" -eq 0 ] && [ "$(grep -c '^0$' "$out/$name.log")" -gt 0 ]; then
		ok "$name: $(grep -c '^0$' "$out/$name.log") results, none torn"
	else
		bad "$name: $torn torn results (or errors) of $(wc -l < "$out/$name.log")"
		grep -v '^0$' "$out/$name.log" | head -3 | sed 's/^/  /'
	fi
}

for ((i = 0; i < 400; i++)); do
	echo "SELECT torn(orm_select('select(User).options(selectinload(User.posts), selectinload(User.tags))'));"
done > "$out/select.sql"
# orm_get reads user 1, which the writer then updates in every commit
for ((i = 0; i < 200; i++)); do
	echo "SELECT torn(json_build_array(orm_get('User', '1', 'selectinload(User.posts)')));"
done > "$out/get.sql"
for ((i = 0; i < 100; i++)); do
	echo "BEGIN;"
	echo "SELECT torn(orm_select('select(User).options(selectinload(User.posts)).with_for_update()'));"
	echo "COMMIT;"
done > "$out/locking.sql"

psql_db -d "$db" -c "CALL writer()" > "$out/writer.log" 2>&1 &
writer=$!
# the writer is running before the readers start
for ((w = 0; w < 300; w++)); do
	[ "$(psql_db -d "$db" -c "SELECT commits > 0 FROM stamp")" = t ] && break
	sleep 0.01
done
phase "orm_select with selectin loads" "$out/select.sql"
psql_db -d "$db" -c "UPDATE stamp SET nusers = 1" >/dev/null
phase "orm_get with a selectin load" "$out/get.sql"
psql_db -d "$db" -c "UPDATE stamp SET nusers = 20" >/dev/null
phase "orm_select with_for_update" "$out/locking.sql"
psql_db -d "$db" -c "UPDATE stamp SET stop = true" >/dev/null
wait "$writer" || { bad "the writer failed"; cat "$out/writer.log"; }

psql_db -d postgres -c "DROP DATABASE $db" >/dev/null
echo "pg snapshot: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
