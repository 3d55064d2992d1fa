#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""wasmcell benchmark runner (run through bench/run.sh, which builds first).

Runs every benchmark in bench/out/bin/ under native code (gcc -O2 and clang-19 -O2),
wasmcell (interpreter, AOT, tiered with a cold and a warm code cache), node (V8,
through bench/node-run.mjs), WAMR's LLVM AOT when found in BENCH_PEERS, and any
runtime named in BENCH_RUNTIMES, alternating between runtimes, and prints per program
the median wall and CPU (user+sys of the child) seconds and the peak RSS, ratios to
native and between runtimes, geometric means, and start-up costs (hello world, and a
>= 1 MB-of-code module). Results also go to bench/out/results-<timestamp>.json.

usage: bench/run.sh [--quick] [--runs N] [--warmup N] [--no-startup] [PROGRAM...]
       bench/run.py --compile-speed [--runs N] [PROGRAM...]
  PROGRAM...   only these programs (exact names or substrings), like BENCH_FILTER
  --quick      no native-clang, 3 runs, no warm-up, no start-up section:
               `bench/run.sh --quick fib`
  --compile-speed   instead of running: CPU/wall seconds, peak RSS and artifact size
               of `wasmcell compile --opt 0..3` and of wamrc (default level) on
               sqlite and lua (or the PROGRAMs given), median of 3 compiles
Runtimes (names as printed; a wasmcell column whose command this wasmcell does not
have yet, exit 125, is skipped with a message):
  native-gcc, native-clang   bench/out/bin/NAME.gcc / NAME.clang
  wasmcell             $WASMCELL run --tier interp FILE.wasm (without --tier if unknown)
  wasmcell-aot         $WASMCELL compile [BENCH_AOT_FLAGS] FILE.wasm -o bench/out/aot/...
                       once, untimed (reused while the .wasm, wasmcell and flags are
                       unchanged); timed: $WASMCELL run FILE.cwasm
  wasmcell-checked     $WASMCELL run --tier interp --bounds-checks FILE.wasm (bounds-checked
                       linear memory instead of guard pages: the cost of the checks)
  wasmcell-aot-checked as wasmcell-aot, compiled and run with --bounds-checks
  wasmcell-auto        $WASMCELL run --tier auto --no-cache (cold: every run starts interpreted)
  wasmcell-auto-warm   --tier auto --cache-dir bench/out/cache-warm/TAG/PROG, filled by one
                       untimed run (WASMCELL_CACHE_FILL_WAIT=1: it waits for the cache fill)
  node                 node --no-warnings bench/node-run.mjs FILE.wasm
  wamr-aot             BENCH_PEERS/wamrc [BENCH_WAMRC_FLAGS] -o FILE.aot FILE.wasm once,
                       untimed; timed: BENCH_PEERS/iwasm-aot FILE.aot
  wamr-fjit            BENCH_PEERS/iwasm-fjit FILE.wasm (WAMR fast JIT), if present
Environment:
  BENCH_RUNS=5          timed runs per program and runtime (after the warm-up)
  BENCH_WARMUP=1        untimed warm-up runs (the first run also checks the output)
  BENCH_FILTER=a,b      only programs whose names contain one of these
  BENCH_RUNTIMES="wasm3=/path/to/wasm3 iwasm=/path/to/iwasm"   extra runtimes, each a
                        CLI taking FILE.wasm ARGS...
  BENCH_ONLY=wasmcell,node   restrict the runtimes (names as printed)
  BENCH_PEERS=/work/ext/peers   where wamrc, iwasm-aot, iwasm-fjit are looked for
                        (built outside the repository; `none` disables)
  BENCH_AOT_FLAGS=      extra `wasmcell compile` flags, e.g. "--opt 3 --target-cpu native"
  BENCH_WAMRC_FLAGS=    extra wamrc flags (default none: --opt-level=3, host CPU)
  BENCH_TIMEOUT=120     seconds before one run is killed and reported as failed
  WASMCELL=build/wasmcell   NODE=node
"""
import hashlib
import json
import os
import platform
import shutil
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
DEFAULT_PEERS = '/work/ext/peers'


def env_int(name, default):
    v = os.environ.get(name, '')
    try:
        return int(v) if v.strip() else default
    except ValueError:
        sys.exit(f'run.py: {name} must be an integer, not {v!r}')


class Runtime:
    """A way to run a benchmark: a native binary (prefix = its suffix in bench/out/bin)
    or a CLI that takes FILE.wasm ARGS... (prefix = the argv before FILE.wasm).
    Subclasses run something prepared from the .wasm file instead (an AOT artifact,
    a cache directory)."""

    def __init__(self, name, argv_prefix, native=False):
        self.name = name
        self.prefix = argv_prefix   # list; for native runtimes, the binary suffix
        self.native = native
        self.problem = None         # reason this runtime cannot run at all
        self.note = ''              # printed after the command in the header
        self.prep = {}              # per program: None (ready) or an error string
        self.prep_info = {}         # per program: what preparing it cost (JSON)

    def argv(self, prog, args=()):
        if self.native:
            return [os.path.join(BIN, f'{prog}.{self.prefix}'), *args]
        return [*self.prefix, wasm_path(prog), *args]

    def has(self, prog):
        f = os.path.join(BIN, f'{prog}.{self.prefix}' if self.native else f'{prog}.wasm')
        return os.path.exists(f)

    def exe(self):
        return None if self.native else self.prefix[0]

    def describe(self):
        return ' '.join(self.prefix) if not self.native else f'bench/out/bin/*.{self.prefix}'

    def prepare(self, prog, timeout):
        """Untimed work before the first run of prog; returns None or an error."""
        if prog not in self.prep:
            self.prep[prog] = self._prepare(prog, timeout)
        return self.prep[prog]

    def _prepare(self, prog, timeout):
        return None

    def measure(self, prog, timeout, args=()):
        return measure(self.argv(prog, args), timeout)


def wasm_path(prog):
    return os.path.join(BIN, f'{prog}.wasm')


def failure(m, timeout):
    """Why a measured run failed (None when it exited 0)."""
    if m['timeout']:
        return f'timeout after {timeout}s'
    if m['rc'] != 0:
        tail = (m['err'].strip().splitlines() or m['out'].strip().splitlines() or [''])[-1]
        return f'exit {m["rc"]}: {tail[:100]}'
    return None


def file_key(*paths):
    """Identity of files for an artifact cache: real path, size and mtime of each."""
    parts = []
    for p in paths:
        st = os.stat(p)
        parts.append(f'{os.path.realpath(p)}:{st.st_size}:{st.st_mtime_ns}')
    return '\n'.join(parts)


def which(exe):
    if os.sep in exe:
        return exe if os.access(exe, os.X_OK) else None
    for d in os.environ.get('PATH', '').split(os.pathsep):
        if os.access(os.path.join(d, exe), os.X_OK):
            return os.path.join(d, exe)
    return None


class AotRuntime(Runtime):
    """Compiles FILE.wasm once with compile_argv(src, dst) (untimed; the artifact is
    kept in bench/out/aot/NAME/ and reused while the .wasm file, the compiler and the
    flags are unchanged), then times run_prefix + [artifact, ARGS...]."""

    def __init__(self, name, compile_argv, run_prefix, ext, tools):
        super().__init__(name, run_prefix)
        self.compile_argv = compile_argv
        self.ext = ext
        self.tools = tools          # binaries whose identity keys the artifacts
        # one directory per compiler binary: two runs with different builds (at the
        # same time, or one after the other) never overwrite each other's artifacts
        self.dir = os.path.join(OUT, 'aot', name, path_tag(tools))

    def artifact(self, prog):
        return os.path.join(self.dir, f'{prog}.{self.ext}')

    def argv(self, prog, args=()):
        return [*self.prefix, self.artifact(prog), *args]

    def exe(self):
        return self.tools[0]

    def describe(self):
        return (f'{" ".join(self.compile_argv("FILE.wasm", "A"))}; '
                f'{" ".join(self.prefix)} A')

    def _prepare(self, prog, timeout):
        os.makedirs(self.dir, exist_ok=True)
        dst = self.artifact(prog)
        keyfile = dst + '.key'
        cmd = self.compile_argv(wasm_path(prog), dst)
        key = file_key(wasm_path(prog), *self.tools) + '\n' + ' '.join(cmd[1:])
        try:
            with open(keyfile) as f:
                if f.read() == key and os.path.exists(dst):
                    self.prep_info[prog] = dict(cached=True, size=os.path.getsize(dst))
                    return None
        except OSError:
            pass
        for f in (dst, keyfile):
            if os.path.exists(f):
                os.remove(f)
        # compile to a temporary name, then rename: a concurrent run never sees half
        tmp = os.path.join(self.dir, f'{prog}.tmp{os.getpid()}.{self.ext}')
        limit = max(timeout, 600)   # compiling SQLite at -O3 takes wamrc ~40 s here
        m = measure(self.compile_argv(wasm_path(prog), tmp), limit)
        why = failure(m, limit)
        if why or not os.path.exists(tmp):
            if os.path.exists(tmp):
                os.remove(tmp)
            return f'compile failed: {why or "no output"}'
        os.replace(tmp, dst)
        with open(keyfile + f'.tmp{os.getpid()}', 'w') as f:
            f.write(key)
        os.replace(keyfile + f'.tmp{os.getpid()}', keyfile)
        self.prep_info[prog] = dict(cached=False, compile_cpu=m['cpu'], compile_wall=m['wall'],
                                    compile_rss_kb=m['rss_kb'], size=os.path.getsize(dst))
        return None


class CacheRuntime(Runtime):
    """wasmcell run --tier auto: cold = --no-cache (no cache read or filled); warm =
    one cache directory per program, emptied and filled by one untimed run before
    the first measured one (which waits for the detached cache fill it starts)."""

    def __init__(self, name, wasmcell, warm):
        super().__init__(name, [wasmcell, 'run', '--tier', 'auto'])
        self.warm = warm

    def describe(self):
        if not self.warm:
            return f'{" ".join(self.prefix)} --no-cache'
        d = 'bench/out/cache-warm/TAG/PROG (filled by one untimed run)'
        return f'{" ".join(self.prefix)} --cache-dir {d}'

    def cache_dir(self, prog):
        return os.path.join(OUT, 'cache-warm', path_tag([self.prefix[0]]), prog)

    def argv(self, prog, args=()):
        if not self.warm:
            return [*self.prefix, '--no-cache', wasm_path(prog), *args]
        return [*self.prefix, '--cache-dir', self.cache_dir(prog), wasm_path(prog), *args]

    def _prepare(self, prog, timeout):
        if not self.warm:
            return None
        d = self.cache_dir(prog)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        os.environ['WASMCELL_CACHE_FILL_WAIT'] = '1'
        try:
            m = measure(self.argv(prog), timeout)
        finally:
            del os.environ['WASMCELL_CACHE_FILL_WAIT']
        why = failure(m, timeout)
        if why:
            return f'filling the cache failed: {why}'
        self.prep_info[prog] = dict(fill_cpu=m['cpu'], fill_wall=m['wall'],
                                    cache_bytes=dir_size(d))
        return None

    def measure(self, prog, timeout, args=()):
        return measure(self.argv(prog, args), timeout)


def path_tag(paths):
    """A short name for a set of binaries (their real paths)."""
    h = hashlib.sha256('\0'.join(os.path.realpath(p) for p in paths).encode())
    return h.hexdigest()[:12]


def dir_size(d):
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(d) for f in fs)


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


def all_programs():
    """PROGRAMS, then any other program built into bench/out/bin (NAME.wasm beside
    NAME.gcc, e.g. a new bench/programs/NAME.c), in name order."""
    names = {p for p, _ in PROGRAMS} | {'hello', 'big'}
    extra = []
    if os.path.isdir(BIN):
        for f in sorted(os.listdir(BIN)):
            n = f[:-5]
            if f.endswith('.wasm') and n not in names and os.path.exists(os.path.join(BIN, n + '.gcc')):
                src = os.path.join(HERE, 'programs', n + '.c')
                extra.append((n, f'bench/programs/{n}.c' if os.path.exists(src) else 'bench/out/bin'))
    return PROGRAMS + extra


def peers_dir():
    d = os.environ.get('BENCH_PEERS', DEFAULT_PEERS)
    return None if d in ('', 'none', '0') else d


def wamr_aot(peers):
    """WAMR's LLVM AOT: wamrc (default flags unless BENCH_WAMRC_FLAGS) + iwasm built
    with AOT; found as PEERS/wamrc and PEERS/iwasm-aot."""
    wamrc = os.path.join(peers, 'wamrc')
    iwasm = os.path.join(peers, 'iwasm-aot')
    flags = os.environ.get('BENCH_WAMRC_FLAGS', '').split()
    return AotRuntime('wamr-aot', lambda src, dst: [wamrc, *flags, '-o', dst, src],
                      [iwasm], 'aot', [wamrc, iwasm])


def make_runtimes(wasmcell, node, quick):
    runtimes = [Runtime('native-gcc', 'gcc', native=True)]
    if not quick:
        runtimes.append(Runtime('native-clang', 'clang', native=True))
    # wasmcell's interpreter: `--tier interp` (preflight drops the flag for a
    # wasmcell that does not know it yet)
    runtimes.append(Runtime('wasmcell', [wasmcell, 'run', '--tier', 'interp']))
    # bounds-checked memory (what runs where no 8 GiB reservation fits)
    runtimes.append(Runtime('wasmcell-checked',
                            [wasmcell, 'run', '--tier', 'interp', '--bounds-checks']))
    aot_flags = os.environ.get('BENCH_AOT_FLAGS', '').split()
    runtimes.append(AotRuntime(
        'wasmcell-aot', lambda src, dst: [wasmcell, 'compile', *aot_flags, src, '-o', dst],
        [wasmcell, 'run'], 'cwasm', [wasmcell]))
    runtimes.append(AotRuntime(
        'wasmcell-aot-checked',
        lambda src, dst: [wasmcell, 'compile', '--bounds-checks', *aot_flags, src, '-o', dst],
        [wasmcell, 'run', '--bounds-checks'], 'cwasm', [wasmcell]))
    runtimes.append(CacheRuntime('wasmcell-auto', wasmcell, warm=False))
    runtimes.append(CacheRuntime('wasmcell-auto-warm', wasmcell, warm=True))
    runtimes.append(Runtime('node', [node, '--no-warnings', os.path.join(HERE, 'node-run.mjs')]))
    peers = peers_dir()
    if peers and all(os.access(os.path.join(peers, f), os.X_OK) for f in ('wamrc', 'iwasm-aot')):
        runtimes.append(wamr_aot(peers))
    if peers and os.access(os.path.join(peers, 'iwasm-fjit'), os.X_OK):
        runtimes.append(Runtime('wamr-fjit', [os.path.join(peers, 'iwasm-fjit')]))
    for spec in os.environ.get('BENCH_RUNTIMES', '').split():
        if '=' not in spec:
            sys.exit(f'run.py: BENCH_RUNTIMES entry {spec!r} is not NAME=/path/to/cli')
        name, path = spec.split('=', 1)
        runtimes = [r for r in runtimes if r.name != name]
        runtimes.append(Runtime(name, [path]))
    return runtimes


def preflight(runtimes, timeout):
    """Marks the runtimes that cannot run at all (missing binary, or hello.wasm
    fails), once, instead of failing on every program. A wasmcell column whose
    command this wasmcell does not have yet (usage error, exit 125) is skipped
    with a message; the interpreter column falls back to `run` without --tier."""
    for rt in runtimes:
        if rt.native:
            continue
        for exe in (rt.tools if isinstance(rt, AotRuntime) else [rt.exe()]):
            if not which(exe):
                rt.problem = f'not found: {exe}' if os.sep in exe else f'not on PATH: {exe}'
                break
    hello = wasm_path('hello')
    if not os.path.exists(hello):
        return
    t = min(timeout, 30)
    for rt in runtimes:
        if rt.native or rt.problem:
            continue
        wc = rt.name.startswith('wasmcell')
        why = rt.prepare('hello', timeout)
        if why:
            if wc and 'exit 125' in why:
                rt.problem = f'skipped: this wasmcell does not support it ({why})'
            else:
                rt.problem = f'cannot prepare hello.wasm ({why})'
            continue
        m = rt.measure('hello', t)
        if rt.name == 'wasmcell' and m['rc'] == 125 and '--tier' in rt.prefix:
            note = (m['err'].strip().splitlines() or [''])[-1][:70]
            rt.prefix = [x for x in rt.prefix if x not in ('--tier', 'interp')]
            rt.note = f'(no --tier flag: its only tier; "{note}")'
            m = rt.measure('hello', t)
        if m['timeout'] or m['rc'] != 0 or m['out'] != 'hello world\n':
            why = ('timeout' if m['timeout'] else f'exit {m["rc"]}'
                   + (': ' + m['err'].strip().splitlines()[-1][:80] if m['err'].strip() else ''))
            if wc and m['rc'] == 125:
                rt.problem = f'skipped: this wasmcell does not support it ({why})'
            else:
                rt.problem = f'cannot run hello.wasm ({why})'


def main():
    args = sys.argv[1:]
    quick = False
    compile_only = False
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
        elif a == '--compile-speed':
            compile_only = True
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
        if 'BENCH_RUNS' not in os.environ and '--runs' not in args:
            runs = 3
        if 'BENCH_WARMUP' not in os.environ and '--warmup' not in args:
            warmup = 0
        startup = False
    runs = max(runs, 1)

    if not os.access(RUSAGE_RUN, os.X_OK):
        sys.exit('run.py: bench/out/bin/rusage-run is missing: run bench/build.sh (or bench/run.sh)')
    wasmcell = os.environ.get('WASMCELL', os.path.join(ROOT, 'build', 'wasmcell'))
    node = os.environ.get('NODE', 'node')
    if compile_only:
        given = 'BENCH_RUNS' in os.environ or '--runs' in args
        return compile_speed(wasmcell, filters or ['sqlite', 'lua'], runs if given else 3, timeout)
    runtimes = make_runtimes(wasmcell, node, quick)
    only = [x for x in os.environ.get('BENCH_ONLY', '').replace(',', ' ').split() if x]
    if only:
        runtimes = [r for r in runtimes if r.name in only or r.name == BASELINE]
    preflight(runtimes, timeout)

    known = all_programs()
    programs = [(p, d) for p, d in known
                if not filters or any(f == p or f in p for f in filters)]
    if not programs:
        sys.exit(f'run.py: no program matches {filters}; programs: '
                 + ' '.join(p for p, _ in known))

    info = machine_info()
    stamp = time.strftime('%Y%m%d-%H%M%S')
    print(f'# wasmcell benchmarks {stamp}: {info["cpu"]}, {info["cores"]} cores, '
          f'load {info["loadavg_at_start"][0]:.1f}; runs={runs} warmup={warmup}')
    for rt in runtimes:
        print(f'#   {rt.name:18} {rt.describe()}' + (f' {rt.note}' if rt.note else '')
              + (f'   [UNAVAILABLE: {rt.problem}]' if rt.problem else ''))
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
        # untimed preparation (AOT compiles, filling a warm cache), then a checking
        # run (counts as a warm-up): exit 0, "ok", same output as native-gcc
        for rt in list(active):
            r = res[rt.name]
            why = rt.prepare(prog, timeout)
            if rt.prep_info.get(prog):
                r['prepare'] = rt.prep_info[prog]
            if why:
                r['status'] = 'FAIL: ' + why
                active.remove(rt)
                continue
            m = rt.measure(prog, timeout)
            why = failure(m, timeout)
            if not why and rt.name == BASELINE:
                ref = m['out']
                if not ref.rstrip().endswith('ok'):
                    why = 'self-check did not print ok'
            elif not why and m['out'] != ref:
                why = 'output differs from native'
            if why:
                r['status'] = 'FAIL: ' + why
                active.remove(rt)
                if rt.name == BASELINE:
                    active = []
                    break
        for _ in range(max(warmup - 1, 0)):
            for rt in active:
                rt.measure(prog, timeout)
        # timed runs, alternating runtimes, rotating the order each round
        for k in range(runs):
            order = active[k % len(active):] + active[:k % len(active)] if active else []
            for rt in order:
                r = res[rt.name]
                if r['status'] != 'ok':
                    continue
                m = rt.measure(prog, timeout)
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
                r['min_cpu'] = min(r['cpu'])
                r['max_rss_kb'] = max(r['rss_kb'])
        print_program(prog, what, runtimes, res)

    summary = print_summary(programs, runtimes, results)
    start = run_startup(runtimes, runs, timeout) if startup else {}

    doc = dict(timestamp=stamp, machine=info, runs=runs, warmup=warmup,
               tools=dict(clang=tool_version(['clang-19', '--version']),
                          gcc=tool_version(['gcc', '--version']),
                          node=tool_version([node, '--version'])),
               runtimes={rt.name: dict(command=rt.describe(), note=rt.note, problem=rt.problem)
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
    head = f'{"runtime":18} {"wall s":>8} {"cpu s":>8} {"rss MiB":>8} {"x native":>9}'
    for p in peers:
        head += f' {"x " + p:>{max(10, len(p) + 2)}}'
    print(head)
    for rt in runtimes:
        r = res[rt.name]
        if 'median_wall' not in r:
            print(f'{rt.name:18} ' + ('unavailable (see the header)' if rt.problem else r['status']))
            continue
        w = r['median_wall']
        line = (f'{rt.name:18} {w:8.3f} {r["median_cpu"]:8.3f} {r["max_rss_kb"] / 1024:8.1f} '
                f'{fmt_ratio(w / base if base else None):>9}')
        for p in peers:
            pw = res[p].get('median_wall')
            line += f' {fmt_ratio(w / pw if pw else None):>{max(10, len(p) + 2)}}'
        print(line)
    for rt in runtimes:
        info = res[rt.name].get('prepare')
        if info and 'size' in info:
            c = ('reused' if info.get('cached') else
                 f'compiled in {info["compile_cpu"]:.2f} s CPU, {info["compile_wall"]:.2f} s wall, '
                 f'{info["compile_rss_kb"] / 1024:.0f} MiB')
            print(f'   {rt.name}: artifact {info["size"] / 1024:.0f} KiB ({c}, untimed)')
        elif info and 'fill_cpu' in info:
            print(f'   {rt.name}: cache filled by a run of {info["fill_wall"]:.2f} s '
                  f'({info["cache_bytes"] / 1024:.0f} KiB in the cache dir, untimed)')
    sys.stdout.flush()


def print_summary(programs, runtimes, results):
    # runtimes that could not run at all were reported in the header: left out here
    gone = [rt for rt in runtimes if rt.problem]
    names = [rt.name for rt in runtimes if not rt.problem]
    if gone:
        print('\n== unavailable runtimes (left out of the tables)')
        for rt in gone:
            print(f'{rt.name:18} {rt.problem}')
    for metric, label in (('median_wall', 'wall'), ('median_cpu', 'CPU (user+sys)')):
        print_table(programs, names, results, metric, label)
    print_table(programs, names, results, 'max_rss_kb', 'peak RSS')
    failures = [(p, n, results[p][n]['status']) for p, _ in programs for n in names
                if results[p][n]['status'] != 'ok']
    if failures:
        print('\n== not measured')
        for p, n, st in failures:
            print(f'{p:12} {n:18} {st}')
    # geometric means of wall and CPU ratios, each runtime vs each other one,
    # over the programs that both ran successfully
    geo = {}
    for metric in ('median_wall', 'median_cpu', 'min_cpu'):
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
        print(f'{"":18}' + ''.join(f' {n:>{max(15, len(n))}}' for n in names))
        for a in names:
            line = f'{a:18}'
            for b in names:
                g = geo[metric].get(f'{a}/{b}')
                cell = '' if a == b else (f'{fmt_ratio(g["geomean"])} ({g["programs"]})' if g else '-')
                line += f' {cell:>{max(15, len(b))}}'
            print(line)
    # the headline: every runtime against native gcc -O2 and against node
    print('\n== geometric means vs native-gcc and vs node (programs compared)')
    print(f'{"runtime":18} {"cpu / gcc":>13} {"wall / gcc":>13} {"cpu / node":>13} '
          f'{"wall / node":>13} {"faster than node":>17}')
    for a in names:
        if a == BASELINE:
            continue
        cells = []
        for b in (BASELINE, 'node'):
            for metric in ('median_cpu', 'median_wall'):
                g = geo[metric].get(f'{a}/{b}')
                cells.append(f'{fmt_ratio(g["geomean"])} ({g["programs"]})' if g else '-')
        both = [p for p, _ in programs
                if 'median_wall' in results[p][a] and 'median_wall' in results[p].get('node', {})]
        wins = sum(results[p][a]['median_wall'] < results[p]['node']['median_wall'] for p in both)
        faster = f'{wins}/{len(both)}' if both and a != 'node' else ''
        print(f'{a:18}' + ''.join(f' {c:>13}' for c in cells) + f' {faster:>17}')
    # a noisy host slows some runs by tens of percent (gcc's own fib 0.16 or
    # 0.27 s in one run): the fastest run of each is the steadier figure
    print('\n== geometric means of the fastest run (min CPU) vs native-gcc and vs node')
    for a in names:
        if a == BASELINE:
            continue
        cells = []
        for b in (BASELINE, 'node'):
            g = geo['min_cpu'].get(f'{a}/{b}')
            cells.append(f'{fmt_ratio(g["geomean"])} ({g["programs"]})' if g else '-')
        print(f'{a:18}' + ''.join(f' {c:>13}' for c in cells))
    sys.stdout.flush()
    return geo


def print_table(programs, names, results, metric, label):
    rss = metric == 'max_rss_kb'
    print(f'\n== summary: ' + ('peak RSS MiB (of any run)' if rss else
                              f'median {label} seconds (ratio to native-gcc)'))
    print(f'{"program":12}' + ''.join(f' {n:>{max(17, len(n))}}' for n in names))
    for prog, _ in programs:
        res = results[prog]
        base = res[BASELINE].get(metric)
        line = f'{prog:12}'
        for n in names:
            w = res[n].get(metric)
            if w is None:
                st = res[n]['status']
                cell = 'FAIL' if st.startswith('FAIL') else ('n/a' if st != 'ok' else '-')
            elif rss:
                cell = f'{w / 1024:.1f}'
            elif n == BASELINE:
                cell = f'{w:.3f}'
            else:
                cell = f'{w:.3f} ({fmt_ratio(w / base) if base else "-"})'
            line += f' {cell:>{max(17, len(n))}}'
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
    print(f'{"runtime":18} {"hello ms":>9} {"hello MiB":>10} {"big ms":>9} {"big MiB":>9} '
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
            ms, rss, bad = [], [], rt.prepare(prog, timeout)
            for _ in range(n + 1 if not bad else 0):
                m = rt.measure(prog, timeout, args)
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
        print(f'{rt.name:18} {cells[0]:>9} {cells[1]:>10} {cells[2]:>9} {cells[3]:>9} {diff:>13}')
        if any(c == 'FAIL' for c in cells):
            for prog in ('hello', 'big'):
                if row.get(prog, {}).get('status', '').startswith('FAIL'):
                    print(f'{"":18} {prog}: {row[prog]["status"]}')
    return out


def compile_speed(wasmcell, filters, runs, timeout):
    """CPU seconds, wall seconds, peak RSS and artifact size of `wasmcell compile
    --opt N` (N = 0..3) and of wamrc at its default level (or BENCH_WAMRC_FLAGS),
    median of `runs` compiles each; SQLite and Lua by default."""
    progs = [p for p, _ in all_programs() + [('hello', ''), ('big', '')]
             if any(f == p or f in p for f in filters)]
    progs = [p for p in progs if os.path.exists(wasm_path(p))]
    if not progs:
        sys.exit(f'run.py: --compile-speed: no built module matches {filters}')
    compilers = []   # (label, argv(src, dst), extension)
    aot_flags = os.environ.get('BENCH_AOT_FLAGS', '').split()
    for n in range(4):
        compilers.append((f'wasmcell --opt {n}',
                          lambda src, dst, n=n: [wasmcell, 'compile', *aot_flags, '--opt', str(n),
                                                 src, '-o', dst], 'cwasm'))
    peers = peers_dir()
    wamrc = os.path.join(peers, 'wamrc') if peers else None
    wflags = os.environ.get('BENCH_WAMRC_FLAGS', '').split()
    if wamrc and os.access(wamrc, os.X_OK):
        label = 'wamrc ' + (' '.join(wflags) if wflags else '(default: -O3)')
        compilers.append((label, lambda src, dst: [wamrc, *wflags, '-o', dst, src], 'aot'))
    else:
        print(f'# wamrc not found in {peers} (BENCH_PEERS): no peer row')
    info = machine_info()
    print(f'# compile speed: {info["cpu"]}, {info["cores"]} cores, load '
          f'{info["loadavg_at_start"][0]:.1f}; median of {runs} compiles; '
          f'wasmcell = {wasmcell}' + (f' {" ".join(aot_flags)}' if aot_flags else ''))
    results = {}
    tmp = tempfile.mkdtemp(prefix='bench-compile-')
    try:
        for prog in progs:
            src = wasm_path(prog)
            print(f'\n== {prog}.wasm: {os.path.getsize(src) / 1024:.0f} KiB, '
                  f'code section {code_size(src) / 1024:.0f} KiB')
            print(f'{"compiler":24} {"cpu s":>8} {"wall s":>8} {"peak MiB":>9} {"artifact KiB":>13} '
                  f'{"wamrc cpu / this":>17}')
            rows = results[prog] = {}
            for label, argv, ext in compilers:
                dst = os.path.join(tmp, f'{prog}.{ext}')
                cpu, wall, rss, why = [], [], [], None
                for _ in range(runs):
                    if os.path.exists(dst):
                        os.remove(dst)
                    m = measure(argv(src, dst), max(timeout, 600))
                    why = failure(m, max(timeout, 600))
                    if why:
                        break
                    cpu.append(m['cpu'])
                    wall.append(m['wall'])
                    rss.append(m['rss_kb'])
                if why or not os.path.exists(dst):
                    if why and 'exit 125' in why and label.startswith('wasmcell'):
                        why = f'not supported by this wasmcell ({why})'
                    rows[label] = dict(status='FAIL: ' + (why or 'no output'))
                    print(f'{label:24} FAIL: {why or "no output"}')
                    continue
                rows[label] = dict(status='ok', cpu=cpu, wall=wall, median_cpu=statistics.median(cpu),
                                   median_wall=statistics.median(wall), max_rss_kb=max(rss),
                                   size=os.path.getsize(dst))
            ref = next((r for lab, r in rows.items() if lab.startswith('wamrc') and r['status'] == 'ok'),
                       None)
            for label, r in rows.items():
                if r['status'] != 'ok':
                    continue
                ratio = fmt_ratio(ref['median_cpu'] / r['median_cpu']) if ref and r['median_cpu'] > 0 \
                    else '-'
                print(f'{label:24} {r["median_cpu"]:8.2f} {r["median_wall"]:8.2f} '
                      f'{r["max_rss_kb"] / 1024:9.0f} {r["size"] / 1024:13.0f} {ratio:>17}')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    stamp = time.strftime('%Y%m%d-%H%M%S')
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f'compile-speed-{stamp}.json')
    with open(path, 'w') as f:
        json.dump(dict(timestamp=stamp, machine=info, runs=runs, wasmcell=wasmcell,
                       aot_flags=aot_flags, wamrc_flags=wflags, programs=results,
                       loadavg_at_end=os.getloadavg()), f, indent=1)
    print(f'\nresults: {os.path.relpath(path, os.getcwd())}')
    return 0


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
