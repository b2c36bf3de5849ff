-- test/migrate/catalog_pg.sql -- the catalog of the current schema (and of
-- other user schemas, their objects written schema.name) as data,
-- one fact a line, sorted (test/migrate/run.sh compares two databases'
-- lines).  Everything a migration can change: tables and their comments;
-- columns with type, nullability, default, identity, generated expression and
-- comment; constraints (primary key, unique, check, foreign key) with their
-- names and definitions; indexes; sequences of their own; enum types and
-- their labels.  Column order
-- is not compared (a column added by a migration comes last).  The version
-- table is Alembic's, and the extension's own tables are not the model's.
WITH ext AS (
	SELECT d.objid FROM pg_catalog.pg_depend d
	WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype = 'e'
),
-- the schemas compared: the current one, and others a model names (schema=),
-- whose relations are written schema.name
ns AS (
	SELECT n.oid, CASE WHEN n.oid = pg_catalog.current_schema()::regnamespace THEN ''
		ELSE n.nspname || '.' END AS prefix
	FROM pg_catalog.pg_namespace n
	WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
)
SELECT line FROM (
	SELECT 'table ' || (SELECT prefix FROM ns WHERE ns.oid = c.relnamespace) || c.relname || ' comment=' ||
		COALESCE(pg_catalog.obj_description(c.oid, 'pg_class'), '-') AS line
	FROM pg_catalog.pg_class c
	WHERE c.relnamespace IN (SELECT oid FROM ns) AND c.relkind = 'r'
		AND c.relname <> 'alembic_version' AND c.oid NOT IN (SELECT objid FROM ext)
	UNION ALL
	SELECT 'column ' || (SELECT prefix FROM ns WHERE ns.oid = c.relnamespace) || c.relname || '.' || a.attname ||
		' type=' || pg_catalog.format_type(a.atttypid, a.atttypmod) ||
		' notnull=' || a.attnotnull ||
		' default=' || COALESCE(CASE WHEN a.attgenerated = ''
			THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END, '-') ||
		' identity=' || COALESCE(NULLIF(a.attidentity::text, '') || (SELECT
			'(start ' || s.seqstart || ' increment ' || s.seqincrement || ' min ' || s.seqmin ||
			' max ' || s.seqmax || ' cache ' || s.seqcache || ' cycle ' || s.seqcycle || ')'
			FROM pg_catalog.pg_depend dep JOIN pg_catalog.pg_sequence s ON s.seqrelid = dep.objid
			WHERE dep.refobjid = c.oid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'
				AND dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass), '-') ||
		' generated=' || COALESCE(CASE WHEN a.attgenerated <> ''
			THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END, '-') ||
		' comment=' || COALESCE(pg_catalog.col_description(c.oid, a.attnum), '-')
	FROM pg_catalog.pg_attribute a
	JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
	LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
	WHERE c.relnamespace IN (SELECT oid FROM ns) AND c.relkind = 'r'
		AND c.relname <> 'alembic_version' AND c.oid NOT IN (SELECT objid FROM ext) AND a.attnum > 0 AND NOT a.attisdropped
	UNION ALL
	SELECT 'constraint ' || (SELECT prefix FROM ns WHERE ns.oid = c.relnamespace) || c.relname || ' ' || con.conname || ' ' || con.contype::text || ' ' ||
		pg_catalog.pg_get_constraintdef(con.oid, true)
	FROM pg_catalog.pg_constraint con
	JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
	WHERE c.relnamespace IN (SELECT oid FROM ns)
		AND c.relname <> 'alembic_version' AND c.oid NOT IN (SELECT objid FROM ext)
	UNION ALL
	SELECT 'index ' || (SELECT prefix FROM ns WHERE ns.oid = c.relnamespace) || c.relname || ' ' || i.relname || ' ' ||
		pg_catalog.pg_get_indexdef(ix.indexrelid, 0, true)
	FROM pg_catalog.pg_index ix
	JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
	JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid
	WHERE c.relnamespace IN (SELECT oid FROM ns)
		AND c.relname <> 'alembic_version' AND c.oid NOT IN (SELECT objid FROM ext)
	UNION ALL
	-- a sequence of its own (Sequence(): not a SERIAL's or an identity's)
	SELECT 'sequence ' || (SELECT prefix FROM ns WHERE ns.oid = c.relnamespace) || c.relname || ' (start ' || s.seqstart || ' increment ' ||
		s.seqincrement || ' min ' || s.seqmin || ' max ' || s.seqmax || ' cache ' ||
		s.seqcache || ' cycle ' || s.seqcycle || ')'
	FROM pg_catalog.pg_sequence s
	JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
	WHERE c.relnamespace IN (SELECT oid FROM ns)
		AND c.oid NOT IN (SELECT objid FROM ext)
		AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.objid = c.oid
			AND dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.deptype IN ('a', 'i'))
	UNION ALL
	SELECT 'enum ' || (SELECT prefix FROM ns WHERE ns.oid = t.typnamespace) || t.typname || ' ' ||
		(SELECT pg_catalog.string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
		 FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)
	FROM pg_catalog.pg_type t
	WHERE t.typnamespace IN (SELECT oid FROM ns) AND t.typtype = 'e'
) facts
ORDER BY line COLLATE "C";
