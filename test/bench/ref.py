#!/usr/bin/python3
"""
ref.py -- the reference workloads (`make bench`): orm against the best
hand-written client code and SQLAlchemy on the blog graph, both engines.

  ref.py [--rounds N] [--engines pg,sqlite] [--skip-setup] [--out FILE.json] [GROUP...]
  ref.py --report FILE.json           print the tables of a saved run again

GROUP: r1, r2, w1 (default all three).  Every run is a fresh process
(case.py), as an application starts; the cases of a group run in turn,
A B C ... A B C, each round starting one case later, so that a burst of load
on the machine spreads over all of them.  Per case: median of the script's
own timed seconds; per engine: orm / each other case taken round by round,
then the median of those ratios (the only figures that mean something on a
shared machine).  Every case's checksum must agree within a group and engine.

Run by test/bench/run.sh, which starts the PostgreSQL cluster and sets
BENCH_PG_DSN, BENCH_SQLITE_DIR, BENCH_ORM_EXT (see blog.py); BENCH_PYTHON is
the interpreter of every case (SQLAlchemy 2.0 on its path when there is one:
BENCH_SA_PYTHON in run.sh), BENCH_R_SCALE / BENCH_W_SCALE / BENCH_R2_N size
the workloads (2000 / 1000 / 10000).
"""
import json
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PY = os.environ.get("BENCH_PYTHON") or "/usr/bin/python3"

# (contender, engines or None for both, kind): kind "orm" is the project,
# "sa" SQLAlchemy, "hand" a hand-written contender, "info" shown but not
# compared (a variant of orm's call)
GROUPS = {
    "r1": [("sa", None, "sa"), ("json", None, "hand"), ("raw", None, "hand"),
           ("orm", None, "orm"), ("orm-first", None, "info")],
    "r2": [("sa", None, "sa"), ("raw", None, "hand"), ("json", None, "hand"),
           ("rawprep", "pg", "hand"), ("jsonprep", "pg", "hand"), ("orm", None, "orm"),
           ("ormprep", "pg", "info")],
    "w1": [("sa", None, "sa"), ("core", None, "sa"), ("raw", None, "hand"),
           ("orm", None, "orm")],
}
TITLE = {"r1": "R1 whole graph", "r2": "R2 point reads", "w1": "W1 graph write"}
TARGET = {("r1", "pg"): 1.0, ("r1", "sqlite"): 0.8, ("r2", "pg"): 0.7, ("r2", "sqlite"): 1.2,
          ("w1", "pg"): 1.2, ("w1", "sqlite"): 1.2}


def sa_version():
    p = subprocess.run([PY, "-c", "import sqlalchemy; print(sqlalchemy.__version__)"],
                       capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 else None


def run_once(case):
    cmd = [PY, os.path.join(HERE, "case.py"), case["group"], case["name"], case["engine"]]
    p = subprocess.run(cmd, capture_output=True, text=True)
    out, err = p.stdout, p.stderr
    if p.returncode != 0:
        sys.exit("bench: %s %s %s failed\n%s%s" % (case["group"], case["name"], case["engine"],
                                                  out, err))
    line = [x for x in out.splitlines() if x.startswith("elapsed=")][-1]
    kv = dict(re.findall(r"(\w+)=(\S+)", line))
    return {"elapsed": float(kv.pop("elapsed")), "checksum": kv.pop("checksum"),
            "rss_mb": float(kv.pop("rss_mb")), "extra": kv}


def run_group(group, engines, rounds, have_core):
    cs = []
    for engine in engines:
        for name, only, kind in GROUPS[group]:
            if only and only != engine:
                continue
            if name == "core" and not have_core:
                continue
            if os.environ.get("BENCH_CASES") and name not in os.environ["BENCH_CASES"].split(","):
                continue
            cs.append({"group": group, "name": name, "engine": engine, "kind": kind, "runs": []})
    for r in range(rounds):
        for i in range(len(cs)):
            c = cs[(i + r) % len(cs)]
            res = run_once(c)
            c["runs"].append(res)
            print("  %s round %d %-10s %-6s %8.3f s  rss %6.1f MB  %s" % (
                group, r + 1, c["name"], c["engine"], res["elapsed"], res["rss_mb"],
                " ".join("%s=%s" % kv for kv in res["extra"].items())), file=sys.stderr, flush=True)
    return cs


def med(xs):
    return statistics.median(xs)


def paired(a, b):
    """median over rounds of a's time / b's time"""
    return med([x["elapsed"] / y["elapsed"] for x, y in zip(a["runs"], b["runs"])])


def xmed(c, key):
    vals = [float(r["extra"][key]) for r in c["runs"] if key in r["extra"]]
    return med(vals) if vals else None


def report(cs, meta):
    out = []
    p = out.append
    p("Rounds: %s; R1 and R2 on %s users, W1 %s users, R2 %s reads; SQLAlchemy %s." % (
        meta["rounds"], meta["r_scale"], meta["w_scale"], meta["r2_n"], meta["sa"]))
    p("")
    p("| workload | engine | best hand-written (median s) | orm median s | orm / best hand-written "
      "| orm / SQLAlchemy ORM | target |")
    p("|---|---|---|---|---|---|---|")
    summary = {}
    for group in ("r1", "r2", "w1"):
        for engine in ("pg", "sqlite"):
            ec = [c for c in cs if c["group"] == group and c["engine"] == engine]
            orm = [c for c in ec if c["kind"] == "orm"]
            hand = [c for c in ec if c["kind"] == "hand"]
            sa = [c for c in ec if c["name"] == "sa"]
            if not orm or not hand:
                continue
            orm = orm[0]
            best = min(hand, key=lambda c: med([r["elapsed"] for r in c["runs"]]))
            ratio = paired(orm, best)
            summary[(group, engine)] = ratio
            t = TARGET[(group, engine)]
            p("| %s | %s | %s (%.3f) | %.3f | **%.2f** | %s | <= %.1f %s |" % (
                TITLE[group], engine, best["name"], med([r["elapsed"] for r in best["runs"]]),
                med([r["elapsed"] for r in orm["runs"]]), ratio,
                "%.2f" % paired(orm, sa[0]) if sa else "-", t, "met" if ratio <= t else "NOT met"))
    r1pg = [c for c in cs if c["group"] == "r1" and c["engine"] == "pg" and c["name"] == "orm"]
    if r1pg and xmed(r1pg[0], "be_peak") is not None:
        c = r1pg[0]
        peak = med([float(r["extra"]["be_peak"]) / float(r["extra"]["out_mb"]) for r in c["runs"]])
        kept = med([float(r["extra"]["be_after"]) - float(r["extra"]["be_fresh"]) for r in c["runs"]])
        p("| R1 PostgreSQL backend private memory at peak / output | pg | - | %.0f MB for %.1f MB "
          "| **%.2f** | - | <= 2 %s |" % (xmed(c, "be_peak"), xmed(c, "out_mb"), peak,
                                        "met" if peak <= 2 else "NOT met"))
        p("| backend private memory kept after the call, above a fresh backend | pg | - | "
          "%.1f MB (fresh %.1f MB) | **%.2f MB** | - | <= 1 MB %s |" % (
              xmed(c, "be_after"), xmed(c, "be_fresh"), kept, "met" if kept <= 1 else "NOT met"))
    for engine in ("pg", "sqlite"):
        f = [c for c in cs if c["group"] == "r1" and c["engine"] == engine and c["name"] == "orm-first"]
        if f:
            ratio = xmed(f[0], "first_over_warm")
            p("| first call in a fresh connection / warm call (R1) | %s | - | %.3f / %.3f s "
              "| **%.2f** | - | <= 1.2 %s |" % (engine, xmed(f[0], "first"), xmed(f[0], "warm"),
                                                ratio, "met" if ratio <= 1.2 else "NOT met"))
    p("")
    p("Every case (median of the timed part, min-max, whole-process peak RSS, "
      "orm / case paired per round):")
    p("")
    p("| workload | engine | case | median s | min-max s | peak RSS MB | orm / case | extra (medians) |")
    p("|---|---|---|---|---|---|---|---|")
    for c in cs:
        el = [r["elapsed"] for r in c["runs"]]
        orm = [o for o in cs if o["group"] == c["group"] and o["engine"] == c["engine"]
               and o["kind"] == "orm"]
        extra = []
        for k in c["runs"][0]["extra"]:
            try:
                extra.append("%s=%.4g" % (k, xmed(c, k)))
            except ValueError:
                extra.append("%s=%s" % (k, c["runs"][0]["extra"][k]))
        sums = {r["checksum"] for o in cs if o["group"] == c["group"] and o["engine"] == c["engine"]
                for r in o["runs"]}
        p("| %s | %s | %s%s | %.3f | %.3f-%.3f | %.0f | %s | %s |" % (
            c["group"], c["engine"], c["name"], "" if len(sums) == 1 else " (CHECKSUMS DIFFER)",
            med(el), min(el), max(el), med([r["rss_mb"] for r in c["runs"]]),
            "%.2f" % paired(orm[0], c) if orm else "-", " ".join(extra)))
    return "\n".join(out), summary


def main():
    argv = sys.argv[1:]
    if argv[:1] == ["--report"]:
        with open(argv[1]) as f:
            saved = json.load(f)
        print(report(saved["cases"], saved["meta"])[0])
        return
    rounds, engines, out, setup = 5, ["pg", "sqlite"], None, True
    while argv and argv[0].startswith("--"):
        opt = argv.pop(0)
        if opt == "--skip-setup":
            setup = False
            continue
        val = argv.pop(0)
        if opt == "--rounds":
            rounds = int(val)
        elif opt == "--engines":
            engines = val.split(",")
        elif opt == "--out":
            out = val
        else:
            sys.exit("bench: unknown option " + opt)
    groups = argv or ["r1", "r2", "w1"]
    sa = sa_version()
    if sa is None:
        sys.exit("bench: %s has no SQLAlchemy (BENCH_PYTHON)" % PY)
    if setup and ({"r1", "r2"} & set(groups)):
        for engine in engines:
            subprocess.run([PY, os.path.join(HERE, "case.py"), "setup", engine], check=True)
    cs = []
    for group in groups:
        cs += run_group(group, engines, rounds, sa.startswith("2."))
    meta = {"rounds": rounds, "sa": sa, "r_scale": os.environ.get("BENCH_R_SCALE") or 2000,
            "w_scale": os.environ.get("BENCH_W_SCALE") or 1000,
            "r2_n": os.environ.get("BENCH_R2_N") or 10000}
    text, _ = report(cs, meta)
    print(text)
    if out:
        with open(out, "w") as f:
            json.dump({"meta": meta, "cases": cs}, f, indent=1)


if __name__ == "__main__":
    main()
