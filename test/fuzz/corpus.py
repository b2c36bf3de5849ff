#!/usr/bin/env python3
"""test/fuzz/corpus.py -- builds the fuzzers' starting corpora and dictionaries.

    test/fuzz/corpus.py OUTDIR        (`make fuzz` runs it with build/fuzz)

Reads every call of an orm_* function in sql/*.sql and test/demo/blog.sql (its
string-literal arguments; readfile('path') is read) and writes one seed per
statement into OUTDIR/corpus/<harness>/, named by a hash of its content, so
running it again adds only what is new and keeps what the fuzzers found:

    declare   each orm_declare source; each file's declarations together;
              the fixed model (test/fuzz/model.py)
    query     each orm_select / orm_compile / orm_view query (+ "%%" + params)
    flush     each orm_flush document
    execute   each orm_execute statement (+ "%%" + params)
    pipeline  each file as sessions of at most 16 parts (fuzz_pipeline.c's format);
              the fixed model with its rows and test/fuzz/seeds/query/

and OUTDIR/<harness>.dict: test/fuzz/<vocabulary>.dict plus the class and
attribute names of the fixed model (test/fuzz/model.py).
"""
import hashlib
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SEP = "\n%%\n"
MAXPARTS = 16

CALL = re.compile(r"orm_([a-z_]+)\s*\(")


def literal(text, i):
    """The SQL string literal at text[i] ('...' with '' escapes): (value, end)."""
    j = i + 1
    out = []
    while j < len(text):
        if text[j] == "'":
            if text.startswith("''", j):
                out.append("'")
                j += 2
                continue
            return "".join(out), j + 1
        out.append(text[j])
        j += 1
    return None, len(text)


def arguments(text, i):
    """Literal arguments of the call whose '(' ends at i; None for a non-literal one."""
    args = []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i < len(text) and text[i] == ")":
            return args, i + 1
        if text.startswith("readfile(", i):
            i += len("readfile(")
            if i < len(text) and text[i] == "'":
                path, i = literal(text, i)
                try:
                    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
                        args.append(f.read())
                except OSError:
                    args.append(None)
                i = text.index(")", i) + 1
            else:
                return args, i
        elif i < len(text) and text[i] == "'":
            value, i = literal(text, i)
            args.append(value)
        elif text.startswith("NULL", i):
            args.append(None)
            i += 4
        else:
            return args, i
        while i < len(text) and text[i].isspace():
            i += 1
        if i < len(text) and text[i] == ",":
            i += 1
        elif i < len(text) and text[i] == ")":
            return args, i + 1
        else:
            return args, i


def calls(text):
    """(function, [arguments]) in file order, skipping comments and literals."""
    i = 0
    found = []
    while i < len(text):
        if text.startswith("--", i):
            i = text.find("\n", i)
            if i < 0:
                break
        elif text[i] == "'":
            _, i = literal(text, i)
        else:
            m = CALL.match(text, i)
            if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
                args, i = arguments(text, m.end())
                found.append((m.group(1), args))
            else:
                i += 1
    return found


def with_params(stmt, params):
    return stmt + SEP + params if params is not None else stmt


def command(fn, args):
    """The pipeline part for one call, or None."""
    a = args + [None] * (3 - len(args))
    params = " " + a[1].replace("\n", " ") if a[1] is not None else ""
    if fn in ("select", "compile") and a[0] is not None:
        return "select%s\n%s" % (params, a[0])
    if fn == "execute" and a[0] is not None:
        return "execute%s\n%s" % (params, a[0])
    if fn == "flush" and a[0] is not None:
        return "flush\n" + a[0]
    if fn == "get" and a[0] is not None and a[1] is not None:
        return "get\n%s\n%s" % (a[0], a[1].replace("\n", " ")) + ("\n" + a[2] if a[2] else "")
    if fn == "view" and a[0] is not None and a[1] is not None:
        return "view\n%s\n%s" % (a[0], a[1])
    if fn == "declare" and a[0] is not None:
        return "declare\n" + a[0]
    if fn in ("create_all", "drop_all", "ddl", "automap"):
        return fn
    return None


def sessions(found):
    """A file's calls as pipeline inputs: its first declaration, then commands."""
    decl = None
    setup = []
    rest = []
    for fn, args in found:
        if fn == "declare" and decl is None and args and args[0] is not None:
            decl = args[0]
            continue
        if fn == "create_all" and not rest and not setup:
            continue            # the harness creates after the first declaration
        cmd = command(fn, args)
        if cmd is None:
            continue
        # declarations and writes before the first read set the data up
        if not rest and (cmd.startswith(("declare", "flush", "create_all", "execute"))):
            setup.append(cmd)
        else:
            rest.append(cmd)
    setup = setup[:MAXPARTS // 2]
    room = MAXPARTS - 1 - len(setup)
    out = []
    for k in range(0, max(len(rest), 1), room):
        out.append(SEP.join([decl or ""] + setup + rest[k:k + room]))
    return out


def model_names():
    with open(os.path.join(ROOT, "test", "fuzz", "model.py"), encoding="utf-8") as f:
        src = f.read()
    classes = re.findall(r"^class (\w+)\(", src, re.M)
    attrs = re.findall(r"^    (\w+): Mapped\[", src, re.M)
    enums = re.findall(r"^    ([A-Z_]+) = \"", src, re.M)
    return classes, sorted(set(attrs)), enums


def write_dict(outdir, harness, vocabularies, classes, attrs, enums, quoted):
    lines = []
    for v in vocabularies:
        with open(os.path.join(ROOT, "test", "fuzz", v + ".dict"), encoding="utf-8") as f:
            lines.extend(f.read().splitlines())
    lines.append("# the fixed model (test/fuzz/model.py)")
    for c in classes:
        lines.append('"%s"' % c)
        if quoted:
            lines.append('"\\"%s\\""' % c)
    for a in attrs:
        lines.append('".%s"' % a)
        if quoted:
            lines.append('"\\"%s\\""' % a)
    for e in enums:
        lines.append('"PostStatus.%s"' % e)
    with open(os.path.join(outdir, harness + ".dict"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: test/fuzz/corpus.py OUTDIR")
    outdir = sys.argv[1]
    seeds = {h: [] for h in ("declare", "query", "flush", "execute", "pipeline", "migrate")}
    sources = sorted(os.path.join(ROOT, "sql", f) for f in os.listdir(os.path.join(ROOT, "sql"))
                     if f.endswith(".sql"))
    sources.append(os.path.join(ROOT, "test", "demo", "blog.sql"))
    for path in sources:
        with open(path, encoding="utf-8") as f:
            found = calls(f.read())
        decls = []
        for fn, args in found:
            a = args + [None, None]
            if fn == "declare" and a[0] is not None:
                seeds["declare"].append(a[0])
                decls.append(a[0])
            elif fn in ("select", "compile") and a[0] is not None:
                seeds["query"].append(with_params(a[0], a[1]))
                if re.match(r"\s*(insert|update|delete)\(", a[0]):
                    seeds["execute"].append(with_params(a[0], a[1]))
            elif fn == "view" and a[1] is not None:
                seeds["query"].append(a[1])
            elif fn == "get" and a[2] is not None:
                seeds["query"].append("select(%s).options(%s)" % (a[0], a[2]))
            elif fn == "flush" and a[0] is not None:
                seeds["flush"].append(a[0])
            elif fn == "execute" and a[0] is not None:
                seeds["execute"].append(with_params(a[0], a[1]))
            elif fn == "migration_add" and a[0] is not None:
                seeds["migrate"].append(a[0])
        if len(decls) > 1:
            seeds["declare"].append(SEP.join(decls[:4]))
        seeds["pipeline"].extend(sessions(found))
    # the golden autogenerate scripts (Alembic's own text)
    mdir = os.path.join(ROOT, "test", "migrate", "expected")
    for name in sorted(os.listdir(mdir)) if os.path.isdir(mdir) else []:
        if name.endswith(".py"):
            with open(os.path.join(mdir, name), encoding="utf-8") as f:
                seeds["migrate"].append(f.read())
    # the fixed model itself, and a session over it
    with open(os.path.join(ROOT, "test", "fuzz", "model.py"), encoding="utf-8") as f:
        model = f.read()
    with open(os.path.join(ROOT, "test", "fuzz", "data.json"), encoding="utf-8") as f:
        data = f.read()
    seeds["declare"].append(model)
    queries = []
    qdir = os.path.join(ROOT, "test", "fuzz", "seeds", "query")
    for name in sorted(os.listdir(qdir)) if os.path.isdir(qdir) else []:
        with open(os.path.join(qdir, name), encoding="utf-8") as f:
            q = f.read()
        if SEP not in q:
            queries.append(q)
    queries = queries[:MAXPARTS - 2]
    seeds["pipeline"].append(SEP.join([model, "flush\n" + data] + ["select\n" + q for q in queries]))
    for harness, items in seeds.items():
        d = os.path.join(outdir, "corpus", harness)
        os.makedirs(d, exist_ok=True)
        for s in items:
            data = s.encode("utf-8")
            name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        print("corpus %-9s %4d seeds" % (harness, len(set(items))))
    classes, attrs, enums = model_names()
    write_dict(outdir, "declare", ["declare"], [], [], [], False)
    write_dict(outdir, "query", ["query"], classes, attrs, enums, False)
    write_dict(outdir, "execute", ["query"], classes, attrs, enums, False)
    write_dict(outdir, "flush", ["flush"], classes, attrs, enums, True)
    write_dict(outdir, "migrate", ["migrate", "declare"], [], [], [], False)
    write_dict(outdir, "pipeline", ["pipeline", "query", "flush", "declare"], classes, attrs, enums, True)


if __name__ == "__main__":
    main()
