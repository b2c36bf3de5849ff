--
-- pg_listen: mapper events on PostgreSQL, with listeners written in SQL and
-- plpgsql: a before_insert that changes the row, an after_insert that audits.
--
\pset format unaligned

SELECT orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str]
') IS NOT NULL AS declared;
SELECT orm_create_all() IS NOT NULL AS created;

CREATE TABLE audit (event text, row_json json);
CREATE FUNCTION note_trim(r json) RETURNS json LANGUAGE sql
	AS $$ SELECT json_build_object('id', r->'id', 'body', btrim(r->>'body')) $$;
CREATE FUNCTION note_audit(r json) RETURNS json LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO audit VALUES ('after_insert', r);
	RETURN r;
END $$;

SELECT orm_listen('Note', 'before_insert', 'note_trim');
SELECT orm_listen('Note', 'after_insert', 'note_audit');
SELECT orm_flush('[{"op": "add", "entity": "Note", "data": {"body": "  padded  "}}]');
SELECT id, body FROM notes;
SELECT event, row_json FROM audit;

-- a listener that raises makes the whole flush fail and leaves nothing
CREATE FUNCTION note_refuse(r json) RETURNS json LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'notes are closed';
END $$;
SELECT orm_listen('Note', 'before_insert', 'note_refuse');
SELECT orm_flush('[{"op": "add", "entity": "Note", "data": {"body": "late"}}]');
SELECT count(*) AS notes FROM notes;
SELECT count(*) AS audited FROM audit;

SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
DROP TABLE audit;
