/*
 * json.h -- a small JSON reader into an arena DOM, and JSON writing helpers.
 *
 * Used for orm_select params, orm_get keys, orm_flush changes and anything the
 * core reads back as JSON.  Objects keep key order (the flush echoes objects
 * "nested as given").  Numbers keep their text so Numeric digits survive.
 * Errors name the offset as "line L, column C" of the JSON text.
 */
#ifndef ORM_JSON_H
#define ORM_JSON_H

#include "base/util.h"

typedef enum JsonKind
{
	JSON_NULL = 0,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
} JsonKind;

typedef struct JsonValue JsonValue;

/*
 * 48 bytes (a flush's changes are mostly these): a number's values and a
 * container's arrays share their place, so ival/dval are read only of a
 * NUMBER and items/keys only of an ARRAY or OBJECT (n is 0 otherwise).
 */
struct JsonValue
{
	unsigned char kind;			/* JsonKind */
	bool		is_int;			/* NUMBER without fraction/exponent that fits int64 */
	bool		exact;			/* ARRAY/OBJECT as parsed: its arrays hold n, no more */
	int			n;				/* ARRAY/OBJECT element count */
	const char *str;			/* STRING: decoded UTF-8; NUMBER: the text as written */
	size_t		len;
	union
	{
		struct					/* NUMBER */
		{
			int64_t		ival;
			double		dval;
		};
		struct					/* ARRAY, OBJECT */
		{
			JsonValue **items;	/* ARRAY elements / OBJECT values */
			const char **keys;	/* OBJECT keys (decoded, NUL-terminated) */
		};
	};
	size_t	   *keylens;
};

/* Parses text (length n) into a DOM; NULL and err (ORM_ERR_PARAM) on bad JSON. */
JsonValue  *json_parse(OrmArena *a, const char *text, size_t n, OrmError *err);

/*
 * json_parse, calling poll(arg) every JSON_POLL_EVERY values: a nonzero
 * return (err set by poll: the host's cancel) stops the parse with NULL.
 * For arguments that can be large (a flush's changes), so that a cancel
 * lands while they are read.
 */
#define JSON_POLL_EVERY 4096
JsonValue  *json_parse_polled(OrmArena *a, const char *text, size_t n,
							  int (*poll) (void *arg), void *arg, OrmError *err);

/*
 * json_parse_polled with the values in tree and the text's one copy in
 * keep: every string and number text of the result lives in keep, so tree
 * can be reset while they are still read (orm_flush frees its changes'
 * values after stage 1 and keeps the strings its objects point to).
 */
JsonValue  *json_parse_split(OrmArena *tree, OrmArena *keep, const char *text, size_t n,
							 int (*poll) (void *arg), void *arg, OrmError *err);

/*
 * A top-level array read one element at a time (orm_flush's changes: each
 * operation is organized and its values freed before the next is parsed).
 * json_stream_begin: NULL when the text (after white space) does not begin
 * with '[' (the caller parses it whole); else the stream, the text copied
 * once into keep as json_parse_split does.  json_stream_next: 1 with the
 * next element in *out, its values in tree (which the caller may release
 * after); 0 after the last, once the text after the array is checked; -1
 * on bad JSON (err set as json_parse would: the same first error, at the
 * same line and column) or a cancel from poll.  json_stream_rest: reads
 * the elements left into scratch (released as it goes) and the end: 0 when
 * the rest of the text is good JSON, else -1 with its error, which is the
 * one a whole parse would have given.
 */
typedef struct JsonStream JsonStream;
JsonStream *json_stream_begin(OrmArena *keep, const char *text, size_t n,
							  int (*poll) (void *arg), void *arg, OrmError *err);
int			json_stream_next(JsonStream *s, OrmArena *tree, JsonValue **out);
int			json_stream_rest(JsonStream *s, OrmArena *scratch);

/* Member of an object by key, or NULL (also NULL when v is not an object). */
JsonValue  *json_get(const JsonValue *v, const char *key);

/* Writes v back as compact JSON (numbers as written). */
void		json_write(OrmBuf *out, const JsonValue *v);

/*
 * How json_write_styled spells separators, strings and numbers: compact JSON
 * (json_write) and Python's json.dumps (values.c, for JSON columns) are two
 * styles of one writer.
 */
typedef struct JsonStyle
{
	const char *item_sep;		/* between array items / object members */
	const char *key_sep;		/* between a key and its value */
	void		(*str) (OrmBuf *out, const char *s, size_t n);
	void		(*num) (OrmBuf *out, const JsonValue *v);	/* NULL: as written */
} JsonStyle;

void		json_write_styled(OrmBuf *out, const JsonValue *v, const JsonStyle *st);

/* Convenience constructors for building DOMs in code. */
JsonValue  *json_new(OrmArena *a, JsonKind kind);
JsonValue  *json_new_string(OrmArena *a, const char *s, size_t n);
JsonValue  *json_new_int(OrmArena *a, int64_t v);
void		json_object_set(OrmArena *a, JsonValue *obj, const char *key, JsonValue *val); /* replaces */
void		json_array_push(OrmArena *a, JsonValue *arr, JsonValue *val);

#endif							/* ORM_JSON_H */
