--
-- query_async_session: repository code written for an AsyncSession (the guide's
-- apps8 chapter): `await session.execute(stmt)`, `(await session.scalars(...)).all()`,
-- `await session.get(...)` return what the Session's calls return; a lazy load in
-- such a text is SQLAlchemy's MissingGreenlet (IO outside greenlet_spawn), a
-- many-to-one whose key is None is None without IO; `await` of anything but a method
-- call is refused at its line and column.  Checked against SQLAlchemy 2.0.52's
-- AsyncSession (aiosqlite, psycopg 3) on the same data.
--
\pset format unaligned

SELECT orm_declare('from typing import Optional
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Chatter(Base):
    __tablename__ = "as_chatter"
    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(20))
    posts: Mapped[list["Line"]] = relationship(back_populates="author", order_by="Line.id")


class Line(Base):
    __tablename__ = "as_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("as_chatter.id"))
    reply_to_id: Mapped[Optional[int]] = mapped_column(ForeignKey("as_line.id"))
    body: Mapped[str] = mapped_column(String(20))
    author: Mapped[Chatter] = relationship(back_populates="posts")
    reply_to: Mapped[Optional["Line"]] = relationship(remote_side=[id])
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
INSERT INTO as_chatter (id, handle) VALUES (1, 'ann'), (2, 'ben');
INSERT INTO as_line (id, author_id, reply_to_id, body) VALUES (1, 1, NULL, 'hi'), (2, 2, 1, 'hey'), (3, 1, 2, 'ok');

-- awaited session calls: what the Session's calls return
SELECT orm_select('result = await session.execute(select(Chatter).order_by(Chatter.id))
result.scalars().all()');
SELECT orm_select('(await session.scalars(select(Line.body).order_by(Line.id))).all()');
SELECT orm_select('await session.get(Chatter, 2)');
SELECT orm_select('await session.get(Chatter, 9)');
SELECT orm_select('await session.scalar(select(func.count(Line.id)))');
SELECT orm_select('(await session.execute(select(Chatter).options(selectinload(Chatter.posts)).where(Chatter.id == 1))).scalar_one()');
SELECT orm_select('(await session.execute(select(Chatter).options(joinedload(Chatter.posts)))).scalars().all()');
SELECT orm_select('(await session.execute(select(Chatter).where(Chatter.handle == ''zed''))).scalar_one()');
SELECT orm_select('c = await session.get(Chatter, 1, options=[selectinload(Chatter.posts)])
[p.body for p in c.posts]');
-- a lazy load: MissingGreenlet; without await the same text loads
SELECT orm_select('c = await session.get(Chatter, 1)
c.posts');
SELECT orm_select('c = session.get(Chatter, 1)
[p.body for p in c.posts]');
SELECT orm_select('line = (await session.scalars(select(Line).where(Line.id == 2))).one()
line.reply_to');
-- a many-to-one whose key is None: None, no IO
SELECT orm_select('line = (await session.scalars(select(Line).where(Line.id == 1))).one()
line.reply_to');
-- await of anything else: refused where it is written
SELECT orm_select('await select(Chatter)');
SELECT orm_select('x = 1
y = await x');
-- await applies to the whole chain: the coroutine has no scalars()
SELECT orm_select('await session.execute(select(Chatter)).scalars().all()');
SELECT orm_select('rows = await session.scalars(select(Line.body)).all()');
