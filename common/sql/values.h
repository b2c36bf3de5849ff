/*
 * values.h -- converting values between the API's JSON forms, the engine's
 * stored forms, and result JSON.
 *
 * Input  (params, flush data, keys):  JSON value + column type  -> OrmValue to bind
 * Output (query results, flush echo): OrmValue from engine + type -> JSON text
 *
 * Stored forms are what SQLAlchemy 2.0 writes for the same model on the same
 * engine (see docs/reference.md "Results and values"):
 *   Enum       member NAME (value when enum_by_value), native enum on PostgreSQL
 *   Uuid       native on PostgreSQL; 32 lowercase hex chars on SQLite
 *   DateTime   PostgreSQL timestamp; SQLite text "YYYY-MM-DD HH:MM:SS.ffffff"
 *              (SQLAlchemy's SQLite DATETIME storage format, microseconds always)
 *   Date       "YYYY-MM-DD";  Time: "HH:MM:SS.ffffff" on SQLite
 *   Boolean    PostgreSQL boolean; SQLite integer 1/0
 *   JSON       text, serialized as Python's json.dumps does (", " and ": ")
 *   LargeBinary bytes (input "\\x0a0b")
 *   Numeric    the decimal digits, unchanged
 * Result JSON forms are in docs/reference.md "Results and values".
 */
#ifndef ORM_VALUES_H
#define ORM_VALUES_H

#include "base/util.h"
#include "base/host.h"
#include "base/json.h"
#include "decl/registry.h"
#include "sql/dialect.h"

/*
 * JSON input value -> bound parameter for a column of type t (t NULL or
 * ORM_T_UNKNOWN: by the JSON kind alone).  Returns -1 with err (ORM_ERR_PARAM,
 * "invalid value for Enum PostStatus: \"x\"") on a value that does not fit.
 */
int			orm_value_from_json(OrmArena *a, const OrmDialect *d, const JsonValue *in,
								const OrmType *t, OrmParam *out, OrmError *err);

/* The same for a value given as text in input form (enum value, ISO datetime, ...). */
int			orm_value_from_text(OrmArena *a, const OrmDialect *d, const char *s, size_t n,
								const OrmType *t, OrmParam *out, OrmError *err);

/*
 * Engine value -> result JSON, appended to out.  t is the column/expression
 * type when known (NULL otherwise: formatted by v->kind alone).
 */
void		orm_value_to_json(OrmBuf *out, const OrmDialect *d, const OrmValue *v,
							  const OrmType *t);

/*
 * Whether an engine value can be read back as its type, as SQLAlchemy's
 * result processor reads it: a stored string that is none of an Enum's
 * (an unknown member) is SQLAlchemy's LookupError ("'x' is not among the
 * defined enum values. Enum name: ..., Possible values: ...");
 * ORM_ERR_INVALID_VALUE here; so is a number for a Date/DateTime/Time type (SQLite
 * CAST AS DATE: SQLAlchemy's fromisoformat() TypeError).  0, or -1 with err set.
 */
int			orm_value_check_read(const OrmValue *v, const OrmType *t, OrmError *err);

/*
 * Whether a value about to be written (a bound parameter of this module) and
 * the value stored (as the engine returned it) are the same Python value for
 * a column of type t, as SQLAlchemy's attribute history compares them: equal
 * numbers whatever their digits (7.5 and 7.50), equal instants of
 * timestamps with a zone, equal JSON documents whatever their key order.
 * The flush leaves such a column out of UPDATE, as SQLAlchemy does.
 */
bool		orm_value_same(OrmArena *a, const OrmDialect *d, const OrmValue *x,
						   const OrmValue *y, const OrmType *t);

/*
 * A value's identity text for a column of type t, appended to out: two
 * values give one text exactly when they are one Python value for that
 * column, as SQLAlchemy's identity map compares keys -- whatever their
 * spelling or form (given or stored, bound or read back, either engine):
 * numbers by value (1, 1.0, "1.00", true for an Integer or Numeric key),
 * datetimes and times by instant (with or without a fraction; with an
 * offset, as UTC), dates by day, UUIDs by their 32 hex digits (any case,
 * with or without dashes, or 16 bytes).  Text and bytes as they are.
 * Never SQL; the text is for comparing only.
 */
void		orm_value_key(OrmBuf *out, const OrmValue *v, const OrmType *t);
/* Whether x and y have one orm_value_key, without writing them, when both
 * are text of a type that has no canonical form (String, Text, Enum, ...):
 * 1 or 0; -1 when that is not so (build the keys) */
int			orm_value_key_text_eq(const OrmValue *x, const OrmValue *y, const OrmType *t);

/*
 * A value as a person reads it, the way Python's repr shows it: None, 1,
 * True, 1.5, and text as is or, with quote_text, in single quotes ('alice';
 * bytes as <N bytes>).  For messages and the orm.echo log, never for SQL.
 */
void		orm_value_repr(OrmBuf *out, const OrmValue *v, bool quote_text);

/* Python json.dumps-compatible serialization of a JSON DOM (for JSON columns). */
void		orm_json_dumps(OrmBuf *out, const JsonValue *v);

#endif							/* ORM_VALUES_H */
