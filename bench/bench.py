"""make bench: prio's benchmark suite. Run by bench/run BUILD_DIR.

Makes fixed-seed backlogs of 10k, 100k and 1M items with BUILD_DIR/bench/gen,
times prio on them (median of several runs, peak memory of each command),
times the peers (a pandas script, the sqlite3 shell, Taskwarrior) on the
same files in the same run, prints a Markdown table of figures, ratios and
verdicts against the targets, and writes it to bench/RESULTS.md with the
machine it ran on, and bench/scaling.svg (time against backlog size).

Environment:
  RUNS=5          runs of each quick measurement (median reported)
  SLOW_RUNS=3     runs of each measurement on 1M rows
  QUICK_RUNS=11   runs of a command that takes under a second
  BUDGET=60       seconds: no new run of one measurement starts once its
                  runs so far took this long (at least one run is made)
  BENCH_OUT=DIR   where RESULTS.md and scaling.svg go (default: bench/)
A peer that is not installed is named and skipped; nothing is estimated.
"""
import csv
import datetime
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
B = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
PRIO = os.path.join(B, "bin", "prio")
GEN = os.path.join(B, "bench", "gen")
LUA_SO = os.path.join(B, "lib", "prio", "plugins", "lua.so")
RUNS = int(os.environ.get("RUNS", "5"))
SLOW_RUNS = int(os.environ.get("SLOW_RUNS", "3"))
QUICK_RUNS = int(os.environ.get("QUICK_RUNS", "11"))
BUDGET = float(os.environ.get("BUDGET", "60"))
OUT = os.path.abspath(os.environ.get("BENCH_OUT", HERE))
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
SIZES = (10_000, 100_000, 1_000_000)
LABEL = {10_000: "10k", 100_000: "100k", 1_000_000: "1M"}

W = tempfile.mkdtemp(prefix="prio-bench.")
ENV = dict(os.environ, HOME=os.path.join(W, "home"),
           XDG_CONFIG_HOME=os.path.join(W, "xdg"), LC_ALL="C.UTF-8")
ENV.pop("PRIO_USER", None)
ENV.pop("PRIO_PLUGIN_PATH", None)
os.makedirs(ENV["HOME"])


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Failed(Exception):
    pass


def run_once(argv, env=None, stdout=None, gnu_time=False):
    """Runs argv once; returns (wall seconds, CPU seconds, peak RSS KiB).

    CPU is user + system time from wait4() (microseconds; GNU time's %U
    and %S count in hundredths, too coarse for a 20 ms command). With
    gnu_time, argv runs under GNU time and the peak memory is its %M;
    else it is wait4()'s ru_maxrss (the figure %M reports)."""
    env = env or ENV
    out = stdout if stdout is not None else subprocess.DEVNULL
    mem = os.path.join(W, "time.out")
    gnu_time = gnu_time and GNU_TIME
    cmd = ([GNU_TIME, "-f", "%M", "-o", mem, "--"] if gnu_time else []) + argv
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=env)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    t = time.perf_counter() - t0
    p.stderr.close()
    p.returncode = rc = os.waitstatus_to_exitcode(status)
    cpu, rss = ru.ru_utime + ru.ru_stime, ru.ru_maxrss
    if gnu_time:
        with open(mem) as f:
            last = (f.read().strip().splitlines() or [""])[-1]
        rss = int(last) if last.isdigit() else None
    if rc != 0:
        raise Failed("%s: exit %d: %s" % (" ".join(argv), rc,
                     err.decode(errors="replace").strip()[-400:]))
    return t, cpu, rss


# GNU time costs a few milliseconds a run (see exec_floor): a command
# that runs in under this many seconds is timed bare, and its peak memory
# taken in one more run of its own under GNU time.
BARE_BELOW = 1.0


class Spec:
    """One thing to measure: argv, run RUNS times, before() untimed
    before each run."""

    def __init__(self, name, what, argv, target=None, size=None,
                 before=None, env=None, peer=False):
        self.name, self.what, self.argv = name, what, argv
        self.target, self.size, self.before = target, size, before
        self.env, self.peer = env, peer
        self.times, self.cpu, self.rss, self.error = [], [], [], None
        self.bare = None     # None until the first run says
        self.quick = False

    def run(self):
        if self.before:
            self.before()
        t, c, m = run_once(self.argv, env=self.env,
                           gnu_time=not self.bare)
        if m is not None and not self.bare:
            self.rss.append(m)
        if self.bare is None:
            self.quick = t < BARE_BELOW
            self.bare = self.quick and bool(GNU_TIME)
            if self.bare:
                return      # that run was for the memory only
        self.times.append(t)
        self.cpu.append(c)


def measure(specs, runs):
    """Runs specs in rounds, one run of each per round (so that things
    compared with each other see the same load on the machine), until each
    has `runs` timed runs (QUICK_RUNS if more, for a command under
    BARE_BELOW seconds); a spec makes no new run once its runs took
    BUDGET seconds. A spec that fails is reported and left out."""
    for sp in specs:
        log("bench: %s" % sp.what)
    live = list(specs)
    while live:
        for sp in list(live):
            try:
                sp.run()
            except Failed as e:
                sp.error = str(e)
                log("bench:   FAILED: %s: %s" % (sp.what, e))
                live.remove(sp)
                continue
            want = max(runs, QUICK_RUNS) if sp.quick else runs
            if len(sp.times) >= want or sum(sp.times) > BUDGET:
                live.remove(sp)
    for sp in specs:
        record(sp)


def record(sp):
    """The table row of a measured spec: a failure is recorded, never a
    number."""
    row = {"what": sp.what, "r": None, "target": sp.target,
           "verdict": "FAILED", "peer": sp.peer}
    rows.append(row)
    if sp.error:
        notes.append("%s: FAILED: %s" % (sp.what, sp.error))
        return
    r = {"s": statistics.median(sp.times), "runs": len(sp.times),
         "all": sp.times, "size": sp.size,
         "cpu": statistics.median(sp.cpu) if sp.cpu else None,
         "kib": max(sp.rss) if sp.rss else None}
    results[sp.name] = r
    row["r"] = r
    row["verdict"] = "-" if sp.target is None else \
        "met" if r["s"] <= sp.target else "MISSED"
    log("bench:   %s: %s (median of %d: %s)" % (sp.what, fmt_s(r["s"]),
        r["runs"], ", ".join(fmt_s(t) for t in r["all"])))


def sh(argv, env=None, **kw):
    """Runs a set-up command (untimed); fails loudly."""
    p = subprocess.run(argv, env=env or ENV, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, **kw)
    if p.returncode != 0:
        raise Failed("%s: exit %d: %s" % (" ".join(argv), p.returncode,
                     p.stderr.decode(errors="replace").strip()[-400:]))
    return p.stdout.decode(errors="replace")


rows = []        # the tables: what, r (a result), target, verdict, peer
results = {}     # name -> result
notes = []       # what was skipped or failed, and why


def skip(what, why, target=None, peer=False):
    log("bench: SKIPPED %s: %s" % (what, why))
    notes.append("%s: skipped: %s" % (what, why))
    rows.append({"what": what, "r": None, "target": target,
                 "verdict": "skipped", "peer": peer})


def fmt_s(s):
    if s is None:
        return "-"
    return "%.0f ms" % (s * 1000) if s < 1 else "%.2f s" % s


def fmt_ms(s):
    return "%.1f ms" % (s * 1000)


def fmt_mem(kib):
    return "-" if kib is None else "%.0f MB" % (kib / 1024)


# ---------------------------------------------------------------- the data

def gen(n):
    path = os.path.join(W, "%s.csv" % LABEL[n])
    with open(path, "wb") as f:
        subprocess.run([GEN, str(n)], stdout=f, check=True)
    return path


def fresh_ws(name):
    d = os.path.join(W, name)
    shutil.rmtree(d, ignore_errors=True)
    sh([PRIO, "init", d])
    return d


def count_lines(path):
    with open(path, "rb") as f:
        return sum(buf.count(b"\n")
                   for buf in iter(lambda: f.read(1 << 20), b""))


def keys_in_order(path, keycol, limit):
    """The first `limit` keys of a CSV, in file order."""
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        head = next(r)
        k = head.index(keycol)
        out = []
        for row in r:
            out.append(row[k])
            if len(out) == limit:
                break
        return out


# ----------------------------------------------------------------- machine

def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem": mem,
            "kernel": platform.release(), "machine": platform.machine(),
            "date": datetime.datetime.now(datetime.timezone.utc)
            .strftime("%Y-%m-%d %H:%M UTC")}


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def version(argv):
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=ENV, timeout=30)
        return p.stdout.decode(errors="replace").strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return None


# ------------------------------------------------------------------- peers

def find_pandas_python():
    """A python3 that imports pandas: Debian's first (python3-pandas)."""
    for py in ("/usr/bin/python3", shutil.which("python3")):
        if not py:
            continue
        try:
            p = subprocess.run([py, "-c", "import pandas; "
                                "print(pandas.__version__)"],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL,
                               env=ENV, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if p.returncode == 0:
            return py, p.stdout.decode().strip()
    return None, None


SQL_SCORE = ("(business_value + time_criticality + risk_reduction) * 1.0"
             " / job_size")


def sqlite_argv(src, dst):
    """The sqlite3 shell peer: .import into an in-memory database, then
    every column plus the score, ordered by it (ties in line order),
    written as CSV."""
    return ["sqlite3", "-batch", ":memory:",
            ".import --csv %s backlog" % src,
            ".headers on", ".mode csv", ".once %s" % dst,
            "SELECT *, %s AS wsjf FROM backlog"
            " ORDER BY wsjf DESC, rowid;" % SQL_SCORE]


TASKRC = """\
data.location={data}
confirmation=off
verbose=nothing
news.version=2.6.2
uda.business_value.type=numeric
uda.business_value.label=BV
uda.time_criticality.type=numeric
uda.time_criticality.label=TC
uda.risk_reduction.type=numeric
uda.risk_reduction.label=RR
uda.job_size.type=numeric
uda.job_size.label=JS
"""


def task_json(src, dst):
    """The items of a generated CSV as Taskwarrior's import JSON."""
    out = []
    with open(src, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            t = {"uuid": str(uuid.uuid5(uuid.NAMESPACE_URL,
                                        "prio-bench/" + r["key"])),
                 "description": r["title"], "status": "pending",
                 "entry": "20260101T000000Z", "project": r["type"]}
            tags = [x.strip() for x in r["labels"].split(",") if x.strip()]
            if tags:
                t["tags"] = tags
            for k in ("business_value", "time_criticality",
                      "risk_reduction", "job_size"):
                if r[k]:
                    t[k] = float(r[k])
            out.append(t)
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)
    return len(out)


# ------------------------------------------------------------------- chart

HALO = 'font-size="10" stroke="white" stroke-width="3" paint-order="stroke"'


def tick(s):
    return "%g s" % s if s >= 1 else "%g ms" % (s * 1000)


def scaling_svg(series, path):
    """Log-log chart of seconds against items; a dashed line of slope 1
    through each series' middle point is what linear growth looks like.
    series: (name, [(items, seconds)], colour, {items: target seconds})."""
    wd, ht, l, r, t, b = 640, 400, 70, 110, 40, 50
    xs = [math.log10(n) for n in SIZES]
    ys = [s for _, pts, _, tg in series
          for s in [s for _, s in pts] + list(tg.values()) if s]
    lo = math.floor(math.log10(min(ys) * 0.6))   # room for the labels
    hi = math.ceil(math.log10(max(ys) * 1.3))
    if hi == lo:
        hi += 1
    X = lambda n: l + (math.log10(n) - xs[0]) / (xs[-1] - xs[0]) * (wd - l - r)
    Y = lambda s: t + (hi - math.log10(s)) / (hi - lo) * (ht - t - b)
    o = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
         'viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">'
         % (wd, ht, wd, ht),
         '<rect width="100%" height="100%" fill="white"/>',
         '<text x="%d" y="22" font-size="14" font-weight="bold">prio: time '
         'against backlog size (log-log; dashed: linear)</text>' % l]
    for e in range(lo, hi + 1):
        y = Y(10 ** e)
        o.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>'
                 % (l, y, wd - r, y))
        o.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>'
                 % (l - 6, y + 4, tick(10 ** e)))
    for n in SIZES:
        x = X(n)
        o.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>'
                 % (x, t, x, ht - b))
        o.append('<text x="%.1f" y="%d" text-anchor="middle">%s items</text>'
                 % (x, ht - b + 18, LABEL[n]))
    o.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" '
             'stroke="#333"/>' % (l, t, wd - l - r, ht - t - b))
    labels = []     # drawn last, over every line, with a white halo
    for i, (name, pts, colour, targets) in enumerate(series):
        for n, s in targets.items():
            x, y = X(n), Y(s)
            o.append('<path d="M%.1f %.1fl10 10m0 -10l-10 10" stroke="%s" '
                     'stroke-width="2"/>' % (x - 5, y - 5, colour))
            labels.append('<text x="%.1f" y="%.1f" fill="%s" %s '
                          'text-anchor="end">target %s</text>'
                          % (x - 6, y + 18, colour, HALO, tick(s)))
        pts = [(n, s) for n, s in pts if s]
        if not pts:
            continue
        mid = [p for p in pts if p[0] == 100_000] or pts[:1]
        n0, s0 = mid[0]
        a, z = SIZES[0], SIZES[-1]
        o.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" '
                 'stroke-dasharray="4 4" opacity="0.6"/>'
                 % (X(a), Y(s0 * a / n0), X(z), Y(s0 * z / n0), colour))
        o.append('<polyline fill="none" stroke="%s" stroke-width="2" '
                 'points="%s"/>' % (colour, " ".join(
                     "%.1f,%.1f" % (X(n), Y(s)) for n, s in pts)))
        for n, s in pts:
            o.append('<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>'
                     % (X(n), Y(s), colour))
            labels.append('<text x="%.1f" y="%.1f" fill="%s" %s>'
                          '%.2f µs/item</text>' % (X(n) + 6, Y(s) - 6,
                                                   colour, HALO, s / n * 1e6))
        ly = t + 20 + 20 * i
        o.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" '
                 'stroke-width="2"/>' % (l + 12, ly, l + 32, ly, colour))
        o.append('<text x="%d" y="%d">%s</text>' % (l + 38, ly + 4, name))
    ly = t + 20 + 20 * len(series)
    o.append('<path d="M%d %dl10 10m0 -10l-10 10" stroke="#555" '
             'stroke-width="2"/>' % (l + 17, ly - 5))
    o.append('<text x="%d" y="%d">target</text>' % (l + 38, ly + 4))
    o.extend(labels)
    o.append('</svg>')
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(o) + "\n")


def exec_floor():
    """The wall time of starting a process that does nothing (`true`),
    bare and under GNU time: what a quick command cannot go below."""
    bare = statistics.median(run_once(["true"])[0] for _ in range(11))
    timed = GNU_TIME and statistics.median(
        run_once(["true"], gnu_time=True)[0] for _ in range(11))
    return bare, timed


# -------------------------------------------------------------------- main

PG_CLUSTER = os.path.join(HERE, "..", "scripts", "pg-cluster")
PG_ROWS = (("`list --limit 20`, 10k items, cached", 0.020),
           ("`set BL-5000 title=...`, 10k items", 0.010),
           ("`import` 100k rows into an empty backlog", 1.5),
           ("16 writers x 100 `set`s at once: none lost, none failed", None))


def pg_bench(files):
    """The shared store: the same commands on a private PostgreSQL cluster
    on a unix socket (scripts/pg-cluster), beside the SQLite rows."""
    pgdir = tempfile.mkdtemp(prefix="prio-bench-pg.", dir="/tmp")
    try:
        url = subprocess.run([PG_CLUSTER, "start", pgdir], check=True,
                             capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        for what, target in PG_ROWS:
            skip("PostgreSQL: " + what, "no cluster: %s" % e, target)
        return
    n = iter(range(1 << 30))

    def pg_ws(name):
        d = os.path.join(W, name)
        shutil.rmtree(d, ignore_errors=True)
        sh([PRIO, "init", d, "--store", url, "--schema",
            "%s_%d" % (name, next(n))])
        return d
    try:
        w10 = pg_ws("pg10k")
        sh([PRIO, "-C", w10, "import", files[10_000]])
        lst = [PRIO, "-C", w10, "list", "--limit", "20"]
        sh(lst)
        pset = [PRIO, "-C", w10, "set", "BL-5000", "title=x"]

        def retitle():
            pset[-1] = "title=Pg %d" % next(n)
        measure([Spec("pg_list10k", "PostgreSQL: " + PG_ROWS[0][0], lst,
                      target=PG_ROWS[0][1]),
                 Spec("pg_set10k", "PostgreSQL: " + PG_ROWS[1][0], pset,
                      before=retitle, target=PG_ROWS[1][1])], RUNS)
        fresh = {}

        def new_pg100k():
            fresh["d"] = pg_ws("pg100k")
            imp.argv[2] = fresh["d"]
        imp = Spec("pg_import100k", "PostgreSQL: " + PG_ROWS[2][0],
                   [PRIO, "-C", "", "import", files[100_000]],
                   target=PG_ROWS[2][1], before=new_pg100k)
        measure([imp], SLOW_RUNS)

        # 16 writers at once, 100 changes each, all to one workspace:
        # each its own item, and a field of one item they all share.
        wc = pg_ws("pgmany")
        sh([PRIO, "-C", wc, "import", files[10_000]])
        script = ('for i in $(seq 1 100); do "$0" -C "$1" set "BL-$2" '
                  '"title=w$2 $i" >/dev/null || echo FAIL; "$0" -C "$1" set '
                  'BL-1 "labels=w$2-$i" >/dev/null || echo FAIL; done')
        t0 = time.perf_counter()
        procs = [subprocess.Popen(["bash", "-c", script, PRIO, wc,
                                   str(100 + w)], env=ENV,
                                  stdout=subprocess.PIPE)
                 for w in range(16)]
        failed = sum(p.communicate()[0].count(b"FAIL") for p in procs)
        took = time.perf_counter() - t0
        got = sh([PRIO, "-C", wc, "export", "--format", "csv"])
        lost = sum(1 for w in range(16)
                   if "w%d 100" % (100 + w) not in got)
        what = "PostgreSQL: " + PG_ROWS[3][0]
        log("bench:   %s: %.1f s for 3200 changes, %d failed, %d lost"
            % (what, took, failed, lost))
        rows.append({"what": what + " (%.1f s in all; %d failed, %d lost)"
                     % (took, failed, lost),
                     "r": {"s": took / 3200, "runs": 1, "all": [took],
                           "size": None, "cpu": None, "kib": None},
                     "target": None, "peer": False,
                     "verdict": "met" if not failed and not lost
                     else "MISSED"})
    except Failed as e:
        notes.append("PostgreSQL: FAILED: %s" % e)
    finally:
        subprocess.run([PG_CLUSTER, "stop", pgdir])
        shutil.rmtree(pgdir, ignore_errors=True)


def main():
    if not (os.access(PRIO, os.X_OK) and os.access(GEN, os.X_OK)):
        sys.exit("bench: %s or %s missing: run make bench" % (PRIO, GEN))
    started = time.monotonic()
    mach = machine()
    load0 = loadavg()
    log("bench: work folder %s; peak memory from %s" %
        (W, "GNU time %M" if GNU_TIME else "wait4() ru_maxrss"))
    floor = exec_floor()

    files = {}
    for n in SIZES:
        files[n] = gen(n)
    big, small = files[1_000_000], files[10_000]

    py, pd_version = find_pandas_python()

    # Stateless rank --in: 10k and 100k alone; at 1M (the targets) with
    # the Lua method and the pandas and sqlite3 peers, in rounds.
    out = {n: os.path.join(W, "rank%s.csv" % LABEL[n]) for n in SIZES}

    def rank_spec(n):
        return Spec("rank%d" % n,
                    "`rank --in` %s rows, WSJF, CSV written" % LABEL[n],
                    [PRIO, "rank", "--in", files[n], "--method", "wsjf",
                     "--format", "csv", "-o", out[n]],
                    target=0.5 if n == 1_000_000 else None, size=n)
    for n in SIZES[:-1]:
        measure([rank_spec(n)], RUNS)
    group = [rank_spec(1_000_000)]
    lua_what = "`rank --in` 1M rows, WSJF in Lua (bench/wsjf.lua)"
    lout = os.path.join(W, "rank-lua.csv")
    if os.path.exists(LUA_SO):
        group.append(Spec("lua", lua_what,
                          [PRIO, "-c", os.path.join(HERE, "bench.ini"),
                           "rank", "--in", big, "--method", "luawsjf",
                           "--format", "csv", "-o", lout]))
    pandas_what = "pandas script (bench/peer_pandas.py), 1M rows"
    pout = os.path.join(W, "pandas.csv")
    if py:
        group.append(Spec("pandas", pandas_what,
                          [py, os.path.join(HERE, "peer_pandas.py"), big,
                           pout], peer=True))
    sqlite_what = "sqlite3 shell: `.import` + `SELECT ... ORDER BY`, 1M rows"
    sout = os.path.join(W, "sqlite.csv")
    if shutil.which("sqlite3"):
        group.append(Spec("sqlite", sqlite_what, sqlite_argv(big, sout),
                          peer=True))
    measure(group, SLOW_RUNS)
    if not os.path.exists(LUA_SO):
        skip(lua_what, "%s not built" % LUA_SO)
    if not py:
        skip(pandas_what, "no python3 with pandas (apt-get install "
             "python3-pandas)", peer=True)
    if not shutil.which("sqlite3"):
        skip(sqlite_what, "sqlite3 not installed (apt-get install sqlite3)",
             peer=True)

    # The outputs say the same: line counts, and the order of the keys.
    native = out[1_000_000]
    if "rank1000000" in results:
        if count_lines(native) != 1_000_001:
            notes.append("rank --in 1M wrote %d lines, not 1000001"
                         % count_lines(native))
        keys = keys_in_order(native, "key", 100_000)
        if "lua" in results and subprocess.run(
                ["cmp", "-s", native, lout]).returncode != 0:
            notes.append("the Lua method's output differs from wsjf's "
                         "(they should be byte for byte the same)")
        for name, path in (("pandas", pout), ("sqlite", sout)):
            if name in results and keys_in_order(path, "key", 100_000) != keys:
                notes.append("%s's order differs from prio's (first 100k "
                             "keys)" % name)

    # Import into a fresh workspace, every size; the last of each stays.
    # At 1M, in rounds with the sqlite3 shell's `.import` of the same file
    # into a fresh database: the floor of writing those rows to SQLite.
    ws = {}
    imp_db = os.path.join(W, "import-peer.db")
    for n in SIZES:
        name = "imp%s" % LABEL[n]
        ws[n] = os.path.join(W, name)
        group = [Spec("import%d" % n,
                      "`import` %s rows into a fresh workspace" % LABEL[n],
                      [PRIO, "-C", ws[n], "import", files[n]],
                      target={100_000: 1.0, 1_000_000: 3.0}.get(n), size=n,
                      before=lambda name=name: fresh_ws(name))]
        if n == 1_000_000 and shutil.which("sqlite3"):
            group.append(Spec("sqlite_import", "sqlite3 shell: `.import` "
                              "of the 1M file into a fresh database",
                              ["sqlite3", imp_db, ".import --csv %s items"
                               % files[n]], peer=True,
                              before=lambda: os.path.exists(imp_db) and
                              os.remove(imp_db)))
        measure(group, SLOW_RUNS if n >= 1_000_000 else RUNS)
    # The store's size after the 1M import, beside the file's.
    sizes = {}
    if "import1000000" in results:
        db = os.path.join(ws[1_000_000], "backlog.db")
        sh(["sqlite3", db, "PRAGMA wal_checkpoint(TRUNCATE)"])
        sizes = {"db": os.path.getsize(db) + (os.path.getsize(db + "-wal")
                                              if os.path.exists(db + "-wal")
                                              else 0),
                 "csv": os.path.getsize(files[1_000_000])}

    # Export of the 1M workspace.
    if "import1000000" in results:
        eout = os.path.join(W, "export.csv")
        measure([Spec("export", "`export -o` 1M items (CSV)",
                      [PRIO, "-C", ws[1_000_000], "export", "-o", eout],
                      target=1.0)], SLOW_RUNS)
        if "export" in results and count_lines(eout) != 1_000_001:
            notes.append("export 1M wrote %d lines" % count_lines(eout))
    else:
        skip("`export -o` 1M items (CSV)", "the 1M import failed", 1.0)

    # Reading a 100k workspace: list (cached, and after a change), show.
    w100 = ws[100_000]
    if "import100000" in results:
        lst = [PRIO, "-C", w100, "list", "--limit", "20"]
        sh(lst)   # the first list after the import ranks and caches
        measure([Spec("list100k", "`list --limit 20`, 100k items, cached",
                      lst, target=0.050)], RUNS)
        k = [0]

        def touch():
            k[0] += 1
            sh([PRIO, "-C", w100, "set", "BL-1", "title=Touched %d" % k[0]])
        measure([Spec("list100k_changed", "`list --limit 20`, 100k items, "
                      "after `set BL-1 title=...`", lst, before=touch,
                      target=0.050)], RUNS)
        sh(lst)
        measure([Spec("show", "`show BL-50000`, 100k items",
                      [PRIO, "-C", w100, "show", "BL-50000"])], RUNS)
        # Filters: the ranking walked for the rows that pass.
        measure([Spec("list100k_bug", "`list type:bug --limit 20`, 100k "
                      "items", [PRIO, "-C", w100, "list", "type:bug",
                                "--limit", "20"], target=0.050)], RUNS)
        # A filtered set: a new value each run, so every run writes.
        fset = [PRIO, "-C", w100, "set", "type:bug", "+a11y", "", "--yes"]
        runs = iter(range(1 << 30))

        def relabel():
            fset[6] = "labels=a11y,run%d" % next(runs)
        measure([Spec("set100k_filter", "`set type:bug +a11y labels=...`, "
                      "100k items", fset, before=relabel)], RUNS)
    else:
        for what in ("`list --limit 20`, 100k items, cached",
                     "`list --limit 20`, 100k items, after a change",
                     "`show BL-50000`, 100k items",
                     "`list type:bug --limit 20`, 100k items",
                     "`set type:bug +a11y labels=...`, 100k items"):
            skip(what, "the 100k import failed")

    # sprint close of a 20k-item sprint, half of it done: a fresh copy of
    # the planned workspace before each run.
    sc = fresh_ws("close20k")
    with open(os.path.join(W, "close.csv"), "w") as f:
        f.write("key,title,status,estimate,business_value,"
                "time_criticality,risk_reduction,job_size\n" +
                "".join("C-%d,Item %d,ready,1,%d,0,0,1\n" % (i, i, i % 20 + 1)
                        for i in range(20_000)))
    with open(os.path.join(W, "done.csv"), "w") as f:
        f.write("key,status\n" + "".join("C-%d,done\n" % i
                                          for i in range(0, 20_000, 2)))
    for argv in (["import", os.path.join(W, "close.csv")],
                 ["sprint", "new", "S1", "--start", "2026-07-01", "--end",
                  "2026-07-14", "--capacity", "100000"], ["sprint", "plan"],
                 ["import", os.path.join(W, "done.csv")]):
        sh([PRIO, "-C", sc] + argv)
    if "10000 of 20000 committed" not in sh([PRIO, "-C", sc, "sprint",
                                             "show"]):
        notes.append("sprint close: the set-up did not plan 20k items")
    measure([Spec("close20k", "`sprint close`, 20k items in the sprint",
                  [PRIO, "-C", sc + ".run", "sprint", "close"], target=0.2,
                  before=lambda: (shutil.rmtree(sc + ".run", True),
                                  shutil.copytree(sc, sc + ".run")))], RUNS)

    # prio list against task next, 10k items, in rounds.
    list10_what = "`list --limit 20`, 10k items, cached"
    task_what = "Taskwarrior `task next limit:20`, 10k items"
    group = []
    if "import10000" in results:
        lst10 = [PRIO, "-C", ws[10_000], "list", "--limit", "20"]
        sh(lst10)
        group.append(Spec("list10k", list10_what, lst10))
    else:
        skip(list10_what, "the 10k import failed")
    task_import = None
    if shutil.which("task"):
        td = os.path.join(W, "task")
        os.makedirs(os.path.join(td, "data"))
        with open(os.path.join(td, "taskrc"), "w") as f:
            f.write(TASKRC.format(data=os.path.join(td, "data")))
        tenv = dict(ENV, TASKRC=os.path.join(td, "taskrc"),
                    TASKDATA=os.path.join(td, "data"))
        tj = os.path.join(td, "10k.json")
        try:
            ntasks = task_json(small, tj)
            t0 = time.perf_counter()
            sh(["task", "import", tj], env=tenv)
            task_import = time.perf_counter() - t0
            nxt = ["task", "rc.verbose=nothing", "rc.confirmation=off",
                   "limit:20", "next"]
            got = sh(nxt, env=tenv)   # the first run may do housekeeping
            pending = sh(["task", "rc.verbose=nothing", "status:pending",
                          "count"], env=tenv).strip()
            if pending != str(ntasks):
                raise Failed("task has %s pending tasks, not %d"
                             % (pending, ntasks))
            if len(got.strip().splitlines()) < 20:
                raise Failed("task next printed %r" % got[:200])
            group.append(Spec("task", task_what, nxt, env=tenv, peer=True))
        except Failed as e:
            log("bench: %s: FAILED: %s" % (task_what, e))
            notes.append("%s: FAILED: %s" % (task_what, e))
            rows.append({"what": task_what, "r": None, "target": None,
                         "verdict": "FAILED", "peer": True})
    else:
        skip(task_what, "Taskwarrior not installed (apt-get install "
             "taskwarrior)", peer=True)
    if group:
        measure(group, RUNS)

    # set on 10k items against task modify, in rounds: a new value each
    # run, so that every run writes.
    group = []
    n_set = iter(range(1 << 30))
    if "import10000" in results:
        pset = [PRIO, "-C", ws[10_000], "set", "BL-5000", "title=x"]

        def retitle():
            pset[-1] = "title=Set %d" % next(n_set)
        group.append(Spec("set10k", "`set BL-5000 title=...`, 10k items",
                          pset, before=retitle, target=0.005))
    if "task" in results:
        tmod = ["task", "rc.verbose=nothing", "rc.confirmation=off", "5000",
                "modify", "x"]

        def tretitle():
            tmod[-1] = "Set %d" % next(n_set)
        group.append(Spec("task_modify", "Taskwarrior `task 5000 modify "
                          "...`, 10k items", tmod, env=tenv, peer=True,
                          before=tretitle))
    if group:
        measure(group, RUNS)

    pg_bench(files)

    # ---- ratios: the verdict is on wall time; CPU time for reference
    ratios = []

    def ratio(what, num, den, need, ok):
        a, b = results.get(num), results.get(den)
        if not a or not b:
            ratios.append((what, None, None, need, "not measured"))
            return
        x = a["s"] / b["s"]
        xc = a["cpu"] / b["cpu"] if a["cpu"] and b["cpu"] else None
        ratios.append((what, x, xc, need, "met" if ok(x) else "MISSED"))
    ratio("pandas script / prio `rank --in`, 1M", "pandas", "rank1000000",
          ">= 10x", lambda x: x >= 10)
    ratio("prio `import` 1M / sqlite3 shell `.import` 1M", "import1000000",
          "sqlite_import", "<= 2x", lambda x: x <= 2)
    ratio("sqlite3 `.import` + query / prio `rank --in`, 1M", "sqlite",
          "rank1000000", "> 1x", lambda x: x > 1)
    ratio("`task next limit:20` / prio `list --limit 20`, 10k items",
          "task", "list10k", ">= 30x", lambda x: x >= 30)
    ratio("`task modify` / prio `set`, 10k items", "task_modify", "set10k",
          ">= 20x", lambda x: x >= 20)
    if sizes:
        x = sizes["db"] / sizes["csv"]
        ratios.append(("backlog.db / the CSV it imported, 1M (%.0f MB / "
                       "%.0f MB; a size, not a time)" % (sizes["db"] / 1e6,
                                                         sizes["csv"] / 1e6),
                       x, None, "<= 2x", "met" if x <= 2 else "MISSED"))
    else:
        ratios.append(("backlog.db / the CSV it imported, 1M", None, None,
                       "<= 2x", "not measured"))
    ratio("Lua WSJF / native WSJF, `rank --in` 1M", "lua", "rank1000000",
          "<= 2x", lambda x: x <= 2)

    # ---- scaling
    scaling = []
    for key, name in (("rank", "`rank --in`, WSJF"), ("import", "`import`")):
        pts = [(n, results.get("%s%d" % (key, n), {}).get("s")) for n in SIZES]
        per = ["%s: %s" % (LABEL[n],
                           "%.2f µs/item" % (s / n * 1e6) if s else "-")
               for n, s in pts]
        grow = "-"
        if pts[1][1] and pts[2][1]:
            k = math.log10(pts[2][1] / pts[1][1])
            grow = "x%.1f for x10 items (exponent %.2f): %s" % (
                pts[2][1] / pts[1][1], k,
                "linear" if 0.85 <= k <= 1.15 else
                "worse than linear" if k > 1.15 else
                "better than linear (fixed costs still show at 100k)")
        scaling.append((name, per, grow, pts))
    try:
        scaling_svg([(scaling[0][0].replace("`", ""), scaling[0][3],
                      "#1f77b4", {1_000_000: 1.5}),
                     (scaling[1][0].replace("`", ""), scaling[1][3],
                      "#d62728", {100_000: 1.0, 1_000_000: 3.0})],
                    os.path.join(OUT, "scaling.svg"))
        chart = True
    except ValueError:   # nothing measured
        chart = False

    # ---- report
    versions = {
        "prio": version([PRIO, "--version"]),
        "pandas": pd_version and "pandas %s (%s)" % (pd_version, py),
        "sqlite3": shutil.which("sqlite3") and
        " ".join((version(["sqlite3", "--version"]) or "").split()[:2]),
        "task": shutil.which("task") and version(["task", "--version"]),
        "time": GNU_TIME and (version(["dpkg-query", "-W", "-f",
                                       "GNU time ${Version}", "time"])
                              or "GNU time"),
    }
    elapsed = time.monotonic() - started
    md = report(mach, load0, loadavg(), elapsed, ratios, scaling, versions,
                task_import, chart, floor)
    with open(os.path.join(OUT, "RESULTS.md"), "w", encoding="utf-8") as f:
        f.write(md)
    print(md)
    log("bench: wrote %s%s" % (os.path.join(OUT, "RESULTS.md"),
        " and scaling.svg" if chart else ""))


def report(mach, load0, load1, elapsed, ratios, scaling, versions,
           task_import, chart, floor):
    o = []
    o.append("# prio benchmark results\n")
    o.append("Written by `make bench` (bench/run, bench/bench.py); do not "
             "edit by hand, run it again.\n")
    o.append("Machine: %s cores (`nproc`), %s, %s RAM, Linux %s (%s); run "
             "%s, took %.0f s. Load average %s at the start, %s at the end "
             "(other work on the machine slows every figure alike)."
             % (mach["nproc"], mach["cpu"], mach["mem"], mach["kernel"],
                mach["machine"], mach["date"], elapsed, load0, load1))
    o.append("")
    o.append("Each time is the median wall-clock time of the timed runs "
             "(QUICK_RUNS=%d for commands under %g s, RUNS=%d for others, "
             "SLOW_RUNS=%d for 1M rows; no new run once one measurement's "
             "runs took %g s). Measurements "
             "compared with each other (prio, the Lua method, pandas and "
             "sqlite3 on the 1M file; prio list and task next) run in "
             "rounds, one run of each per round, so that they share the "
             "machine's load. CPU is user + system time (median, from "
             "wait4()), which load on the machine disturbs less than wall "
             "time. Starting a process that does nothing (`true`) takes "
             "%s here%s.\n"
             % (QUICK_RUNS, BARE_BELOW, RUNS, SLOW_RUNS, BUDGET,
                fmt_ms(floor[0]),
                ", %s under GNU time" % fmt_ms(floor[1]) if floor[1] else ""))
    o.append("Peak memory is the largest peak RSS of the runs: %s.\n" % (
        "GNU time's %%M; a command under %g s is timed without GNU time "
        "(which would add its own start-up to the time) and its memory "
        "taken in one more run of its own under GNU time" % BARE_BELOW
        if GNU_TIME else "wait4()'s ru_maxrss (GNU time is not installed)"))
    verdicts = [row["verdict"] for row in rows if row["target"]] + \
        [v for _, _, _, _, v in ratios]
    o.append("**Targets: %d met, %d missed, %d not measured** (of %d).\n"
             % (verdicts.count("met"), verdicts.count("MISSED"),
                len(verdicts) - verdicts.count("met")
                - verdicts.count("MISSED"), len(verdicts)))
    for peer in (False, True):
        o.append("## %s\n" % ("Peers, same run, same files" if peer
                              else "prio"))
        o.append("| what | time | runs | CPU | peak memory | target | "
                 "verdict |")
        o.append("|---|---:|---:|---:|---:|---:|---|")
        for row in rows:
            if row.get("peer", False) != peer:
                continue
            r = row["r"]
            o.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                row["what"], fmt_s(r["s"]) if r else "-",
                r["runs"] if r else "-",
                fmt_s(r["cpu"]) if r and r["cpu"] is not None else "-",
                fmt_mem(r["kib"]) if r else "-",
                "< " + fmt_s(row["target"]) if row["target"] else "-",
                row["verdict"]))
        o.append("")
    o.append("## Ratios\n")
    o.append("Times divided as named: for a peer, 6x means prio took a "
             "sixth of the peer's time. The verdict is on wall time.\n")
    o.append("| ratio | wall time | CPU time | target | verdict |")
    o.append("|---|---:|---:|---:|---|")
    for what, x, xc, need, v in ratios:
        o.append("| %s | %s | %s | %s | %s |" % (
            what, "%.2fx" % x if x else "-", "%.2fx" % xc if xc else "-",
            need, v))
    o.append("")
    o.append("## Scaling\n")
    if chart:
        o.append("![time against backlog size](scaling.svg)\n")
    o.append("| command | time per item | 100k to 1M |")
    o.append("|---|---|---|")
    for name, per, grow, _ in scaling:
        o.append("| %s | %s | %s |" % (name, "; ".join(per), grow))
    o.append("")
    if notes:
        o.append("## Skipped, failed or inconsistent\n")
        for n in notes:
            o.append("- " + n.replace("\n", " "))
        o.append("")
    same = [x for x, name in (("pandas", "pandas"), ("sqlite3", "sqlite"),
                              ("the Lua method", "lua"))
            if name in results and "rank1000000" in results
            and not any(n.startswith(name) or (name == "lua" and "Lua" in n)
                        for n in notes if "differs" in n)]
    checks = ("in this run the same as prio's for: " + ", ".join(same)
              if same else "nothing compared in this run")
    if any("differs" in n for n in notes):
        checks += "; differences are listed above"
    o.append("## How it was measured\n")
    o.append("""\
- Data: `build/bench/gen N` (bench/gen.c, fixed seed): 10k, 100k and 1M
  items with key, title (one in ten long; non-ASCII ones; one in twelve
  quoted with a comma and doubled quotes), type, status, labels (one quoted
  `"search,ux"`), the WSJF inputs (Fibonacci scale; one item in fifty
  without a job size), RICE (reach, impact, confidence, effort), MoSCoW and
  value. The 1M file is about 94 MB. Every command reads the same files.
- prio: `%(prio)s`, with HOME and XDG_CONFIG_HOME pointed at an empty
  temporary folder (no user configuration). `rank --in FILE --method wsjf
  --format csv -o OUT`; Lua: the same with `-c bench/bench.ini --method
  luawsjf` (bench/wsjf.lua, the WSJF formula with the same unscored
  reasons; its output is checked byte for byte against wsjf's). `import`:
  `prio init DIR` (untimed) then `prio -C DIR import FILE`, a fresh
  workspace every run. `export -o OUT` on the last 1M workspace. `list
  --limit 20` and `show BL-50000` on the 100k workspace: "cached" is after
  one untimed `list`; "after a change" runs `prio set BL-1 title=...`
  untimed before each timed `list`.
- pandas peer: `%(pandas)s` running bench/peer_pandas.py: `read_csv`,
  WSJF = (business_value + time_criticality + risk_reduction) / job_size,
  `sort_values(ascending=False, kind="stable", na_position="last")`,
  `to_csv`. Installed from Debian (`apt-get install python3-pandas`).
- sqlite3 peer: `%(sqlite3)s`, one process: `sqlite3 -batch :memory:
  ".import --csv 1M.csv backlog" ".headers on" ".mode csv" ".once OUT"
  "SELECT *, (business_value + time_criticality + risk_reduction) * 1.0 /
  job_size AS wsjf FROM backlog ORDER BY wsjf DESC, rowid;"` (an in-memory
  database: no disk writes, its fastest set-up; `rowid` keeps ties in line
  order as prio does). Debian's `sqlite3` package.
- pandas' and sqlite3's output orders are checked against prio's on the
  first 100k keys (%(checks)s).
- Taskwarrior peer: `%(task)s` (Debian's `taskwarrior`), with a private
  TASKRC and TASKDATA in a temporary folder (rc: data.location,
  confirmation=off, verbose=nothing, the four WSJF inputs declared as
  numeric UDAs). The 10k items are converted to Taskwarrior JSON
  (description = title, project = type, tags = labels, status pending, a
  fixed entry date, UDAs for the WSJF inputs, UUIDs derived from the keys)
  and loaded with `task import` (untimed: %(timport)s); one untimed `task
  next` first, then the timed `task rc.verbose=nothing
  rc.confirmation=off limit:20 next`, against prio's `list --limit 20` on
  the 10k workspace imported from the same CSV. `task next` orders by its
  urgency, prio by WSJF: both rank every pending item and print the top 20.
- Peak memory: %(time)s.
""" % {k: v or "not installed" for k, v in dict(
        versions, timport=fmt_s(task_import) if task_import else "-",
        checks=checks,
        time=("`%s -f %%M` (%s)" % (GNU_TIME, versions["time"]))
        if GNU_TIME else "wait4() ru_maxrss, GNU time not installed").items()})
    return "\n".join(o)


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(W, ignore_errors=True)
