--
-- selectin_pieces: an orm_select of more than 100 objects (SQLite: 500)
-- whose selectin loads are collections, each class once in the plan (R1's
-- shape), is loaded and written that many root objects at a time, what each
-- piece read given back before the next (README "Speed").  Its text is what one load of the
-- whole graph writes: the same statement with joinedload() for the first
-- level (a joined load is never written in pieces) gives the same text, and
-- so does a shape that is not pieced (a class twice in the plan).  Users
-- without posts, posts without comments, a NULL entity in an outer join.
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

pc_post_tags = Table("pc_post_tags", Base.metadata,
    Column("post_id", ForeignKey("pc_posts.id"), primary_key=True),
    Column("tag_id", ForeignKey("pc_tags.id"), primary_key=True))

class PcUser(Base):
    __tablename__ = "pc_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    posts: Mapped[list["PcPost"]] = relationship(back_populates="author")

class PcPost(Base):
    __tablename__ = "pc_posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("pc_users.id"))
    title: Mapped[str] = mapped_column(String(40))
    author: Mapped[PcUser] = relationship(back_populates="posts")
    comments: Mapped[list["PcComment"]] = relationship(order_by="PcComment.body.desc()")
    tags: Mapped[list["PcTag"]] = relationship(secondary=pc_post_tags)

class PcComment(Base):
    __tablename__ = "pc_comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("pc_posts.id"))
    body: Mapped[str] = mapped_column(String(40))

class PcTag(Base):
    __tablename__ = "pc_tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

-- 600 users; a seventh without posts; 3 posts each; 2 comments a post but
-- every fifth post (their order by body: no NULLs and no ties, which the
-- joined and the selectin statements leave to the engine); 2 of 9 tags a
-- post
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9)
INSERT INTO pc_tags (id, name) SELECT i, 'tag ' || i FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
INSERT INTO pc_users (id, name) SELECT i, 'user "' || i || '"' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1800)
INSERT INTO pc_posts (id, user_id, title)
SELECT i, (i - 1) / 3 + 1, 'post ' || i FROM n WHERE ((i - 1) / 3 + 1) % 7 <> 0;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3600)
INSERT INTO pc_comments (id, post_id, body)
SELECT i, (i + 1) / 2, 'comment ' || (10000 + i * 7 % 3600) FROM n
WHERE ((i + 1) / 2) % 5 <> 0 AND ((i + 1) / 2) IN (SELECT id FROM pc_posts);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1800)
INSERT INTO pc_post_tags (post_id, tag_id)
SELECT i, i % 9 + 1 FROM n WHERE i IN (SELECT id FROM pc_posts)
UNION ALL SELECT i, (i + 4) % 9 + 1 FROM n WHERE i IN (SELECT id FROM pc_posts);

-- R1's shape, in pieces; its length and its start
SELECT length(CAST(orm_select('select(PcUser).order_by(PcUser.id).options(
  selectinload(PcUser.posts).selectinload(PcPost.comments),
  selectinload(PcUser.posts).selectinload(PcPost.tags))') AS TEXT)) AS r1_length;
SELECT substr(CAST(orm_select('select(PcUser).order_by(PcUser.id.desc()).options(
  selectinload(PcUser.posts).selectinload(PcPost.comments),
  selectinload(PcUser.posts).selectinload(PcPost.tags))') AS TEXT), 1, 400) AS r1_start;

-- the same text as one load: the first level joined
SELECT CAST(orm_select('select(PcUser).order_by(PcUser.id).options(
  selectinload(PcUser.posts).selectinload(PcPost.comments),
  selectinload(PcUser.posts).selectinload(PcPost.tags))') AS TEXT) =
  CAST(orm_select('select(PcUser).order_by(PcUser.id).options(
  joinedload(PcUser.posts).selectinload(PcPost.comments),
  joinedload(PcUser.posts).selectinload(PcPost.tags))') AS TEXT) AS r1_same;
SELECT CAST(orm_select('select(PcPost).where(PcPost.id > 20).order_by(PcPost.id).options(
  selectinload(PcPost.comments), selectinload(PcPost.tags))') AS TEXT) =
  CAST(orm_select('select(PcPost).where(PcPost.id > 20).order_by(PcPost.id).options(
  joinedload(PcPost.comments), joinedload(PcPost.tags))') AS TEXT) AS posts_same;
-- a NULL entity (users without posts, outer joined) where one load writes it
SELECT CAST(orm_select('select(PcPost).select_from(PcUser).outerjoin(PcUser.posts)
  .order_by(PcUser.id, PcPost.id).options(selectinload(PcPost.comments))') AS TEXT) =
  CAST(orm_select('select(PcPost).select_from(PcUser).outerjoin(PcUser.posts)
  .order_by(PcUser.id, PcPost.id).options(joinedload(PcPost.comments))') AS TEXT) AS null_same;
SELECT substr(CAST(orm_select('select(PcPost).select_from(PcUser).outerjoin(PcUser.posts)
  .order_by(PcUser.id, PcPost.id).options(selectinload(PcPost.comments))') AS TEXT), 1, 300)
  AS null_start;
-- a class twice (PcPost.author back to PcUser): one load, as before
SELECT length(CAST(orm_select('select(PcUser).order_by(PcUser.id).options(
  selectinload(PcUser.posts).selectinload(PcPost.author))') AS TEXT)) AS twice_length;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
