-- test/demo/blog.sql -- the seed's blog application on SQLite, through the
-- orm functions: run by `make demo` (test/demo/run.sh) from the top directory.
-- Each query prints what the seed's Python prints, built from the JSON result.
.headers off
.mode list

.print "=== orm_declare(test/demo/blog_models.py): the seed's model module, verbatim ==="
SELECT orm_declare(readfile('test/demo/blog_models.py'));
.print
.print "=== orm_create_all() ==="
SELECT orm_create_all();
.print

.print "=== create_sample_data() ==="
SELECT orm_flush('[
  {"op": "add", "entity": "User", "data": {"username": "alice", "email": "alice@example.com", "display_name": "Alice"}},
  {"op": "add", "entity": "User", "data": {"username": "bob", "email": "bob@example.com", "display_name": "Bob"}},
  {"op": "add", "entity": "Tag", "data": {"name": "python"}},
  {"op": "add", "entity": "Tag", "data": {"name": "sqlalchemy"}},
  {"op": "add", "entity": "Tag", "data": {"name": "tutorial"}}
]') ->> '$.counts';
SELECT orm_flush('[
  {"op": "add", "entity": "Post", "data": {"title": "Getting Started with SQLAlchemy 2.0", "slug": "getting-started-sqlalchemy-2",
    "body": "SQLAlchemy 2.0 introduces a modern API...", "status": "published",
    "author": {"id": 1}, "tags": [{"id": 1}, {"id": 2}, {"id": 3}]}},
  {"op": "add", "entity": "Post", "data": {"title": "Advanced Querying Techniques", "slug": "advanced-querying",
    "body": "In this post we explore subqueries, CTEs...", "status": "draft",
    "author": {"id": 1}, "tags": [{"id": 2}]}},
  {"op": "add", "entity": "Post", "data": {"title": "Python Best Practices", "slug": "python-best-practices",
    "body": "Here are some best practices for Python...", "status": "published",
    "author": {"id": 2}, "tags": [{"id": 1}]}}
]') ->> '$.counts';
SELECT orm_flush('[
  {"op": "add", "entity": "Comment", "data": {"body": "Great article!", "post": {"id": 1}, "author": {"id": 2},
    "replies": [{"body": "Thanks Bob!", "post": {"id": 1}, "author": {"id": 1}}]}}
]') ->> '$.counts';
.print

.print "=== All users with their posts ==="
SELECT u.value ->> 'username' || ': ' ||
       (SELECT json_group_array(p.value ->> 'title') FROM json_each(u.value -> 'posts') p)
  FROM json_each(orm_select('select(User).options(selectinload(User.posts))')) u;

.print
.print "=== Published posts by alice ==="
SELECT '  ' || (p.value ->> 'title') || ' (' || (p.value ->> 'status') || ')'
  FROM json_each(orm_select('(
            select(Post)
            .join(Post.author)
            .where(User.username == "alice")
            .where(Post.status == PostStatus.PUBLISHED)
            .order_by(Post.created_at.desc())
        )')) p;

.print
.print "=== Post count per user ==="
SELECT '  ' || (r.value ->> 'username') || ': ' || (r.value ->> 'post_count') || ' posts'
  FROM json_each(orm_select('(
            select(User.username, func.count(Post.id).label("post_count"))
            .join(User.posts)
            .group_by(User.username)
            .order_by(func.count(Post.id).desc())
        )')) r;

.print
.print "=== Posts tagged 'python' ==="
SELECT '  ' || (p.value ->> 'title') || ' by ' || (p.value -> 'author' ->> 'username') || ' [' ||
       (SELECT group_concat(t.value ->> 'name', ', ') FROM json_each(p.value -> 'tags') t) || ']'
  FROM json_each(orm_select('(
            select(Post)
            .join(Post.tags)
            .where(Tag.name == "python")
            .options(selectinload(Post.tags), selectinload(Post.author))
        )')) p;

.print
.print "=== Users with published posts ==="
SELECT '  ' || (u.value ->> 'username')
  FROM json_each(orm_select('subq = (
            select(Post.author_id)
            .where(Post.status == PostStatus.PUBLISHED)
            .distinct()
            .subquery()
        )
stmt = select(User).where(User.id.in_(select(subq.c.author_id)))')) u;

.print
.print "=== Comments with replies ==="
SELECT '  ' || (c.value -> 'author' ->> 'username') || ': ' || (c.value ->> 'body') ||
       coalesce((SELECT group_concat(char(10) || '    -> ' || (r.value ->> 'body'), '')
                   FROM json_each(c.value -> 'replies') r), '')
  FROM json_each(orm_select('(
            select(Comment)
            .where(Comment.parent_id.is_(None))
            .options(
                selectinload(Comment.replies),
                selectinload(Comment.author),
            )
        )')) c;

.print
.print "=== update_example(): alice's display_name; draft posts archived ==="
SELECT orm_flush('[{"op": "update", "entity": "User", "key": 1, "data": {"display_name": "Alice Wonderland"}}]') ->> '$.counts';
SELECT orm_execute('update(Post)
            .where(Post.status == PostStatus.DRAFT)
            .values(status=PostStatus.ARCHIVED)');
SELECT orm_select('select(User).where(User.username == "alice")');
SELECT orm_select('select(Post.id, Post.status).order_by(Post.id)');

.print
.print "=== delete_example(): bob, with his posts and comments (cascade) ==="
SELECT orm_flush('[{"op": "delete", "entity": "User", "key": 2}]') ->> '$.counts';
SELECT 'users ' || (SELECT count(*) FROM users) || ', posts ' || (SELECT count(*) FROM posts) ||
       ', comments ' || (SELECT count(*) FROM comments) || ', tags ' || (SELECT count(*) FROM tags);
