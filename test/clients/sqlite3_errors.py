"""test/clients/sqlite3_errors.py -- the error table of docs/reference.md
("Errors") as Python's sqlite3 sees it: for each mistake of
sql/errors_codes.sql, the exception class Python raises (from SQLite's
primary result code) and the extended code (sqlite_errorname, Python 3.11+).

Run by test/clients/run.sh sqlite from the repository root (./orm.so).
Prints "ok ..." per mistake; exits 1 when one differs.
"""
import json
import sqlite3
import sys

MODELS = '''
from sqlalchemy import CheckConstraint, ForeignKey, String
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
'''


def flush(*ops):
    return ("SELECT orm_flush(?)", (json.dumps(list(ops)),))


# (what, (sql, args), exception class, extended code)
MISTAKES = [
    ("declaration syntax", ("SELECT orm_declare(?)", ("class Tag(Base)\n    id: int",)),
     "OperationalError", "SQLITE_ERROR"),
    ("unknown type", ("SELECT orm_declare(?)", ('class Tag(Base):\n    __tablename__ = "t"\n'
                                                 '    id: Mapped[int] = mapped_column(Integr, primary_key=True)',)),
     "OperationalError", "SQLITE_ERROR"),
    ("query syntax", ("SELECT orm_select('select(User).where(User.id == ')", ()),
     "OperationalError", "SQLITE_ERROR"),
    ("unknown entity", ("SELECT orm_select('select(Usr)')", ()), "OperationalError", "SQLITE_ERROR"),
    ("unknown attribute", ("SELECT orm_select('select(User).where(User.usrname == 1)')", ()),
     "OperationalError", "SQLITE_ERROR"),
    ("unknown method", ("SELECT orm_select('select(User).wher(User.id == 1)')", ()),
     "OperationalError", "SQLITE_ERROR"),
    ("not supported", ("SELECT orm_select('select(User).where(text(\"1\"))')", ()),
     "OperationalError", "SQLITE_ERROR"),
    ("params not JSON", ("SELECT orm_select('select(User)', '{\"n\": ')", ()),
     "IntegrityError", "SQLITE_MISMATCH"),
    ("value not in its column's format",
     flush({"op": "add", "entity": "Post", "data": {"title": "x", "views": "many", "author_id": 1}}),
     "IntegrityError", "SQLITE_MISMATCH"),
    ("changes of the wrong shape", ("SELECT orm_flush('{\"op\": \"add\"}')", ()),
     "OperationalError", "SQLITE_ERROR"),
    ("NOT NULL", flush({"op": "add", "entity": "User", "data": {"username": "bob"}}),
     "IntegrityError", "SQLITE_CONSTRAINT_NOTNULL"),
    ("UNIQUE", flush({"op": "add", "entity": "User", "data": {"username": "alice", "email": "b"}}),
     "IntegrityError", "SQLITE_CONSTRAINT_UNIQUE"),
    ("CHECK", flush({"op": "add", "entity": "Post", "data": {"title": "x", "views": -1, "author_id": 1}}),
     "IntegrityError", "SQLITE_CONSTRAINT_CHECK"),
    ("FOREIGN KEY (with PRAGMA foreign_keys = ON)",
     flush({"op": "add", "entity": "Post", "data": {"title": "x", "author_id": 99}}),
     "IntegrityError", "SQLITE_CONSTRAINT_FOREIGNKEY"),
    ("no such row", flush({"op": "update", "entity": "User", "key": 99, "data": {"email": "x"}}),
     "InternalError", "SQLITE_NOTFOUND"),
    ("stale version", flush({"op": "update", "entity": "Doc", "key": 1, "data": {"version_id": 7}}),
     "OperationalError", "SQLITE_ABORT"),
    ("orm_get of an unknown entity", ("SELECT orm_get('Usr', '1')", ()), "OperationalError", "SQLITE_ERROR"),
]


def main():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.enable_load_extension(True)
    conn.load_extension("./orm")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("SELECT orm_declare(?)", (MODELS,))
    conn.execute("SELECT orm_create_all()")
    conn.execute(*flush({"op": "add", "entity": "User", "data": {"username": "alice", "email": "a"}},
                        {"op": "add", "entity": "Doc", "data": {}}))
    failed = 0
    for what, (sql, args), cls, code in MISTAKES:
        try:
            conn.execute(sql, args).fetchall()
            got = ("no error", "")
        except sqlite3.Error as e:
            got = (type(e).__name__, getattr(e, "sqlite_errorname", "?"))
        if got == (cls, code):
            print(f"ok      {what}: {cls} {code}")
        else:
            print(f"FAILED  {what}: want {cls} {code}, got {got[0]} {got[1]}")
            failed += 1
    # nothing of the failed calls was written
    users = conn.execute("SELECT count(*) FROM ec_users").fetchone()[0]
    if users != 1:
        print(f"FAILED  the failed flushes wrote rows: {users} users")
        failed += 1
    return 1 if failed else 0


sys.exit(main())
