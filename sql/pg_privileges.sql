--
-- pg_privileges: every orm function runs with the caller's rights (SECURITY
-- INVOKER): table privileges and row-level security apply to what the ORM
-- reads and writes exactly as to the caller's own SQL.
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Doc(Base):
    __tablename__ = "docs"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str]
    body: Mapped[str]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;
SELECT orm_flush('[{"op": "add", "entity": "Doc", "data": {"owner": "orm_reader", "body": "mine"}},
                   {"op": "add", "entity": "Doc", "data": {"owner": "someone_else", "body": "theirs"}}]') IS NOT NULL AS added;

CREATE ROLE orm_reader;
CREATE ROLE orm_nobody;
GRANT SELECT, INSERT ON docs TO orm_reader;
GRANT USAGE ON SEQUENCE docs_id_seq TO orm_reader;
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_docs ON docs USING (owner = current_user) WITH CHECK (owner = current_user);

-- row-level security: the reader sees only its own row, through orm_select and orm_get
SET ROLE orm_reader;
SELECT orm_select('select(Doc).order_by(Doc.id)');
SELECT orm_get('Doc', '2');
-- a write the policy refuses fails, and nothing is written
SELECT orm_flush('[{"op": "add", "entity": "Doc", "data": {"owner": "someone_else", "body": "forged"}}]');
-- declaring needs INSERT on orm_registry, which only the owner has
SELECT orm_declare('x = 1');
RESET ROLE;

-- no table privilege: the ORM cannot read either
SET ROLE orm_nobody;
SELECT orm_select('select(Doc)');
RESET ROLE;

SELECT count(*) AS docs FROM docs;

DROP POLICY own_docs ON docs;
REVOKE ALL ON docs FROM orm_reader;
REVOKE ALL ON SEQUENCE docs_id_seq FROM orm_reader;
SELECT orm_drop_all() IS NOT NULL AS dropped;
DROP ROLE orm_reader;
DROP ROLE orm_nobody;
DELETE FROM orm_registry;
