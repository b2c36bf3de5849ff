/*
 * test_callcache.c -- the per-connection call cache (session/callcache.c):
 * its bound (entries, bytes; least recently used out first), entries too
 * large never kept, freshness (registry and parse cache generations), and
 * through the API: repeated orm_select / orm_get calls fill it, a warm call
 * gives the cold result, many distinct texts stay within the bound.
 */
#include "check.h"
#include "testlib.h"
#include "session/callcache.h"

#include <stdio.h>

/*
 * Stores key -> a copy of key, built in a pending entry of about size bytes
 * (the second build of the key: the first is not kept).
 */
static bool
put(OrmCtx *ctx, const char *key, size_t size)
{
	OrmArena   *a = orm_callcache_start(ctx, key, strlen(key));
	char	   *v;

	if (!a)
		a = orm_callcache_start(ctx, key, strlen(key));
	if (!a)
		return false;
	v = orm_strdup(a, key);
	if (size > 0)
		(void) orm_alloc(a, size);
	if (!orm_callcache_store(ctx, v))
	{
		orm_callcache_abandon(ctx);
		return false;
	}
	return true;
}

static bool
has(OrmCtx *ctx, const char *key)
{
	const char *v = orm_callcache_find(ctx, key, strlen(key));

	return v && strcmp(v, key) == 0;
}

static void
test_bound(void)
{
	TlEnv		env;
	OrmCtx	   *ctx;
	char		key[32];
	size_t		bytes;
	bool		all = true;

	if (tl_env_open(&env, NULL) < 0)
	{
		CHECK(!"open");
		return;
	}
	ctx = tl_env_ctx(&env);
	CHECK(orm_callcache_find(ctx, "k0", 2) == NULL);
	/* admission: a key is kept the second time it is built */
	CHECK(orm_callcache_start(ctx, "once", 4) == NULL);
	CHECK(orm_callcache_start(ctx, "other", 5) == NULL);
	CHECK(orm_callcache_start(ctx, "once", 4) != NULL);
	orm_callcache_abandon(ctx);
	for (int i = 0; i < CC_MAX_ENTRIES; i++)
	{
		snprintf(key, sizeof(key), "k%d", i);
		all = put(ctx, key, 0) && all;
	}
	CHECK(all);
	CHECK(orm_callcache_count(&env.conn, NULL) == CC_MAX_ENTRIES);
	/* k0 used again: k1 is now the least recently used, and goes first */
	CHECK(has(ctx, "k0"));
	CHECK(put(ctx, "new1", 0));
	CHECK(orm_callcache_count(&env.conn, NULL) == CC_MAX_ENTRIES);
	CHECK(has(ctx, "k0"));
	CHECK(!has(ctx, "k1"));
	CHECK(has(ctx, "k2"));
	CHECK(has(ctx, "new1"));
	CHECK(put(ctx, "new2", 0));
	CHECK(!has(ctx, "k3"));		/* k2 was just used */
	CHECK(has(ctx, "k2"));
	/* a key is its bytes: a prefix is another key */
	CHECK(!has(ctx, "k"));
	CHECK(orm_callcache_find(ctx, "k2\0", 3) == NULL);

	/* an entry larger than CC_MAX_ENTRY_BYTES is not kept, nothing evicted for it */
	CHECK(!put(ctx, "huge", CC_MAX_ENTRY_BYTES + 1));
	CHECK(!has(ctx, "huge"));
	CHECK(orm_callcache_count(&env.conn, NULL) == CC_MAX_ENTRIES);

	/* bytes: large entries push the old ones out, the total stays under the bound */
	for (int i = 0; i < 40; i++)
	{
		snprintf(key, sizeof(key), "big%d", i);
		CHECK(put(ctx, key, CC_MAX_ENTRY_BYTES / 3));
		(void) orm_callcache_count(&env.conn, &bytes);
		CHECK(bytes <= CC_MAX_BYTES);
	}
	CHECK(has(ctx, "big39"));
	CHECK(!has(ctx, "big0"));
	CHECK(orm_callcache_count(&env.conn, NULL) < CC_MAX_ENTRIES);

	/* freshness: a registry rebuild or a parse cache restart empties it */
	CHECK(put(ctx, "r", 0));
	env.conn.reg_gen++;
	CHECK(!has(ctx, "r"));
	CHECK(orm_callcache_count(&env.conn, &bytes) == 0);
	CHECK(bytes == 0);
	CHECK(put(ctx, "p", 0));
	env.conn.parse_gen++;
	CHECK(!has(ctx, "p"));
	/* an entry whose build saw the registry move is not kept */
	{
		OrmArena   *a = orm_callcache_start(ctx, "moved", 5);

		CHECK(a == NULL);
		a = orm_callcache_start(ctx, "moved", 5);
		CHECK(a != NULL);
		env.conn.reg_gen++;
		CHECK(!orm_callcache_store(ctx, orm_strdup(a, "moved")));
		orm_callcache_abandon(ctx);
		CHECK(!has(ctx, "moved"));
	}
	/* a pending entry left behind (a call that never returned) is freed by the next start */
	CHECK(orm_callcache_start(ctx, "left", 4) == NULL);
	CHECK(orm_callcache_start(ctx, "left", 4) != NULL);
	CHECK(put(ctx, "after", 0));
	CHECK(has(ctx, "after"));
	tl_env_close(&env);
}

static const char *model =
	"from sqlalchemy import ForeignKey\n"
	"from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
	"class Base(DeclarativeBase):\n"
	"    pass\n"
	"class User(Base):\n"
	"    __tablename__ = 'users'\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    name: Mapped[str]\n"
	"    posts: Mapped[list['Post']] = relationship()\n"
	"class Post(Base):\n"
	"    __tablename__ = 'posts'\n"
	"    id: Mapped[int] = mapped_column(primary_key=True)\n"
	"    user_id: Mapped[int] = mapped_column(ForeignKey('users.id'))\n";

static void
test_api(void)
{
	TlEnv		env;
	char	   *out = NULL;
	char	   *cold;
	char		q[128];
	size_t		bytes;
	int			rc;

	if (tl_env_open(&env, NULL) < 0 || tl_env_api_declare(&env, model, true) < 0)
	{
		CHECK(!"declare");
		return;
	}
	tl_sql_rows(&env.host, "INSERT INTO users VALUES (1, 'a'), (2, 'b')", NULL);
	tl_sql_rows(&env.host, "INSERT INTO posts VALUES (1, 1), (2, 1), (3, 2)", NULL);
	rc = orm_api_get(&env.conn, tl_env_call(&env), "User", "1", "selectinload(User.posts)", &out, &env.err);
	CHECK(rc == 0);
	cold = strdup(out ? out : "");
	CHECK_STR(cold, "{\"id\":1,\"name\":\"a\",\"posts\":[{\"id\":1,\"user_id\":1},{\"id\":2,\"user_id\":1}]}");
	CHECK(orm_callcache_count(&env.conn, NULL) == 0);	/* kept the second time */
	for (int i = 0; i < 3; i++)
	{
		rc = orm_api_get(&env.conn, tl_env_call(&env), "User", "1", "selectinload(User.posts)", &out, &env.err);
		CHECK(rc == 0 && strcmp(out, cold) == 0);
		CHECK(orm_callcache_count(&env.conn, NULL) == 1);
	}
	rc = orm_api_get(&env.conn, tl_env_call(&env), "User", "2", "selectinload(User.posts)", &out, &env.err);
	CHECK(rc == 0);
	CHECK_STR(out, "{\"id\":2,\"name\":\"b\",\"posts\":[{\"id\":3,\"user_id\":2}]}");
	CHECK(orm_callcache_count(&env.conn, NULL) == 1);
	free(cold);

	/* many distinct texts, each twice: the cache stays within its bound, each result right */
	for (int i = 0; i < 2 * (CC_MAX_ENTRIES + 16); i++)
	{
		int			k = i / 2;

		snprintf(q, sizeof(q), "select(User.id).where(User.id == %d)", k % 3);
		snprintf(q + strlen(q), sizeof(q) - strlen(q), ".limit(%d)", k + 1);
		rc = orm_api_select(&env.conn, tl_env_call(&env), q, NULL, &out, &env.err);
		CHECK(rc == 0);
		CHECK_STR(out, k % 3 == 0 ? "[]" : k % 3 == 1 ? "[{\"id\":1}]" : "[{\"id\":2}]");
	}
	CHECK(orm_callcache_count(&env.conn, &bytes) == CC_MAX_ENTRIES);
	CHECK(bytes <= CC_MAX_BYTES);
	tl_env_close(&env);
	CHECK(orm_callcache_count(&env.conn, NULL) == 0);
}

int
main(void)
{
	test_bound();
	test_api();
	CHECK_DONE();
}
