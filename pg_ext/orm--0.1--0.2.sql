/*
 * orm--0.1--0.2.sql -- ALTER EXTENSION orm UPDATE TO '0.2' from 0.1.
 *
 * 0.2 adds two functions and orm_flush's result argument (a new signature:
 * the one-argument function is dropped, as an overload beside it would make
 * orm_flush(changes) ambiguous); the registry's rows and every other object stay
 * as they are (a declaration stored by 0.1 reads the same under 0.2).
 * test/pg_ext.sh checks that an updated 0.1 has exactly the objects of a
 * fresh 0.2 (pg_dump --schema-only of both, compared).
 */

\echo Use "ALTER EXTENSION orm UPDATE TO '0.2'" to load this file. \quit

CREATE FUNCTION @extschema@.orm_explain(query text, params json DEFAULT NULL,
		"analyze" boolean DEFAULT false) RETURNS text
	AS 'MODULE_PATHNAME', 'orm_sql_explain'
	LANGUAGE C VOLATILE SECURITY INVOKER;

CREATE FUNCTION @extschema@.orm_grant_declare(role name) RETURNS void
	AS 'MODULE_PATHNAME', 'orm_sql_grant_declare'
	LANGUAGE C VOLATILE STRICT SECURITY INVOKER;

DROP FUNCTION @extschema@.orm_flush(json);

CREATE FUNCTION @extschema@.orm_flush(changes json, result text DEFAULT 'objects') RETURNS json
	AS 'MODULE_PATHNAME', 'orm_sql_flush'
	LANGUAGE C VOLATILE SECURITY INVOKER;
