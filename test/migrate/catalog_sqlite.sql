-- test/migrate/catalog_sqlite.sql -- the catalog of the main database as
-- data, one fact a line, sorted (test/migrate/run.sh compares two databases'
-- lines).  Columns, indexes and foreign keys come from the pragmas; what
-- SQLite keeps only in the CREATE TABLE text -- the names of constraints and
-- the text of CHECK constraints, a column's own CHECK -- is read from that text's top-level
-- elements (split at commas outside parentheses and quotes, white space
-- collapsed).  SQLite's automatic indexes are named by their columns (their
-- numbers follow the order of the constraints in the text).  Column order is
-- not compared.  The version table is Alembic's, the others orm's own.
WITH RECURSIVE
tables(name, sql) AS (
	SELECT name, sql FROM sqlite_master
	WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
		AND name NOT IN ('alembic_version', 'orm_registry', 'orm_migrations')
),
-- the CREATE TABLE text walked one character a step: depth of parentheses,
-- the open quote, the element so far; done is an element at its end
walk(name, sql, i, depth, q, cur, done) AS (
	SELECT name, sql, instr(sql, '(') + 1, 1, '', '', NULL FROM tables
	UNION ALL
	SELECT name, sql, i + 1,
		CASE WHEN q <> '' THEN depth
			WHEN substr(sql, i, 1) = '(' THEN depth + 1
			WHEN substr(sql, i, 1) = ')' THEN depth - 1 ELSE depth END,
		CASE WHEN q = '' AND substr(sql, i, 1) IN ('''', '"', '`') THEN substr(sql, i, 1)
			WHEN q <> '' AND substr(sql, i, 1) = q THEN '' ELSE q END,
		CASE WHEN q = '' AND depth = 1 AND substr(sql, i, 1) IN (',', ')') THEN ''
			ELSE cur || substr(sql, i, 1) END,
		CASE WHEN q = '' AND depth = 1 AND substr(sql, i, 1) IN (',', ')') THEN cur END
	FROM walk WHERE i <= length(sql) AND depth > 0
),
elements(name, e) AS (
	SELECT name, trim(replace(replace(replace(done, char(10), ' '), char(9), ' '), char(13), ' '))
	FROM walk WHERE done IS NOT NULL
),
squeezed(name, e) AS (
	SELECT name, e FROM elements
	UNION ALL
	SELECT name, replace(e, '  ', ' ') FROM squeezed WHERE instr(e, '  ') > 0
),
table_constraints(name, e) AS (
	SELECT name, e FROM squeezed
	WHERE instr(e, '  ') = 0 AND (upper(e) LIKE 'CONSTRAINT %' OR upper(e) LIKE 'CHECK%'
		OR upper(e) LIKE 'UNIQUE%' OR upper(e) LIKE 'PRIMARY KEY%'
		OR upper(e) LIKE 'FOREIGN KEY%')
),
-- the name of a CONSTRAINT clause ends at its closing quote, or at a space
split(name, e, nlen) AS (
	SELECT name, e,
		CASE WHEN upper(e) NOT LIKE 'CONSTRAINT %' THEN 0
			WHEN substr(e, 12, 1) = '"' THEN instr(substr(e, 13), '"') + 1
			ELSE instr(substr(e, 12) || ' ', ' ') - 1 END
	FROM table_constraints
),
-- (table, constraint name or -, the clause after the name)
named(name, cname, body) AS (
	SELECT name, CASE WHEN nlen > 0 THEN substr(e, 12, nlen) ELSE '-' END,
		CASE WHEN nlen > 0 THEN trim(substr(e, 12 + nlen)) ELSE e END
	FROM split
),
facts(line) AS (
	SELECT 'table ' || name FROM tables
	UNION ALL
	SELECT 'column ' || t.name || '.' || c.name || ' type=' || upper(c.type) ||
		' notnull=' || c."notnull" || ' default=' || COALESCE(c.dflt_value, '-') ||
		' pk=' || c.pk || ' hidden=' || c.hidden
	FROM tables t, pragma_table_xinfo(t.name) c
	UNION ALL
	-- a table constraint: its name and kind; a CHECK also its text
	SELECT 'constraint ' || name || ' ' || cname || ' ' ||
		CASE WHEN upper(body) LIKE 'CHECK%' THEN body
			WHEN upper(body) LIKE 'PRIMARY KEY%' THEN 'PRIMARY KEY'
			WHEN upper(body) LIKE 'UNIQUE%' THEN 'UNIQUE'
			WHEN upper(body) LIKE 'FOREIGN KEY%' THEN 'FOREIGN KEY' ||
				CASE WHEN upper(body) LIKE '%NOT DEFERRABLE%' THEN ' NOT DEFERRABLE'
					WHEN upper(body) LIKE '%DEFERRABLE%' THEN ' DEFERRABLE' ELSE '' END ||
				CASE WHEN upper(body) LIKE '%INITIALLY DEFERRED%' THEN ' INITIALLY DEFERRED'
					ELSE '' END
			ELSE body END
	FROM named
	UNION ALL
	-- a column with a CHECK of its own (Column(..., CheckConstraint(...))): its clause
	SELECT 'column_check ' || name || ' ' || e FROM squeezed
	WHERE instr(e, '  ') = 0 AND instr(upper(e), ' CHECK') > 0
		AND NOT (upper(e) LIKE 'CONSTRAINT %' OR upper(e) LIKE 'CHECK%'
			OR upper(e) LIKE 'UNIQUE%' OR upper(e) LIKE 'PRIMARY KEY%'
			OR upper(e) LIKE 'FOREIGN KEY%')
	UNION ALL
	SELECT 'index ' || t.name || ' ' ||
		CASE WHEN il.origin = 'c' THEN il.name ELSE '(' || il.origin || ')' END ||
		' unique=' || il."unique" || ' partial=' || il.partial || ' columns=' ||
		(SELECT group_concat(COALESCE(ii.name, '<expr>') || CASE ii."desc" WHEN 1 THEN ' DESC' ELSE '' END, ',')
		 FROM (SELECT * FROM pragma_index_xinfo(il.name) WHERE key = 1 ORDER BY seqno) ii)
	FROM tables t, pragma_index_list(t.name) il
	UNION ALL
	SELECT 'index_sql ' || t.name || ' ' || m.sql
	FROM tables t JOIN sqlite_master m ON m.type = 'index' AND m.tbl_name = t.name
	WHERE m.sql IS NOT NULL AND (m.sql LIKE '%WHERE%' OR m.sql LIKE '%(%(%')
	UNION ALL
	SELECT 'foreign_key ' || t.name || ' (' ||
		(SELECT group_concat("from", ',') FROM (SELECT * FROM pragma_foreign_key_list(t.name) f2
			WHERE f2.id = f.id ORDER BY seq)) || ') -> ' || f."table" || ' (' ||
		(SELECT group_concat("to", ',') FROM (SELECT * FROM pragma_foreign_key_list(t.name) f2
			WHERE f2.id = f.id ORDER BY seq)) || ') on_update=' || f.on_update ||
		' on_delete=' || f.on_delete || ' match=' || f."match"
	FROM tables t, pragma_foreign_key_list(t.name) f WHERE f.seq = 0
)
SELECT line FROM facts ORDER BY line;
