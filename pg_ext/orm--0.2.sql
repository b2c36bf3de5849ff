/*
 * orm--0.2.sql -- install script of the orm extension, version 0.2 (what
 * CREATE EXTENSION orm installs; orm--0.1--0.2.sql brings a 0.1 install to
 * the same objects).
 *
 * The registry: one row per stored declaration (orm_declare) or listener
 * (orm_listen), the source as given; a declaration that redeclares every
 * name of a stored one replaces it, an identical one changes nothing
 * (session.c, "Keeping the registry small").  Every session parses the
 * stored sources (cached per backend until the rows change).  Marked with
 * pg_extension_config_dump so pg_dump keeps the declarations.
 *
 * Every function runs with the caller's rights (SECURITY INVOKER, the
 * default, spelled out): table privileges and row-level security apply to
 * what the ORM reads and writes.  None is STRICT where an argument may be
 * NULL by design; a NULL required argument gives NULL.
 *
 * The functions find orm_registry in the extension's own schema, never
 * through the caller's search_path (orm_pg.c, "registry stamp"), so
 * CREATE EXTENSION orm SCHEMA x works with x off the path.  This script
 * names its own objects @extschema@.name, so nothing in it depends on the
 * search_path it runs with.  Each row
 * records the role that wrote it (registrar, set by the row trigger): a
 * listener runs only while its registrar has the TRIGGER privilege on the
 * entity's table (README "Trust model").
 */

\echo Use "CREATE EXTENSION orm" to load this file. \quit

CREATE TABLE @extschema@.orm_registry (
	id bigserial PRIMARY KEY,
	token bigint NOT NULL,
	source text NOT NULL,
	declared_at timestamptz DEFAULT pg_catalog.now(),
	registrar text				-- the role that wrote the row (orm_registry_row)
);

-- Every call reads the registry, so every role may; declaring (INSERT) is
-- for the owner and whom it grants to.
GRANT SELECT ON @extschema@.orm_registry TO PUBLIC;

-- Every write to the registry (orm_declare, orm_listen, or by hand) sends a
-- relcache invalidation that each backend's cached registry listens for, so
-- a call with an unchanged registry reads nothing to know it (orm_pg.c).
CREATE FUNCTION @extschema@.orm_registry_changed() RETURNS trigger
	AS 'MODULE_PATHNAME', 'orm_sql_registry_changed' LANGUAGE C;
CREATE TRIGGER orm_registry_changed
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.orm_registry
	FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.orm_registry_changed();
ALTER TABLE @extschema@.orm_registry ENABLE ALWAYS TRIGGER orm_registry_changed;

-- Every row written records its writer: current_user, whatever the row says
-- (only a superuser may keep a registrar it gives, as a pg_dump restore
-- does); an UPDATE also renews the row's token (orm_pg.c).
CREATE FUNCTION @extschema@.orm_registry_row() RETURNS trigger
	AS 'MODULE_PATHNAME', 'orm_sql_registry_row' LANGUAGE C;
CREATE TRIGGER orm_registry_row
	BEFORE INSERT OR UPDATE ON @extschema@.orm_registry
	FOR EACH ROW EXECUTE FUNCTION @extschema@.orm_registry_row();
ALTER TABLE @extschema@.orm_registry ENABLE ALWAYS TRIGGER orm_registry_row;

SELECT pg_catalog.pg_extension_config_dump('@extschema@.orm_registry', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.orm_registry_id_seq', '');

CREATE FUNCTION @extschema@.orm_declare(source text) RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_declare'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_create_all() RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_create_all'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_drop_all() RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_drop_all'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_ddl() RETURNS text
	AS 'MODULE_PATHNAME', 'orm_sql_ddl'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_select(query text, params json DEFAULT NULL) RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_select'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_get(entity text, key json, options text DEFAULT NULL) RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_get'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_compile(query text, params json DEFAULT NULL) RETURNS text
	AS 'MODULE_PATHNAME', 'orm_sql_compile'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_flush(changes json, result text DEFAULT 'objects') RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_flush'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_execute(stmt text, params json DEFAULT NULL) RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_execute'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_automap(schema text DEFAULT NULL) RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_automap'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_view(name text, query text) RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_view'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_listen(entity text, event text, fn text) RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_listen'
	LANGUAGE C VOLATILE SECURITY INVOKER;

-- New in 0.2 (orm--0.1--0.2.sql adds the same two).
-- The plan of every statement orm_select would run (EXPLAIN, or EXPLAIN
-- ANALYZE: the statements run).
CREATE FUNCTION @extschema@.orm_explain(query text, params json DEFAULT NULL,
		"analyze" boolean DEFAULT false) RETURNS text
	AS 'MODULE_PATHNAME', 'orm_sql_explain'
	LANGUAGE C VOLATILE SECURITY INVOKER;

-- What a role needs to declare, in one call by the registry's owner: INSERT,
-- UPDATE and DELETE on orm_registry (a declaration replaces the rows it
-- redeclares) and USAGE on its sequence.
CREATE FUNCTION @extschema@.orm_grant_declare(role name) RETURNS void
	AS 'MODULE_PATHNAME', 'orm_sql_grant_declare'
	LANGUAGE C VOLATILE STRICT SECURITY INVOKER;

-- Migrations (Alembic's workflow): the scripts, one row each in the order
-- they were added, kept by pg_dump like the registry.  The database's
-- version is Alembic's own alembic_version table, created by the first
-- orm_upgrade or orm_stamp in the caller's schema.
CREATE TABLE @extschema@.orm_migrations (
	id bigserial PRIMARY KEY,
	revision varchar(32) NOT NULL UNIQUE,
	source text NOT NULL,
	added_at timestamptz DEFAULT pg_catalog.now()
);
GRANT SELECT ON @extschema@.orm_migrations TO PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('@extschema@.orm_migrations', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.orm_migrations_id_seq', '');

CREATE FUNCTION @extschema@.orm_revision(message text, autogenerate boolean DEFAULT true) RETURNS text
	AS 'MODULE_PATHNAME', 'orm_sql_revision'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_migration_add(script text) RETURNS text
	AS 'MODULE_PATHNAME', 'orm_sql_migration_add'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_upgrade(target text DEFAULT 'head') RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_upgrade'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_downgrade(target text) RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_downgrade'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_current() RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_current'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_history() RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_history'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_stamp(target text) RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_stamp'
	LANGUAGE C VOLATILE SECURITY INVOKER;
