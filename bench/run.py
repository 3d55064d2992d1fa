#!/usr/bin/env python3
"""wasmcell benchmark runner (run through bench/run.sh, which builds first).

Runs every benchmark in bench/out/bin/ under native code (gcc -O2 and clang-19 -O2),
wasmcell, node (V8, through bench/node-run.mjs) and any peer runtime named in
BENCH_RUNTIMES, alternating between runtimes, and prints per program the median
wall and CPU (user+sys of the child) seconds and the peak RSS, ratios to native
and between runtimes, geometric means, and start-up costs (hello world, and a
>= 1 MB-of-code module). Results also go to bench/out/results-<timestamp>.json.

usage: bench/run.sh [--quick] [--runs N] [--warmup N] [--no-startup] [PROGRAM...]
  PROGRAM...   only these programs (exact names or substrings), like BENCH_FILTER
  --quick      native-gcc, wasmcell and node only (plus BENCH_RUNTIMES if given),
               3 runs, no warm-up, no start-up section: `bench/run.sh --quick fib`
Environment:
  BENCH_RUNS=5          timed runs per program and runtime (after the warm-up)
  BENCH_WARMUP=1        untimed warm-up runs (the first run also checks the output)
  BENCH_FILTER=a,b      only programs whose names contain one of these
  BENCH_RUNTIMES="wasm3=/path/to/wasm3 iwasm=/path/to/iwasm"   extra runtimes, each a
                        CLI taking FILE.wasm ARGS...
  BENCH_ONLY=wasmcell,node   restrict the runtimes (names as printed)
  BENCH_TIMEOUT=120     seconds before one run is killed and reported as failed
  WASMCELL=build/wasmcell   NODE=node
"""
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, 'out')
BIN = os.path.join(OUT, 'bin')

# Benchmark programs in report order: (name, what it measures).
PROGRAMS = [
    ('fib', 'recursive calls'),
    ('sieve', 'byte-array loops'),
    ('nbody', 'f64 arithmetic, sqrt'),
    ('matmul', 'f64 loads/stores, multiply-add'),
    ('sha256', '32-bit integer ops'),
    ('fannkuch', 'small-array permutations, branches'),
    ('binarytrees', 'malloc/free, recursion'),
    ('interp', 'switch-dispatch interpreter loop'),
    ('hashmap', 'strings, hashing, snprintf'),
    ('sort', 'quicksort of 1M integers'),
    ('memops', 'memcpy/memset/memmove (wasi-libc loops)'),
    ('memops_bulk', 'same, with memory.copy/fill'),
    ('lua', 'Lua 5.4 interpreter (Debian source)'),
    ('sqlite', 'SQLite in-memory SQL (Debian source)'),
]
BASELINE = 'native-gcc'


def env_int(name, default):
    v = os.environ.get(name, '')
    try:
        return int(v) if v.strip() else default
    except ValueError:
        sys.exit(f'run.py: {name} must be an integer, not {v!r}')


class Runtime:
    def __init__(self, name, argv_prefix, native=False):
        self.name = name
        self.prefix = argv_prefix   # list; for native runtimes, the binary suffix
        self.native = native
        self.problem = None         # reason this runtime cannot run at all

    def argv(self, prog, args=()):
        if self.native:
            return [os.path.join(BIN, f'{prog}.{self.prefix}'), *args]
        return [*self.prefix, os.path.join(BIN, f'{prog}.wasm'), *args]

    def has(self, prog):
        f = os.path.join(BIN, f'{prog}.{self.prefix}' if self.native else f'{prog}.wasm')
        return os.path.exists(f)


RUSAGE_RUN = os.path.join(BIN, 'rusage-run')


def measure(argv, timeout):
    """Runs argv once under rusage-run; returns dict(rc, wall, cpu, rss_kb, out, err,
    timeout). cpu is user+sys of the command, rss_kb its peak RSS (KiB)."""
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe, \
            tempfile.NamedTemporaryFile('r', prefix='bench-ru-') as fr:
        try:
            p = subprocess.Popen([RUSAGE_RUN, fr.name, *argv], stdin=subprocess.DEVNULL,
                                 stdout=fo, stderr=fe, start_new_session=True)
        except OSError as e:
            return dict(rc=None, wall=0, cpu=0, rss_kb=0, out='', err=str(e), timeout=False)
        timed_out = False
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
        fo.seek(0)
        fe.seek(0)
        out = fo.read().decode(errors='replace')
        err = fe.read().decode(errors='replace')
        fields = fr.read().split()
        if timed_out or len(fields) != 5:
            return dict(rc=p.returncode if not timed_out else None, wall=0, cpu=0, rss_kb=0,
                        out=out, err=err or 'no measurement', timeout=timed_out)
        rc, wall, user, sys_, rss = fields
        return dict(rc=int(rc), wall=float(wall), cpu=float(user) + float(sys_),
                    rss_kb=int(rss), out=out, err=err, timeout=False)


def fmt_ratio(r):
    if r is None:
        return '-'
    return f'{r:.2f}x' if r < 100 else f'{r:.0f}x'


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    if not xs:
        return None
    return statistics.geometric_mean(xs)


def machine_info():
    cpu = ''
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    return dict(cpu=cpu, cores=os.cpu_count(), kernel=platform.release(),
                python=platform.python_version(), loadavg_at_start=os.getloadavg())


def tool_version(argv):
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=10)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return ''


def main():
    args = sys.argv[1:]
    quick = False
    startup = True
    runs = env_int('BENCH_RUNS', 5)
    warmup = env_int('BENCH_WARMUP', 1)
    timeout = env_int('BENCH_TIMEOUT', 120)
    filters = [f for f in os.environ.get('BENCH_FILTER', '').replace(',', ' ').split() if f]
    i = 0
    while i < len(args):
        a = args[i]
        if a == '--quick':
            quick = True
        elif a == '--no-startup':
            startup = False
        elif a in ('--runs', '--warmup') and i + 1 < len(args):
            val = int(args[i + 1])
            if a == '--runs':
                runs = val
            else:
                warmup = val
            i += 1
        elif a in ('-h', '--help'):
            print(__doc__)
            return 0
        elif a.startswith('-'):
            sys.exit(f'run.py: unknown option {a} (see --help)')
        else:
            filters.append(a)
        i += 1
    if quick:
        if 'BENCH_RUNS' not in os.environ:
            runs = 3
        if 'BENCH_WARMUP' not in os.environ:
            warmup = 0
        startup = False
    runs = max(runs, 1)

    if not os.access(RUSAGE_RUN, os.X_OK):
        sys.exit('run.py: bench/out/bin/rusage-run is missing: run bench/build.sh (or bench/run.sh)')
    wasmcell = os.environ.get('WASMCELL', os.path.join(ROOT, 'build', 'wasmcell'))
    node = os.environ.get('NODE', 'node')
    runtimes = [Runtime('native-gcc', 'gcc', native=True)]
    if not quick:
        runtimes.append(Runtime('native-clang', 'clang', native=True))
    runtimes.append(Runtime('wasmcell', [wasmcell, 'run']))
    runtimes.append(Runtime('node', [node, '--no-warnings', os.path.join(HERE, 'node-run.mjs')]))
    for spec in os.environ.get('BENCH_RUNTIMES', '').split():
        if '=' not in spec:
            sys.exit(f'run.py: BENCH_RUNTIMES entry {spec!r} is not NAME=/path/to/cli')
        name, path = spec.split('=', 1)
        runtimes.append(Runtime(name, [path]))
    only = [x for x in os.environ.get('BENCH_ONLY', '').replace(',', ' ').split() if x]
    if only:
        runtimes = [r for r in runtimes if r.name in only or r.name == BASELINE]

    # A runtime that cannot even start (missing binary) is reported once.
    for rt in runtimes:
        if rt.native:
            continue
        exe = rt.prefix[0]
        if os.sep in exe and not os.access(exe, os.X_OK):
            rt.problem = f'not found: {exe}'
        elif os.sep not in exe and not any(
                os.access(os.path.join(d, exe), os.X_OK)
                for d in os.environ.get('PATH', '').split(os.pathsep)):
            rt.problem = f'not on PATH: {exe}'

    # Pre-flight: every wasm runtime must run hello.wasm (a runtime that hangs or
    # fails here is reported once instead of timing out on every program).
    hello = os.path.join(BIN, 'hello.wasm')
    for rt in runtimes:
        if rt.native or rt.problem or not os.path.exists(hello):
            continue
        m = measure(rt.argv('hello'), min(timeout, 30))
        if m['timeout'] or m['rc'] != 0 or m['out'] != 'hello world\n':
            why = ('timeout' if m['timeout'] else f'exit {m["rc"]}'
                   + (': ' + m['err'].strip().splitlines()[-1][:80] if m['err'].strip() else ''))
            rt.problem = f'cannot run hello.wasm ({why})'

    programs = [(p, d) for p, d in PROGRAMS
                if not filters or any(f == p or f in p for f in filters)]
    if not programs:
        sys.exit(f'run.py: no program matches {filters}; programs: '
                 + ' '.join(p for p, _ in PROGRAMS))

    info = machine_info()
    stamp = time.strftime('%Y%m%d-%H%M%S')
    print(f'# wasmcell benchmarks {stamp}: {info["cpu"]}, {info["cores"]} cores, '
          f'load {info["loadavg_at_start"][0]:.1f}; runs={runs} warmup={warmup}')
    for rt in runtimes:
        desc = ' '.join(rt.prefix) if not rt.native else f'bench/out/bin/*.{rt.prefix}'
        print(f'#   {rt.name:13} {desc}' + (f'   [UNAVAILABLE: {rt.problem}]' if rt.problem else ''))
    sys.stdout.flush()

    results = {}
    for prog, what in programs:
        res = results[prog] = {}
        ref = None   # expected stdout: native-gcc's
        active = []
        for rt in runtimes:
            r = res[rt.name] = dict(status='ok', wall=[], cpu=[], rss_kb=[])
            if rt.problem:
                r['status'] = f'unavailable ({rt.problem})'
            elif not rt.has(prog):
                r['status'] = 'not built'
            else:
                active.append(rt)
        if BASELINE not in [rt.name for rt in active]:
            print(f'\n== {prog}: skipped ({res[BASELINE]["status"]} for {BASELINE})')
            continue
        # checking run (counts as a warm-up): exit 0, "ok", same output as native-gcc
        for rt in list(active):
            m = measure(rt.argv(prog), timeout)
            r = res[rt.name]
            why = None
            if m['timeout']:
                why = f'timeout after {timeout}s'
            elif m['rc'] != 0:
                tail = (m['err'].strip().splitlines() or m['out'].strip().splitlines() or [''])[-1]
                why = f'exit {m["rc"]}: {tail[:100]}'
            elif rt.name == BASELINE:
                ref = m['out']
                if not ref.rstrip().endswith('ok'):
                    why = 'self-check did not print ok'
            elif m['out'] != ref:
                why = 'output differs from native'
            if why:
                r['status'] = 'FAIL: ' + why
                active.remove(rt)
                if rt.name == BASELINE:
                    active = []
        for _ in range(max(warmup - 1, 0)):
            for rt in active:
                measure(rt.argv(prog), timeout)
        # timed runs, alternating runtimes, rotating the order each round
        for k in range(runs):
            order = active[k % len(active):] + active[:k % len(active)] if active else []
            for rt in order:
                r = res[rt.name]
                if r['status'] != 'ok':
                    continue
                m = measure(rt.argv(prog), timeout)
                if m['rc'] != 0 or m['timeout']:
                    r['status'] = 'FAIL: ' + ('timeout' if m['timeout'] else f'exit {m["rc"]}')
                    continue
                r['wall'].append(m['wall'])
                r['cpu'].append(m['cpu'])
                r['rss_kb'].append(m['rss_kb'])
        for rt in runtimes:
            r = res[rt.name]
            if r['status'] == 'ok' and r['wall']:
                r['median_wall'] = statistics.median(r['wall'])
                r['median_cpu'] = statistics.median(r['cpu'])
                r['max_rss_kb'] = max(r['rss_kb'])
        print_program(prog, what, runtimes, res)

    summary = print_summary(programs, runtimes, results)
    start = run_startup(runtimes, runs, timeout) if startup else {}

    doc = dict(timestamp=stamp, machine=info, runs=runs, warmup=warmup,
               tools=dict(clang=tool_version(['clang-19', '--version']),
                          gcc=tool_version(['gcc', '--version']),
                          node=tool_version([node, '--version'])),
               runtimes={rt.name: (' '.join(rt.prefix) if not rt.native else rt.prefix)
                         for rt in runtimes},
               programs=results, summary=summary, startup=start,
               loadavg_at_end=os.getloadavg())
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f'results-{stamp}.json')
    with open(path, 'w') as f:
        json.dump(doc, f, indent=1)
    print(f'\nresults: {os.path.relpath(path, os.getcwd())}')
    return 0


def print_program(prog, what, runtimes, res):
    base = res[BASELINE].get('median_wall')
    ok_rts = [rt for rt in runtimes if 'median_wall' in res[rt.name]]
    size = os.path.getsize(os.path.join(BIN, f'{prog}.wasm')) if os.path.exists(
        os.path.join(BIN, f'{prog}.wasm')) else 0
    print(f'\n== {prog} ({what}; {prog}.wasm {size / 1024:.0f} KiB)')
    peers = [rt.name for rt in ok_rts if not rt.name.startswith('native')]
    head = f'{"runtime":13} {"wall s":>8} {"cpu s":>8} {"rss MiB":>8} {"x native":>9}'
    for p in peers:
        head += f' {"x " + p:>10}'
    print(head)
    for rt in runtimes:
        r = res[rt.name]
        if 'median_wall' not in r:
            print(f'{rt.name:13} {r["status"]}')
            continue
        w = r['median_wall']
        line = (f'{rt.name:13} {w:8.3f} {r["median_cpu"]:8.3f} {r["max_rss_kb"] / 1024:8.1f} '
                f'{fmt_ratio(w / base if base else None):>9}')
        for p in peers:
            pw = res[p].get('median_wall')
            line += f' {fmt_ratio(w / pw if pw else None):>10}'
        print(line)
    sys.stdout.flush()


def print_summary(programs, runtimes, results):
    names = [rt.name for rt in runtimes]
    for metric, label in (('median_wall', 'wall'), ('median_cpu', 'CPU (user+sys)')):
        print_table(programs, names, results, metric, label)
    failures = [(p, n, results[p][n]['status']) for p, _ in programs for n in names
                if results[p][n]['status'] != 'ok']
    if failures:
        print('\n== not measured')
        for p, n, st in failures:
            print(f'{p:12} {n:13} {st}')
    # geometric means of wall and CPU ratios, each runtime vs each other one,
    # over the programs that both ran successfully
    geo = {}
    for metric in ('median_wall', 'median_cpu'):
        geo[metric] = {}
        for a in names:
            for b in names:
                if a == b:
                    continue
                ratios = [results[p][a][metric] / results[p][b][metric]
                          for p, _ in programs
                          if metric in results[p][a] and metric in results[p][b]
                          and results[p][b][metric] > 0]
                g = geomean(ratios)
                if g:
                    geo[metric][f'{a}/{b}'] = dict(geomean=g, programs=len(ratios))
    for metric, label in (('median_wall', 'wall'), ('median_cpu', 'cpu')):
        print(f'\n== geometric mean of {label}-time ratios (row / column; programs compared)')
        print(f'{"":13}' + ''.join(f' {n:>15}' for n in names))
        for a in names:
            line = f'{a:13}'
            for b in names:
                g = geo[metric].get(f'{a}/{b}')
                cell = '' if a == b else (f'{fmt_ratio(g["geomean"])} ({g["programs"]})' if g else '-')
                line += f' {cell:>15}'
            print(line)
    sys.stdout.flush()
    return geo


def print_table(programs, names, results, metric, label):
    print(f'\n== summary: median {label} seconds (ratio to native-gcc)')
    print(f'{"program":12}' + ''.join(f' {n:>17}' for n in names))
    for prog, _ in programs:
        res = results[prog]
        base = res[BASELINE].get(metric)
        line = f'{prog:12}'
        for n in names:
            w = res[n].get(metric)
            if w is None:
                st = res[n]['status']
                cell = 'FAIL' if st.startswith('FAIL') else ('n/a' if st != 'ok' else '-')
            elif n == BASELINE:
                cell = f'{w:.3f}'
            else:
                cell = f'{w:.3f} ({fmt_ratio(w / base) if base else "-"})'
            line += f' {cell:>17}'
        print(line)


def run_startup(runtimes, runs, timeout):
    """hello world (wall, RSS) and instantiation of the >= 1 MB-of-code module."""
    out = {}
    items = [('hello', []), ('big', [])]
    print('\n== start-up: median wall ms and peak RSS of hello world; '
          'run of big.wasm (code section >= 1 MB, calls one function)')
    big = os.path.join(BIN, 'big.wasm')
    if os.path.exists(big):
        print(f'   big.wasm: {os.path.getsize(big) / 1048576:.2f} MiB, '
              f'{code_size(big) / 1048576:.2f} MiB of code')
    print(f'{"runtime":13} {"hello ms":>9} {"hello MiB":>10} {"big ms":>9} {"big MiB":>9} '
          f'{"big-hello ms":>13}')
    n = max(runs, 5)
    for rt in runtimes:
        if rt.name == 'native-clang':
            continue
        row = out[rt.name] = {}
        cells = []
        for prog, args in items:
            if rt.problem or not rt.has(prog if not rt.native or prog == 'hello' else '-'):
                row[prog] = dict(status='n/a')
                cells += ['n/a', '']
                continue
            ms, rss, bad = [], [], None
            for _ in range(n + 1):
                m = measure(rt.argv(prog, args), timeout)
                if m['rc'] != 0:
                    bad = f'exit {m["rc"]}: ' + (m['err'].strip().splitlines() or [''])[-1][:60]
                    break
                ms.append(m['wall'] * 1000)
                rss.append(m['rss_kb'])
            if bad:
                row[prog] = dict(status='FAIL: ' + bad)
                cells += ['FAIL', '']
                continue
            ms, rss = ms[1:], rss[1:]   # first run is the warm-up
            row[prog] = dict(status='ok', median_ms=statistics.median(ms), ms=ms,
                             max_rss_kb=max(rss))
            cells += [f'{statistics.median(ms):.1f}', f'{max(rss) / 1024:.1f}']
        h, b = row.get('hello', {}), row.get('big', {})
        diff = (f'{b["median_ms"] - h["median_ms"]:.1f}'
                if 'median_ms' in h and 'median_ms' in b else '')
        print(f'{rt.name:13} {cells[0]:>9} {cells[1]:>10} {cells[2]:>9} {cells[3]:>9} {diff:>13}')
        if any(c == 'FAIL' for c in cells):
            for prog in ('hello', 'big'):
                if row.get(prog, {}).get('status', '').startswith('FAIL'):
                    print(f'{"":13} {prog}: {row[prog]["status"]}')
    return out


def code_size(path):
    """Size of the code section (id 10) of a wasm module."""
    with open(path, 'rb') as f:
        data = f.read()
    pos = 8
    while pos < len(data):
        sid = data[pos]
        pos += 1
        size = shift = 0
        while True:
            b = data[pos]
            pos += 1
            size |= (b & 0x7f) << shift
            shift += 7
            if not b & 0x80:
                break
        if sid == 10:
            return size
        pos += size
    return 0


if __name__ == '__main__':
    sys.exit(main())
