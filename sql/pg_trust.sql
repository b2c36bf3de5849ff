--
-- pg_trust: what one role can make another run through orm (README "Trust
-- model").  The registry is found by the extension's schema, never through
-- the caller's search_path; a listener needs what CREATE TRIGGER needs, when
-- it is registered and every time it runs; its function is bound when it is
-- registered.  Roles orm_trust_*; all dropped at the end.
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

CREATE ROLE orm_trust_mallory;
CREATE ROLE orm_trust_alice;
GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO orm_trust_mallory, orm_trust_alice;
GRANT USAGE ON SEQUENCE notes_id_seq TO orm_trust_mallory, orm_trust_alice;
DO $$ BEGIN
	EXECUTE format('GRANT CREATE ON DATABASE %I TO orm_trust_mallory', current_database());
END $$;
-- what a hijacked call would leave behind
CREATE TABLE stolen (who text, how text);
GRANT INSERT ON stolen TO PUBLIC;

-- 1. Shadowing the registry.  Mallory may create schemas: she makes one
-- named after alice ("$user" comes first on the default search_path) with an
-- orm_registry of her own, the declarations copied and a listener added.
SET ROLE orm_trust_mallory;
CREATE SCHEMA orm_trust_alice;
GRANT USAGE ON SCHEMA orm_trust_alice TO PUBLIC;
CREATE TABLE orm_trust_alice.orm_registry (id bigserial PRIMARY KEY, token bigint,
	source text, declared_at timestamptz, registrar text);
GRANT SELECT ON orm_trust_alice.orm_registry TO PUBLIC;
INSERT INTO orm_trust_alice.orm_registry (token, source)
	SELECT token, source FROM public.orm_registry;
CREATE FUNCTION orm_trust_alice.steal(r json) RETURNS json LANGUAGE sql
	AS $$ INSERT INTO stolen VALUES (current_user, 'shadow registry') RETURNING NULL::json $$;
INSERT INTO orm_trust_alice.orm_registry (token, source)
	VALUES (42, E'#orm_listen\nNote\nbefore_insert\norm_trust_alice.steal');
RESET ROLE;
-- alice's calls read the extension's registry: nothing of mallory's runs
SET ROLE orm_trust_alice;
SELECT current_schemas(false) AS alice_path;
SELECT orm_flush('[{"op": "add", "entity": "Note", "data": {"body": "one"}}]');
SELECT orm_select('select(Note)');
RESET ROLE;
SELECT count(*) AS stolen FROM stolen;

-- 2. Listeners need the TRIGGER privilege on the entity's table.  Mallory
-- may write the registry, but not create triggers on notes.
CREATE FUNCTION public.trust_audit(r json) RETURNS json LANGUAGE sql
	AS $$ INSERT INTO stolen VALUES (current_user, 'trust_audit') RETURNING NULL::json $$;
GRANT INSERT, UPDATE ON public.orm_registry TO orm_trust_mallory;
GRANT USAGE ON SEQUENCE public.orm_registry_id_seq TO orm_trust_mallory;
SET ROLE orm_trust_mallory;
SELECT orm_listen('Note', 'after_insert', 'trust_audit');
-- a listener row written by hand records its writer, whatever it claims
INSERT INTO public.orm_registry (token, source, registrar)
	VALUES (7, E'#orm_listen\nNote\nafter_insert\npublic.trust_audit', 'postgres');
RESET ROLE;
SELECT registrar FROM public.orm_registry WHERE source LIKE '#orm_listen%';
-- an UPDATE makes a row its writer's and renews its token (so every cache sees it)
CREATE TEMP TABLE before_update AS SELECT id, token FROM public.orm_registry;
SET ROLE orm_trust_mallory;
UPDATE public.orm_registry SET source = source WHERE source NOT LIKE '#orm_listen%';
RESET ROLE;
SELECT r.registrar, r.token <> b.token AS new_token
	FROM public.orm_registry r JOIN before_update b USING (id) WHERE r.source NOT LIKE '#orm_listen%';
DROP TABLE before_update;
-- so alice's flush does not run it: the flush fails and writes nothing
SET ROLE orm_trust_alice;
SELECT orm_flush('[{"op": "add", "entity": "Note", "data": {"body": "two"}}]');
RESET ROLE;
SELECT count(*) AS notes, (SELECT count(*) FROM stolen) AS stolen FROM notes;
DELETE FROM public.orm_registry WHERE source LIKE '#orm_listen%';

-- 3. With TRIGGER on notes, mallory may register it, as she could create a
-- trigger; it runs with the flusher's rights, as a trigger would.  The
-- function is bound when registered: stored schema-qualified.
GRANT TRIGGER ON notes TO orm_trust_mallory;
SET ROLE orm_trust_mallory;
SELECT orm_listen('Note', 'after_insert', 'trust_audit');
-- a function of the same name earlier on alice's search_path changes nothing
CREATE FUNCTION orm_trust_alice.trust_audit(r json) RETURNS json LANGUAGE sql
	AS $$ INSERT INTO stolen VALUES (current_user, 'shadow function') RETURNING NULL::json $$;
RESET ROLE;
SET ROLE orm_trust_alice;
SELECT orm_flush('[{"op": "add", "entity": "Note", "data": {"body": "three"}}]') IS NOT NULL AS flushed;
RESET ROLE;
SELECT who, how FROM stolen;
-- mallory loses TRIGGER: her listener stops running, and flushes fail until
-- it is granted again or the listener's row is deleted
REVOKE TRIGGER ON notes FROM orm_trust_mallory;
SET ROLE orm_trust_alice;
SELECT orm_flush('[{"op": "add", "entity": "Note", "data": {"body": "four"}}]');
RESET ROLE;
DELETE FROM public.orm_registry WHERE source LIKE '#orm_listen%';
SET ROLE orm_trust_alice;
SELECT orm_flush('[{"op": "add", "entity": "Note", "data": {"body": "four"}}]') IS NOT NULL AS flushed;
RESET ROLE;
SELECT count(*) AS notes, (SELECT count(*) FROM stolen) AS stolen FROM notes;

-- 4. orm_listen asks what CREATE TRIGGER asks: the table exists, the
-- function exists as f(json) and the caller may execute it
GRANT TRIGGER ON notes TO orm_trust_mallory;
CREATE FUNCTION public.trust_secret(r json) RETURNS json LANGUAGE sql AS $$ SELECT r $$;
REVOKE EXECUTE ON FUNCTION public.trust_secret(json) FROM PUBLIC;
CREATE FUNCTION public.trust_text(r text) RETURNS json LANGUAGE sql AS $$ SELECT NULL::json $$;
SET ROLE orm_trust_mallory;
SELECT orm_listen('Note', 'after_insert', 'trust_secret');
SELECT orm_listen('Note', 'after_insert', 'trust_text');
SELECT orm_listen('Note', 'after_insert', 'no_schema.trust_audit');
SELECT orm_listen('Note', 'after_insert', 'a.b.c');
RESET ROLE;
SELECT orm_declare('from sqlalchemy.orm import Mapped, mapped_column
class Draft(Base):
    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
') IS NOT NULL AS declared;
SELECT orm_listen('Draft', 'after_insert', 'trust_audit');

-- 5. The extension in a schema off everyone's search_path works as well
CREATE DATABASE orm_trust_elsewhere;
\c orm_trust_elsewhere
CREATE SCHEMA ormx;
CREATE EXTENSION orm SCHEMA ormx;
SET search_path = public;
SELECT ormx.orm_declare('from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
') IS NOT NULL AS declared;
SELECT ormx.orm_create_all();
SELECT ormx.orm_flush('[{"op": "add", "entity": "Item", "data": {"name": "elsewhere"}}]');
SELECT ormx.orm_select('select(Item)');
SELECT ormx.orm_get('Item', '1');
-- the registry named on the path is not the extension's
CREATE TABLE public.orm_registry (id bigint, token bigint, source text, registrar text);
SELECT ormx.orm_select('select(Item)');
\c contrib_regression
DROP DATABASE orm_trust_elsewhere;

-- cleanup
SELECT orm_drop_all() IS NOT NULL AS dropped;
DELETE FROM orm_registry;
DROP TABLE stolen;
DROP FUNCTION public.trust_audit(json);
DROP FUNCTION public.trust_secret(json);
DROP FUNCTION public.trust_text(text);
DROP SCHEMA orm_trust_alice CASCADE;
REVOKE ALL ON public.orm_registry FROM orm_trust_mallory;
REVOKE ALL ON SEQUENCE public.orm_registry_id_seq FROM orm_trust_mallory;
DROP OWNED BY orm_trust_mallory, orm_trust_alice;
DROP ROLE orm_trust_mallory;
DROP ROLE orm_trust_alice;
