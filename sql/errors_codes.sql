--
-- errors_codes: the error table of docs/reference.md ("Errors"), one
-- mistake per row, on both engines: its message here, its SQLSTATE on
-- PostgreSQL (psql's LAST_ERROR_SQLSTATE, echoed after each; psql also
-- draws the position), its SQLite result code in the shell's "(N)" (the
-- primary code; SQLITE_ERROR shows none).  The extended SQLite codes and
-- the exception classes drivers raise are checked by
-- test/clients/sqlite3_errors.py; the same mistakes.
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
class Base(DeclarativeBase):
    pass
class User(Base):
    __tablename__ = "ec_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    email: Mapped[str]
    posts: Mapped[list["Post"]] = relationship(back_populates="author")
class Post(Base):
    __tablename__ = "ec_posts"
    __table_args__ = (CheckConstraint("views >= 0", name="ck_ec_posts_views"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    views: Mapped[int] = mapped_column(default=0)
    author_id: Mapped[int] = mapped_column(ForeignKey("ec_users.id"))
    author: Mapped["User"] = relationship(back_populates="posts")
class Doc(Base):
    __tablename__ = "ec_docs"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(nullable=False)
    __mapper_args__ = {"version_id_col": version_id}
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"username": "alice", "email": "a@example.com"}},
                   {"op": "add", "entity": "Doc", "data": {}}]') IS NOT NULL AS added;

-- 1. declaration text that does not parse: 42601 syntax_error
SELECT orm_declare('class Tag(Base)
    id: Mapped[int] = mapped_column(primary_key=True)');
\echo :LAST_ERROR_SQLSTATE
-- 2. an unknown type in a declaration: 42704 undefined_object
SELECT orm_declare('class Tag(Base):
    __tablename__ = "ec_tags"
    id: Mapped[int] = mapped_column(Integr, primary_key=True)');
\echo :LAST_ERROR_SQLSTATE
-- 3. a relationship to a class nobody declared: 42P01, with the nearest name
SELECT orm_declare('class Tag(Base):
    __tablename__ = "ec_tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("ec_posts.id"))
    post: Mapped["Pots"] = relationship()');
\echo :LAST_ERROR_SQLSTATE
-- 4. a declaration SQLAlchemy refuses: 42P17 invalid_object_definition
SELECT orm_declare('class Tag(Base):
    __tablename__ = "ec_tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[dict]');
\echo :LAST_ERROR_SQLSTATE
-- 5. query text that does not parse: 42601
SELECT orm_select('select(User).where(User.id == ');
\echo :LAST_ERROR_SQLSTATE
-- 6. an unknown class (entity) in a query: 42P01 undefined_table
SELECT orm_select('select(Usr)');
\echo :LAST_ERROR_SQLSTATE
-- 7. an unknown attribute: 42703 undefined_column
SELECT orm_select('select(User).where(User.usrname == "alice")');
\echo :LAST_ERROR_SQLSTATE
-- 8. an unknown relationship in a loader option: 42703
SELECT orm_select('select(User).options(selectinload(User.psts))');
\echo :LAST_ERROR_SQLSTATE
-- 9. an unknown method: 42883 undefined_function
SELECT orm_select('select(User).wher(User.id == 1)');
\echo :LAST_ERROR_SQLSTATE
-- the hint knows every method, not only the common ones
SELECT orm_select('select(User).where(User.id == 1).correlate_exept(User)');
\echo :LAST_ERROR_SQLSTATE
-- 10. valid syntax, not a valid statement: 42000
SELECT orm_select('select(User.id).order_by(1)');
\echo :LAST_ERROR_SQLSTATE
-- 11. what orm does not do: 0A000 feature_not_supported
SELECT orm_select('select(User).where(text("id = 1"))');
\echo :LAST_ERROR_SQLSTATE
-- 12. parameters that are not JSON: 22P02 (PostgreSQL's json type says so first)
SELECT orm_select('select(User).where(User.id == n)', '{"n": ');
\echo :LAST_ERROR_SQLSTATE
-- 13. a value not in its column's format: 22P02 invalid_text_representation
SELECT orm_flush('[{"op": "add", "entity": "Post", "data": {"title": "x", "views": "many", "author_id": 1}}]');
\echo :LAST_ERROR_SQLSTATE
-- 14. a changes document of the wrong shape: 22023 invalid_parameter_value
SELECT orm_flush('{"op": "add"}');
\echo :LAST_ERROR_SQLSTATE
-- 15. an unknown entity in a flush: 42P01
SELECT orm_flush('[{"op": "add", "entity": "Uzer", "data": {}}]');
\echo :LAST_ERROR_SQLSTATE
-- 16. an unknown attribute in a flush: 42703
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"username": "bob", "emial": "b@example.com"}}]');
\echo :LAST_ERROR_SQLSTATE
-- 17. a NOT NULL attribute left out: 23502 not_null_violation
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"username": "bob"}}]');
\echo :LAST_ERROR_SQLSTATE
-- 18. a unique value taken: 23505 unique_violation (the engine's error)
SELECT orm_flush('[{"op": "add", "entity": "User", "data": {"username": "alice", "email": "b@example.com"}}]');
\echo :LAST_ERROR_SQLSTATE
-- 19. a CHECK constraint: 23514 check_violation (the engine's error)
SELECT orm_flush('[{"op": "add", "entity": "Post", "data": {"title": "x", "views": -1, "author_id": 1}}]');
\echo :LAST_ERROR_SQLSTATE
-- 20. a foreign key to no row: 23503 foreign_key_violation on PostgreSQL; SQLite
--     checks foreign keys only where the connection says PRAGMA foreign_keys = ON
--     (test/clients/sqlite3_errors.py), so here the row goes in
SELECT orm_flush('[{"op": "add", "entity": "Post", "data": {"title": "x", "author_id": 99}}]') IS NOT NULL AS added;
\echo :LAST_ERROR_SQLSTATE
DELETE FROM ec_posts;
-- 21. an update of a row that is not there: P0002 no_data_found
SELECT orm_flush('[{"op": "update", "entity": "User", "key": 99, "data": {"email": "x"}}]');
\echo :LAST_ERROR_SQLSTATE
-- 22. a stale version_id_col: 40001 serialization_failure (retry with fresh data)
SELECT orm_flush('[{"op": "update", "entity": "Doc", "key": 1, "data": {"version_id": 7}}]');
\echo :LAST_ERROR_SQLSTATE
-- 23. orm_get of an unknown entity: 42P01
SELECT orm_get('Usr', '1');
\echo :LAST_ERROR_SQLSTATE

-- nothing of the failed calls is stored
SELECT count(*) AS users FROM ec_users;
SELECT count(*) AS stored FROM orm_registry;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
