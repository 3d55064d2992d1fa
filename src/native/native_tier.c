/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* native_tier.c — when native code is made and where it comes from: the
 * tier policy (interp / native / auto), background compiles, the code
 * cache, and the artifact API (serialize / deserialize). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../base/alloc.h"
#include "../binary/instr.h"
#include "artifact.h"
#include "cache.h"
#include "callgraph.h"
#include "native.h"
#include "../exec/exec_internal.h"
#include "../exec/jit.h"

#define ENGINE_ID engine_id()

/* The engine id artifacts carry: the release, the native ABI version, and
 * the layout fingerprint (layout.c), so that a build whose structs moved
 * never runs code compiled against the old layout, even if nobody bumped
 * NATIVE_ABI_VERSION. */
static char engine_id_buf[64];
static void make_engine_id(void)
{
    uint32_t h = native_layout_fingerprint();
    snprintf(engine_id_buf, sizeof engine_id_buf, "%s+abi%d.%08x", WASMCELL_VERSION,
             NATIVE_ABI_VERSION, h);
}
static const char *engine_id(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, make_engine_id);
    return engine_id_buf;
}
/* Hot sets with more wasm code than this compile at level 0 (tier auto). */
#define NATIVE_BIG_HOT_BYTES (16u << 10)

/* The level unless one was chosen: 2 when compiling ahead of time or
 * before the run (tier native), 1 for background compiles (tier auto),
 * where compile time is paid while the program runs. */
static uint32_t opt_for(const wasmcell_engine_t *engine, wasmcell_tier_t tier)
{
    uint32_t o = engine->config.opt_level;
    if (o != WASMCELL_OPT_DEFAULT) return o;
    return tier == WASMCELL_TIER_AUTO ? 1 : 2;
}

static uint32_t effective_opt(const wasmcell_module_t *m)
{
    return opt_for(m->engine, m->tier);
}

/* Does this engine compile fuel-metered code (polls in loops and calls)? */
static bool metered(const wasmcell_module_t *m)
{
    return m->engine->config.fuel_metering != 0;
}

/* Does this engine compile bounds-checked code? When config.bounds_checks
 * asks for it, or when a guarded memory could not be made now (a trial
 * reservation: e.g. under `ulimit -v`), since the module's instances will
 * then get checked memories, which guard-page code cannot run on. Modules
 * without memories: never (there is nothing to check). */
static bool checked_code(const wasmcell_module_t *m)
{
    return m->bin->nmemories && !rt_memory_guard_available(&m->engine->config);
}

/* Publishes nc as m's native code (first writer wins). */
static void publish(wasmcell_module_t *m, native_code_t *nc)
{
    native_code_t *expected = NULL;
    if (!atomic_compare_exchange_strong_explicit(&m->native, &expected, nc, memory_order_acq_rel,
                                                 memory_order_acquire))
        native_code_free(nc);
}

/* A later generation (tier auto): becomes the module's code, with the one
 * it replaces as its `older` (frames may still run in those, and a
 * generation holds only the functions new in it). */
static void time_reset(wasmcell_module_t *m);
static void publish_generation(wasmcell_module_t *m, native_code_t *nc)
{
    pthread_mutex_lock(&m->engine->jobs_lock);
    nc->older = atomic_load_explicit(&m->native, memory_order_acquire);
    atomic_store_explicit(&m->native, nc, memory_order_release);
    pthread_mutex_unlock(&m->engine->jobs_lock);
    time_reset(m); /* the shares change with the code that runs */
}

/* Checks an artifact's parsed fields against this runtime; false with a
 * message when it may not run here. */
static bool artifact_runnable(const native_artifact_t *a, char *err, size_t errlen)
{
    if (strcmp(a->engine_version, ENGINE_ID) != 0) {
        snprintf(err, errlen, "artifact was made by wasmcell %s; this is wasmcell %s (recompile it)",
                 a->engine_version, ENGINE_ID);
        return false;
    }
    const char *host = native_host_triple();
    if (!host) {
        snprintf(err, errlen, "this platform cannot run native artifacts");
        return false;
    }
    if (strcmp(a->triple, host) != 0) {
        snprintf(err, errlen, "artifact targets %s; this machine is %s", a->triple, host);
        return false;
    }
    return native_cpu_supports(a->features, err, errlen);
}

static native_code_t *code_from_artifact(const bin_module_t *bin, const native_artifact_t *a,
                                         wasmcell_error_t **error)
{
    return native_code_load(bin, a->object, a->object_size, a->triple, a->cpu, a->features,
                            a->opt_level, a->flags, error);
}

static bool artifact_bytes(const native_code_t *nc, const bin_module_t *bin, uint8_t **out,
                           size_t *size)
{
    native_artifact_t a;
    memset(&a, 0, sizeof a);
    a.engine_version = ENGINE_ID;
    a.triple = nc->triple;
    a.cpu = nc->cpu;
    a.features = nc->features;
    a.opt_level = nc->opt_level;
    a.flags = nc->flags;
    a.module = bin->bytes;
    a.module_size = bin->size;
    a.object = nc->object;
    a.object_size = nc->object_size;
    return native_artifact_write(&a, out, size);
}

/* ---- the cache ---------------------------------------------------------------- */

static bool generic_target(const wasmcell_module_t *m)
{
    return m->engine->config.target_cpu == WASMCELL_TARGET_GENERIC;
}

/* The key of the code for a module whose bytes hash to `hash`: the target,
 * metering, bounds checks (for a module with memories), opt level, and the
 * wasm features this engine validates with — a hit lets
 * native_module_from_cache skip validation, so code made where the module
 * was valid under other features must not be found. */
static char *cache_key_of(const wasmcell_engine_t *engine, wasmcell_tier_t tier, const uint8_t hash[32],
                          bool has_memories)
{
    bool generic = engine->config.target_cpu == WASMCELL_TARGET_GENERIC;
    char features[2048] = "";
    if (!generic && !native_cpu_host_features(features, sizeof features)) return NULL;
    const char *triple = native_host_triple();
    if (!triple) return NULL;
    char target[96];
    snprintf(target, sizeof target, "%s%s%s+wasm%08x", generic ? "generic" : "host",
             engine->config.fuel_metering ? "+metered" : "",
             has_memories && !rt_memory_guard_available(&engine->config) ? "+checked" : "",
             (unsigned)engine->config.wasm_features);
    return native_cache_key(hash, ENGINE_ID, triple, target, features, opt_for(engine, tier));
}

static char *cache_key_for(const wasmcell_module_t *m, bool generic)
{
    (void)generic; /* the engine's, in cache_key_of */
    uint8_t hash[32];
    native_sha256(m->bin->bytes, m->bin->size, hash);
    return cache_key_of(m->engine, m->tier, hash, m->bin->nmemories != 0);
}

static native_code_t *cache_lookup(wasmcell_module_t *m)
{
    char *dir = native_cache_dir(m->engine->config.cache_dir);
    char *key = dir ? cache_key_for(m, generic_target(m)) : NULL;
    native_code_t *nc = NULL;
    uint8_t *bytes = NULL;
    size_t size = 0;
    if (key && native_cache_load(dir, key, &bytes, &size)) {
        native_artifact_t a;
        char err[256];
        if (native_artifact_read(bytes, size, &a, err, sizeof err) && artifact_runnable(&a, err, sizeof err) &&
            a.module_size == m->bin->size && memcmp(a.module, m->bin->bytes, a.module_size) == 0) {
            wasmcell_error_t *e = NULL;
            nc = code_from_artifact(m->bin, &a, &e);
            if (e && e != &rt_error_nomem) wasmcell_error_delete(e);
        }
    }
    base_free(bytes);
    base_free(key);
    base_free(dir);
    return nc;
}

/* Is the cache entry under key code for the whole module? */
static bool cached_full(const char *dir, const char *key)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    native_artifact_t a;
    bool full = native_cache_load(dir, key, &bytes, &size) &&
                native_artifact_read(bytes, size, &a, NULL, 0) && (a.flags & NATIVE_COMPILE_FULL);
    base_free(bytes);
    return full;
}

static void cache_store(wasmcell_module_t *m, const native_code_t *nc)
{
    char *dir = native_cache_dir(m->engine->config.cache_dir);
    char *key = dir ? cache_key_for(m, generic_target(m)) : NULL;
    uint8_t *bytes = NULL;
    size_t size = 0;
    /* a hot set never replaces the whole module's code */
    if (key && !(nc->flags & NATIVE_COMPILE_FULL) && cached_full(dir, key)) {
        base_free(key);
        base_free(dir);
        return;
    }
    if (key && artifact_bytes(nc, m->bin, &bytes, &size)) native_cache_store(dir, key, bytes, size);
    base_free(bytes);
    base_free(key);
    base_free(dir);
}

/* ---- compiling ------------------------------------------------------------------ */

static native_code_t *compile_select(wasmcell_module_t *m, const uint8_t *select, bool generic,
                                     uint32_t opt_override, wasmcell_error_t **error)
{
    native_compiled_t c;
    /* OSR entries only pay off when the interpreter runs first (auto) */
    /* OSR entries only for hot sets: whole-module code runs from the first
     * call, the interpreter never holds a loop of it */
    uint32_t flags = (m->tier == WASMCELL_TIER_AUTO && select ? NATIVE_COMPILE_OSR | NATIVE_COMPILE_TIERUP : 0) |
                     (native_tierup_stress() ? NATIVE_COMPILE_TIERUP : 0) |
                     (metered(m) ? NATIVE_COMPILE_METERED : 0) |
                     (checked_code(m) ? NATIVE_COMPILE_CHECKED : 0);
    uint32_t opt = opt_override ? opt_override : effective_opt(m);
    if (!native_llvm_compile(m->bin, select, opt, generic, flags, &c, error)) return NULL;
    if (!select) flags |= NATIVE_COMPILE_FULL;
    native_code_t *nc = native_code_load(m->bin, c.obj, c.size, c.triple, c.cpu, c.features,
                                         opt, flags, error);
    native_compiled_free(&c);
    return nc;
}

static native_code_t *compile_module(wasmcell_module_t *m, bool generic, wasmcell_error_t **error)
{
    return compile_select(m, NULL, generic, 0, error);
}

typedef struct {
    uint32_t *list; /* {count, callees...} */
    uint32_t cap;
} callee_list_t;

static void list_add(uint32_t callee, void *arg)
{
    callee_list_t *l = arg;
    if (!l->list) return;
    if (l->list[0] + 1 >= l->cap) {
        uint32_t cap = l->cap * 2;
        uint32_t *n = base_realloc(l->list, cap * sizeof *n);
        if (!n) {
            base_free(l->list);
            l->list = NULL;
            return;
        }
        l->list = n;
        l->cap = cap;
    }
    l->list[++l->list[0]] = callee;
}

/* d's small callees in loops (native_each_small_callee) as {count,
 * callees...}, walked once per module: the gain wait's looks, every 5-10
 * ms, walked hashmap's 11 KB of waiting bodies each time (1 % of its cold
 * run). Only the module's one job calls it. NULL when out of memory. */
static const uint32_t *small_callees(wasmcell_module_t *m, uint32_t d)
{
    uint32_t ndefs = m->bin->nfuncs - m->bin->nfunc_imports;
    if (!m->native_callees && !(m->native_callees = base_calloc(ndefs ? ndefs : 1, sizeof *m->native_callees)))
        return NULL;
    if (m->native_callees[d]) return m->native_callees[d];
    callee_list_t l = {base_malloc(8 * sizeof(uint32_t)), 8};
    if (!l.list) return NULL;
    l.list[0] = 0;
    native_each_small_callee(m->bin, d, list_add, &l);
    return m->native_callees[d] = l.list;
}

static void each_small_callee(wasmcell_module_t *m, uint32_t d, void (*fn)(uint32_t callee, void *arg), void *arg)
{
    const uint32_t *l = small_callees(m, d);
    if (!l) {
        native_each_small_callee(m->bin, d, fn, arg);
        return;
    }
    for (uint32_t i = 1; i <= l[0]; i++) fn(l[i], arg);
}

static void set_byte(uint32_t callee, void *arg) { ((uint8_t *)arg)[callee] = 1; }

/* Marks the direct small callees of the selected functions. */
static void add_callees(wasmcell_module_t *m, uint8_t *select, uint32_t ndefs)
{
    uint8_t *seen = base_calloc(ndefs ? ndefs : 1, 1);
    if (!seen) return;
    memcpy(seen, select, ndefs);
    for (uint32_t d = 0; d < ndefs; d++)
        if (seen[d]) each_small_callee(m, d, set_byte, select);
    base_free(seen);
}

/* m->native_tried bits per defined function */
#define TRIED 1u      /* a generation took it */
#define LOOPING 2u    /* a poll found it interpreted at a loop's back-edge */
#define TRIED_OSR 4u  /* a generation took it with an OSR entry */
#define CALLED 8u     /* a poll found it being entered (the callee of a call) */
#define OSR_ONLY 16u  /* a generation took only its OSR entry: looping, never seen entered */

#define OSR_DEFERRED 32u /* compiled without the OSR entry its loop asked for (osr_waits) */
#define LATE_LOOP 64u     /* ... and a poll found it looping outside LLVM's code since */
#define LATE_LOOP2 128u   /* ... twice: a frame of it runs long, it gets its OSR entry */
#define GAIN_WAITED 256u  /* the gain wait held it back once (defer_for_gain) */

static uint16_t tried_bits(const wasmcell_module_t *m, uint32_t d)
{
    uint16_t *t = atomic_load_explicit(&((wasmcell_module_t *)m)->native_tried, memory_order_acquire);
    return t ? __atomic_load_n(&t[d], __ATOMIC_RELAXED) : 0;
}
static bool tried(const wasmcell_module_t *m, uint32_t d) { return tried_bits(m, d) & TRIED; }

/* Does d want (another) compile with an OSR entry: the interpreter was
 * seen looping in it, and no generation gave it one yet? */
static bool wants_osr(const wasmcell_module_t *m, uint32_t d)
{
    uint16_t b = tried_bits(m, d);
    if (b & OSR_DEFERRED) return (b & (LATE_LOOP2 | TRIED_OSR)) == LATE_LOOP2;
    return (b & (LOOPING | TRIED_OSR)) == LOOPING;
}

/* A looping function that polls also saw entered (printf_core, called a
 * million times, loops over each format) gets only its typed entry at
 * first: its frames are short, each call enters the new code, and the OSR
 * entry would double its compile (hashmap's first compile 0.13 -> 0.08 s
 * at level 0, 0.63 -> 0.32 s at level 1). Should polls then still find it
 * looping in interpreted or JIT code twice, a frame of it runs long (an
 * interpreter loop entered once for the whole program), and the next
 * generation gives it the OSR entry. A function lowered only as its OSR
 * variant at level 0 (big ones, llvm_compile.c) gets it at no cost. */
static bool osr_waits(const wasmcell_module_t *m, uint32_t d, uint16_t was)
{
    return (was & CALLED) && !(was & LATE_LOOP2) && m->bin->funcs[d].body_size < NATIVE_BIG_HOT_BYTES;
}

/* A compile takes at most about this much wasm code: a big hot set is
 * compiled in parts, the hottest first (each part is a generation), so
 * its first functions run native sooner, and functions that get hot
 * meanwhile go before the rest. */
#define NATIVE_CHUNK_BYTES (16u << 10)
/* Functions bigger than this need two samples to be compiled (hot_selection). */
#define NATIVE_LUKEWARM_BYTES 2048u

/* A big function with less than 1/NATIVE_LUKEWARM_SHARE of the pending
 * functions' samples waits for a later part. */
#define NATIVE_LUKEWARM_SHARE 64u

/* Leaves big, barely sampled functions out of this part when others are
 * pending: they would decide its level for little gain. hashmap's malloc
 * (6.3 KB, 3 of ~700 samples) took its 14 KB hot set past
 * NATIVE_BIG_HOT_BYTES, so all of it compiled at level 0, whose code runs
 * it 1.4x slower than level 1. The next part takes what waited (the
 * others are taken by then), so nothing waits forever.
 * WASMCELL_NO_LUKEWARM_DEFER=1 turns it off (experiments, the test). */
static void defer_lukewarm(const wasmcell_module_t *m, uint8_t *pending, const uint32_t *hot, uint32_t ndefs)
{
    if (!hot || getenv("WASMCELL_NO_LUKEWARM_DEFER")) return;
    uint64_t total = 0;
    for (uint32_t d = 0; d < ndefs; d++)
        if (pending[d]) total += atomic_load_explicit((_Atomic uint32_t *)&hot[d], memory_order_relaxed);
    uint8_t *keep = base_malloc(ndefs ? ndefs : 1);
    if (!keep) return;
    bool any_kept = false;
    for (uint32_t d = 0; d < ndefs; d++) {
        uint64_t n = atomic_load_explicit((_Atomic uint32_t *)&hot[d], memory_order_relaxed);
        keep[d] = pending[d] && !(m->bin->funcs[d].body_size > NATIVE_LUKEWARM_BYTES &&
                                  n * NATIVE_LUKEWARM_SHARE < total);
        any_kept |= keep[d];
    }
    if (any_kept) memcpy(pending, keep, ndefs);
    base_free(keep);
}

/* ---- the gain wait ---------------------------------------------------------------
 * A big function (over NATIVE_LUKEWARM_BYTES) of a level-1 part that
 * shares the samples with others waits until its code would have paid
 * for its compile: a ski-rental rule per function. Its compile costs
 * about NATIVE_L1_NS_PER_BYTE of CPU per byte of wasm; level 1 runs JIT
 * code's functions about twice as fast (hashmap, per function: 1.3-3.5x),
 * so with a share s of the samples it gains s/2 of the time run; it waits
 * until the run has lasted cost (1 - s) / (s / 2). A function with all
 * the samples (the numeric kernels' `main`: 2-4x faster at level 1) waits
 * for nothing; hashmap's printf_core (8.5 KB, a third of the samples)
 * would wait 0.7 s, past its run, whose compile it used to outlast: the
 * run then spent 0.3 of its 0.8 s of CPU in LLVM for a 0.05 s gain
 * (docs/native.md, "Session 16"). Only while JIT code runs the function
 * (interpreted ones, which the JIT declined, do not wait), and not for
 * an engine with a chosen level. WASMCELL_NO_GAIN_WAIT=1 turns it off. */
static uint64_t now_ns(void);
#define NATIVE_L1_NS_PER_BYTE 20000u /* measured 9-40 us per byte (hashmap's parts, kernels' OSR mains) */

static bool gain_waits(const wasmcell_module_t *m)
{
    return m->engine->config.opt_level == WASMCELL_OPT_DEFAULT && exec_jit_mode() == JIT_HOT &&
           !native_tierup_stress() && !atomic_load(&((wasmcell_module_t *)m)->native_level0) &&
           !getenv("WASMCELL_NO_GAIN_WAIT");
}

/* How much longer (ns) d, with a share `share` of the run, waits for its
 * compile to pay, the module having run `ran` ns: cost (1 - s) / (s / 2).
 * An OSR entry (a looping function whose frames do not wait for it:
 * osr_waits) about doubles the compile (OSR-only `main`s of the kernels:
 * 25-45 us per byte, hashmap's: 2.5 KB in 0.1 s). */
#define NATIVE_WAIT_FOREVER (1000ull * 1000000000ull)
static uint64_t gain_need_ns(const wasmcell_module_t *m, uint32_t d, double share, uint64_t ran)
{
    if (share >= 1.0) return 0;
    if (share <= 0.0) return NATIVE_WAIT_FOREVER;
    uint16_t b = tried_bits(m, d);
    uint64_t per_byte = NATIVE_L1_NS_PER_BYTE * ((b & LOOPING) && !osr_waits(m, d, b) ? 2u : 1u);
    double cost = (double)m->bin->funcs[d].body_size * (double)per_byte;
    double need = cost * (1.0 - share) / (share / 2.0);
    if (need > (double)NATIVE_WAIT_FOREVER) need = (double)NATIVE_WAIT_FOREVER;
    return need > (double)ran ? (uint64_t)(need - (double)ran) : 0;
}

/* How much longer (ns) d waits, by the samples (n of the module's
 * total); 0: it compiles now. Functions of short calls used to compile
 * at once with 1/16 of the samples: their compiled callers called them
 * through wcn_call and the slots entry (binarytrees' malloc waiting:
 * 0.245 -> 0.361 s wall). Since the typed entry (session 16) such calls
 * are direct, and the rule went (session 17): binarytrees' malloc (6.3
 * KB, 17 % of the samples) now waits past the run, 0.370 -> 0.344 s of
 * CPU and 0.245 -> 0.286 s wall (node 0.388 / 0.365; 11 runs). */
static uint64_t gain_wait_ns(const wasmcell_module_t *m, uint32_t d, uint64_t n, double share, uint64_t ran)
{
    if (m->bin->funcs[d].body_size <= NATIVE_LUKEWARM_BYTES || n == 0 || share >= 1.0 ||
        exec_jit_declined((wasmcell_module_t *)m, d))
        return 0;
    return gain_need_ns(m, d, share, ran);
}

/* ---- the time profile ----------------------------------------------------------
 * Samples are events (calls and loop back-edges), not time. Once a
 * generation runs, the events of the functions left in JIT code say
 * little about their time: binarytrees' `main` loops around calls of the
 * tree functions, so after those got LLVM's code its back-edges were most
 * of the new samples while its own code took 0.2 % of the run, and its
 * OSR entry was compiled for nothing (30 ms of CPU); hashmap's free
 * (1.6 KB, ~2 % of the time) was compiled at the end of the run. Tier
 * auto's JIT code therefore writes which function runs
 * (inst->jit_now, jit_x64.c: at entries from other code, around calls
 * and at returns to other code; a callee of LLVM's code counts as
 * itself), and the job reads it every millisecond while it sleeps (not
 * while it compiles) into m->time_n, counted since the latest
 * generation. The functions of a later part that run as JIT code then
 * wait for their gain by their share of that time, whatever their size
 * (gain_need_ns); until NATIVE_TIME_MIN samples are in, they wait for
 * them. The first part is chosen by events as before: there is no time
 * profile yet, and its small functions are cheap to compile.
 * WASMCELL_NO_TIME_PROFILE=1 turns it off (then nothing is written). */
#define NATIVE_TIME_MIN 10u         /* samples: 10 ms of the run */
#define NATIVE_TIME_TICK_MS 1u

static bool time_profiled(const wasmcell_module_t *m)
{
    static atomic_int off = -1;
    int o = atomic_load_explicit(&off, memory_order_relaxed);
    if (o < 0) atomic_store_explicit(&off, o = getenv("WASMCELL_NO_TIME_PROFILE") != NULL, memory_order_relaxed);
    return !o && m->tier == WASMCELL_TIER_AUTO && exec_jit_mode() == JIT_HOT;
}

/* One sample: which function the instance polls saw last runs now. */
static void time_sample(wasmcell_module_t *m)
{
    uint32_t ndefs = m->bin->nfuncs - m->bin->nfunc_imports;
    if (!m->time_n && !(m->time_n = base_calloc((size_t)ndefs + 1, sizeof *m->time_n))) return;
    pthread_mutex_lock(&m->prof_lock);
    rt_instance_t *inst = atomic_load(&m->prof_inst);
    uint32_t now = inst ? __atomic_load_n(&inst->jit_now, __ATOMIC_RELAXED) : 0;
    pthread_mutex_unlock(&m->prof_lock);
    if (!inst) return;
    m->time_n[now && now <= ndefs ? now - 1 : ndefs]++;
    m->time_total++;
}

static void time_reset(wasmcell_module_t *m)
{
    if (m->time_n) memset(m->time_n, 0, ((size_t)(m->bin->nfuncs - m->bin->nfunc_imports) + 1) * sizeof *m->time_n);
    m->time_total = 0;
}

/* The share of the run's samples that d's n samples stand for: functions
 * a part took stop counting, so the samples of those not taken stand for
 * 1 - native_taken_share of the run (else the functions left in JIT code
 * would soon seem to hold all of its time). */
static double sample_share(const wasmcell_module_t *m, uint64_t n, uint64_t untried_total)
{
    return untried_total ? (double)n * (1.0 - m->native_taken_share) / (double)untried_total : 0.0;
}

/* Is d nearly all of what JIT and interpreted code ran since the job's
 * last look (NATIVE_DOMINANT_SHARE of the samples of the functions not
 * taken yet, at least NATIVE_DOMINANT_MIN of them)? The program's hot
 * loop, then: sieve's `main` after its first loop (in its own function)
 * got LLVM's code, whose share was all of the samples when taken; main
 * then seemed to have 1 % of the run and waited 18 s (the run took 0.42
 * s instead of 0.33). Updates the look's snapshot (m->native_look_n)
 * once it is NATIVE_LOOK_NS old; false when out of memory. */
#define NATIVE_DOMINANT_SHARE 0.8
#define NATIVE_DOMINANT_MIN 20u
#define NATIVE_LOOK_NS 5000000u
static bool recent_dominant(wasmcell_module_t *m, const uint32_t *hot, uint32_t ndefs, uint8_t *dominant)
{
    memset(dominant, 0, ndefs);
    if (!m->native_look_n && !(m->native_look_n = base_calloc(ndefs ? ndefs : 1, sizeof *m->native_look_n)))
        return false;
    uint64_t ran = now_ns() - m->native_born_ns, total = 0, best = 0;
    uint32_t best_d = 0;
    for (uint32_t d = 0; d < ndefs; d++) {
        if (tried(m, d)) continue;
        uint64_t n = atomic_load_explicit((_Atomic uint32_t *)&hot[d], memory_order_relaxed) - m->native_look_n[d];
        total += n;
        if (n > best) best = n, best_d = d;
    }
    if (total >= NATIVE_DOMINANT_MIN && (double)best >= NATIVE_DOMINANT_SHARE * (double)total) dominant[best_d] = 1;
    if (ran >= m->native_look_ns + NATIVE_LOOK_NS) {
        for (uint32_t d = 0; d < ndefs; d++)
            m->native_look_n[d] = atomic_load_explicit((_Atomic uint32_t *)&hot[d], memory_order_relaxed);
        m->native_look_ns = ran;
    }
    return true;
}

static uint64_t untried_samples(const wasmcell_module_t *m, const uint32_t *hot, uint32_t ndefs)
{
    uint64_t total = 0;
    for (uint32_t d = 0; hot && d < ndefs; d++)
        if (!tried(m, d)) total += atomic_load_explicit((_Atomic uint32_t *)&hot[d], memory_order_relaxed);
    return total;
}

/* Leaves out of pending the big functions that wait for their gain
 * (gain_waits); *wait_ns: how long until the first of them may go (0:
 * none waits). */
static void defer_for_gain(wasmcell_module_t *m, uint8_t *pending, const uint32_t *hot, uint32_t ndefs,
                           uint64_t *wait_ns)
{
    *wait_ns = 0;
    if (!hot || !gain_waits(m)) return;
    uint64_t ran = now_ns() - m->native_born_ns, total = untried_samples(m, hot, ndefs);
    uint8_t *dominant = base_malloc(ndefs ? ndefs : 1);
    if (!dominant || !recent_dominant(m, hot, ndefs, dominant)) {
        base_free(dominant);
        return;
    }
    const char *dbg = getenv("WASMCELL_NATIVE_DEBUG");
    /* later parts: by the time profile, for functions with JIT code */
    bool timed = time_profiled(m) && atomic_load(&m->native) != NULL;
    for (uint32_t d = 0; d < ndefs; d++) {
        if (!pending[d]) continue;
        uint64_t n = atomic_load_explicit((_Atomic uint32_t *)&hot[d], memory_order_relaxed);
        uint64_t calls = atomic_load_explicit((_Atomic uint32_t *)&hot[ndefs + d], memory_order_relaxed);
        double share;
        uint64_t w;
        bool by_time = timed && exec_jit_has_code(m, d);
        if (by_time && m->time_total < NATIVE_TIME_MIN) {
            share = 0.0;
            w = (uint64_t)(NATIVE_TIME_MIN - m->time_total) * NATIVE_TIME_TICK_MS * 1000000u;
        } else if (by_time) {
            share = (double)(m->time_n ? m->time_n[d] : 0) / (double)m->time_total;
            w = gain_need_ns(m, d, share, ran);
            /* a big one waits for the samples' verdict too: hashmap's
             * `main` had 55 % of the time once its callees got LLVM's
             * code, and its own code (cache misses on the table) runs
             * only 23 % faster as LLVM's, not the half gain_need_ns
             * counts on; by the samples (25 %) it waited past the run's end */
            if (m->bin->funcs[d].body_size > NATIVE_LUKEWARM_BYTES) {
                uint64_t we = gain_wait_ns(m, d, n, dominant[d] ? 1.0 : sample_share(m, n, total), ran);
                if (we > w) w = we;
            }
        } else {
            share = dominant[d] ? 1.0 : sample_share(m, n, total);
            w = gain_wait_ns(m, d, n, share, ran);
        }
        if (!w) continue;
        pending[d] = 0;
        if (!*wait_ns || w < *wait_ns) *wait_ns = w;
        /* once per function: the debug line tests read */
        if (dbg && by_time && (!(tried_bits(m, d) & GAIN_WAITED) || strcmp(dbg, "3") == 0) &&
            m->time_total >= NATIVE_TIME_MIN)
            fprintf(stderr, "wasmcell: func[%u] (%zu bytes, %u of %u time samples: %.1f %% of the time) waits for its gain: %.3f s more\n",
                    d + m->bin->nfunc_imports, m->bin->funcs[d].body_size, m->time_n ? m->time_n[d] : 0,
                    m->time_total, share * 100.0, (double)w / 1e9);
        else if (dbg && !by_time && (!(tried_bits(m, d) & GAIN_WAITED) || strcmp(dbg, "3") == 0))
            fprintf(stderr, "wasmcell: func[%u] (%zu bytes, %llu samples, %llu at calls, %.0f %% of the run's) waits for its gain: %.3f s more\n",
                    d + m->bin->nfunc_imports, m->bin->funcs[d].body_size, (unsigned long long)n,
                    (unsigned long long)calls, share * 100.0, (double)w / 1e9);
        if (by_time && m->time_total < NATIVE_TIME_MIN) continue; /* GAIN_WAITED: once it was judged */
        uint16_t *tried_map = atomic_load(&m->native_tried);
        __atomic_fetch_or(&tried_map[d], GAIN_WAITED, __ATOMIC_RELAXED);
    }
    base_free(dominant);
}

typedef struct {
    const bin_module_t *bin;
    const uint8_t *pending;
    uint8_t *chunk;
    uint64_t bytes;
} chunk_t;

static void chunk_add(uint32_t d, void *arg)
{
    chunk_t *c = arg;
    if (!c->pending[d] || c->chunk[d]) return;
    c->chunk[d] = 1;
    c->bytes += c->bin->funcs[d].body_size;
}

typedef struct { uint32_t d, samples; } ranked_t;
static int by_samples(const void *a, const void *b)
{
    const ranked_t *x = a, *y = b;
    if (x->samples != y->samples) return x->samples > y->samples ? -1 : 1;
    return x->d < y->d ? -1 : x->d > y->d;
}

/* The functions of the next generation: those the polls found running
 * and their small direct callees, minus every function an earlier
 * generation took (compiled or not: a function the lowering declines is
 * not tried again); at most about NATIVE_CHUNK_BYTES of them, the most
 * sampled first, each with its callees. Older generations' code stays in
 * use: calls into it go through the instance's function objects. NULL
 * when nothing is new; *pending_bytes: the code of every function that
 * wants compiling now (this part and the rest). */
static uint8_t *hot_selection(wasmcell_module_t *m, const uint8_t *run_once, uint64_t *pending_bytes,
                              uint64_t *wait_ns)
{
    *wait_ns = 0;
    uint32_t ndefs = m->bin->nfuncs - m->bin->nfunc_imports;
    uint16_t *tried_map = atomic_load(&m->native_tried); /* made before the first job */
    *pending_bytes = 0;
    if (!tried_map) return NULL;
    uint8_t *pending = base_calloc(ndefs ? ndefs : 1, 1);
    uint8_t *select = base_calloc(ndefs ? ndefs : 1, 1);
    ranked_t *rank = base_calloc(ndefs ? ndefs : 1, sizeof *rank);
    uint32_t *hot = atomic_load(&m->hot);
    native_code_t *cur = atomic_load(&m->native);
    if (!pending || !select || !rank) {
        base_free(pending);
        base_free(select);
        base_free(rank);
        return NULL;
    }
    uint32_t nrank = 0;
    for (uint32_t d = 0; d < ndefs; d++) {
        uint32_t n = hot ? atomic_load_explicit((_Atomic uint32_t *)&hot[d], memory_order_relaxed) : 0;
        /* an OSR-only function gets its typed entry once it is seen entered */
        bool waits = (tried_bits(m, d) & (OSR_ONLY | CALLED)) == OSR_ONLY;
        /* one sample of a big function may be a poll that happened to land
         * in a print at the end: it waits for a second (JIT code runs it
         * meanwhile) rather than delay the hot set with its compile */
        uint32_t need = m->bin->funcs[d].body_size > NATIVE_LUKEWARM_BYTES ? 2 : 1;
        /* a function that runs once (main), sampled only while running
         * (polls at calls it makes), never seen looping nor entered: its
         * typed entry would never be entered; once seen looping it gets
         * its OSR entry alone (binarytrees' main was compiled twice so) */
        bool once = run_once && run_once[d] && !(tried_bits(m, d) & (LOOPING | CALLED));
        pending[d] = n >= need && !tried(m, d) && !native_code_entry(cur, d) && !waits && !once;
    }
    add_callees(m, pending, ndefs);
    for (uint32_t d = 0; d < ndefs; d++) {
        if (pending[d] && (tried(m, d) || native_code_entry(cur, d))) pending[d] = 0;
        /* again, with an OSR entry this time: a frame loops in it; but a
         * function with short frames (osr_waits) only notes the deferral,
         * not compile it again without the entry (Lua's run compiled 3.3
         * KB twice so) */
        if (wants_osr(m, d) && tried(m, d)) {
            if (osr_waits(m, d, tried_bits(m, d))) __atomic_fetch_or(&tried_map[d], OSR_DEFERRED, __ATOMIC_RELAXED);
            else pending[d] = 1;
        }
    }
    defer_lukewarm(m, pending, hot, ndefs);
    /* a big hot set goes to level 0 (background_opt), where the JIT
     * keeps it (jit_keeps): only a level-1 part has functions that wait */
    uint64_t all_bytes = 0;
    for (uint32_t d = 0; d < ndefs; d++)
        if (pending[d]) all_bytes += m->bin->funcs[d].body_size;
    if (all_bytes <= NATIVE_BIG_HOT_BYTES) defer_for_gain(m, pending, hot, ndefs, wait_ns);
    for (uint32_t d = 0; d < ndefs; d++) {
        if (!pending[d]) continue;
        *pending_bytes += m->bin->funcs[d].body_size;
        uint32_t n = hot ? atomic_load_explicit((_Atomic uint32_t *)&hot[d], memory_order_relaxed) : 0;
        rank[nrank++] = (ranked_t){d, n};
    }
    if (*pending_bytes <= NATIVE_CHUNK_BYTES) {
        memcpy(select, pending, ndefs);
    } else {
        qsort(rank, nrank, sizeof *rank, by_samples);
        chunk_t c = {m->bin, pending, select, 0};
        for (uint32_t i = 0; i < nrank && c.bytes < NATIVE_CHUNK_BYTES; i++) {
            chunk_add(rank[i].d, &c);
            each_small_callee(m, rank[i].d, chunk_add, &c);
        }
    }
    base_free(pending);
    base_free(rank);
    bool any = false;
    /* the shares of the functions this part takes, as they stand now */
    uint64_t untried_before = untried_samples(m, hot, ndefs);
    double taken = 0.0;
    for (uint32_t d = 0; d < ndefs; d++) {
        if (!select[d]) continue;
        uint16_t was = tried_bits(m, d), bits = TRIED;
        if ((was & (LOOPING | CALLED | TRIED_OSR)) == LOOPING && run_once && run_once[d]) {
            /* main and the like: one frame that loops, never entered
             * again; its typed entry (half the compile) waits until a poll
             * sees it entered after all */
            select[d] |= NATIVE_SELECT_OSR | NATIVE_SELECT_OSR_ONLY;
            bits = TRIED_OSR | OSR_ONLY;
        } else if ((was & (LOOPING | TRIED_OSR)) == LOOPING && osr_waits(m, d, was)) {
            bits |= OSR_DEFERRED;
        } else if ((was & (LOOPING | TRIED_OSR)) == LOOPING) {
            select[d] |= NATIVE_SELECT_OSR;
            bits |= TRIED_OSR;
        }
        __atomic_fetch_or(&tried_map[d], bits, __ATOMIC_RELAXED);
        if (!(was & TRIED) && hot)
            taken += sample_share(m, atomic_load_explicit((_Atomic uint32_t *)&hot[d], memory_order_relaxed),
                                  untried_before);
        any = true;
    }
    m->native_taken_share += taken;
    if (m->native_taken_share > 0.99) m->native_taken_share = 0.99;
    if (!any) {
        base_free(select);
        return NULL;
    }
    return select;
}

/* WASMCELL_NATIVE_DEBUG: seconds since the first module of the process
 * was created (when compiles start and end in a run). */
static struct timespec debug_epoch;
static double debug_elapsed(const struct timespec *t)
{
    return (double)(t->tv_sec - debug_epoch.tv_sec) + (t->tv_nsec - debug_epoch.tv_nsec) / 1e9;
}

/* The level of a background compile: the engine's, else 1, or 0 when the
 * functions that want compiling now hold more than NATIVE_BIG_HOT_BYTES of
 * wasm code (an interpreter loop of thousands of lines: LLVM's -O1 codegen
 * took 7 s on Lua's, FastISel 10x less for code about 2x slower; the
 * program gets native code while it still runs). */
static uint32_t background_opt(wasmcell_module_t *m, uint64_t pending_bytes)
{
    if (m->engine->config.opt_level != WASMCELL_OPT_DEFAULT) return effective_opt(m);
    if (pending_bytes > NATIVE_BIG_HOT_BYTES) atomic_store(&m->native_level0, true);
    /* once big, always: a program whose hot set was that big (an
     * interpreter, a database) moves through phases, each with new hot
     * functions that run interpreted until their code arrives; level 1
     * took 0.15-0.2 s per phase in Lua's benchmark, level 0 a quarter */
    return atomic_load(&m->native_level0) ? WASMCELL_OPT_NONE : effective_opt(m);
}

/* A sampled function of the part is one the baseline JIT declined (SIMD,
 * exceptions, tail calls): it runs in the interpreter, ~4x slower than JIT
 * code, until LLVM's code arrives. Such a part compiles at level 0, which
 * delivers in about half the time: imgfilter_simd's SIMD loop cold 0.19 ->
 * 0.13 s wall, 0.31 -> 0.19 s CPU; its level-0 code runs 15 % slower than
 * level 1 and is not compiled again (docs/native.md). Not for an engine
 * with a chosen level, nor when the JIT is off (everything interprets). */
static bool runs_interpreted(wasmcell_module_t *m, const uint8_t *select)
{
    if (m->engine->config.opt_level != WASMCELL_OPT_DEFAULT || exec_jit_mode() != JIT_HOT) return false;
    uint32_t *hot = atomic_load(&m->hot);
    for (uint32_t d = 0; hot && d < m->bin->nfuncs - m->bin->nfunc_imports; d++)
        if (select[d] && atomic_load_explicit((_Atomic uint32_t *)&hot[d], memory_order_relaxed) &&
            exec_jit_declined(m, d))
            return true;
    return false;
}

/* ---- the compile budget ----------------------------------------------------------
 * A level-0 part whose sampled functions all run as baseline JIT code
 * (the big hot sets of interpreters and databases: Lua, SQLite) gains
 * little over that code early on (level 0 runs them ~1.5x faster) and
 * costs much CPU (SQLite's first part, 75 KB of wasm, outlasted the
 * whole 0.33 s run). Such parts wait until the compile time spent so far
 * plus theirs (estimated: NATIVE_L0_NS_PER_BYTE) is at most half the
 * time the module has run, a ski-rental rule: a program that runs on
 * gets its code once it has run twice the compile's cost, and one that
 * ends sooner never pays it (at most a third of that time is lost to
 * the slower JIT code meanwhile). Parts of small hot
 * sets (level 1: numeric kernels gain 2-4x) and parts with interpreted
 * functions (the JIT declined them) do not wait. */
#define NATIVE_PLUGIN_LOAD_MS 15u /* the plugin's dlopen, wall time (first_part_kept) */
#define NATIVE_L0_NS_PER_BYTE 5000u /* measured 2-8.5 us per byte (Lua's parts, hashmap's) */
#define NATIVE_BUDGET_SHARE 2u      /* compiles may take 1/2 of the time run */

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static uint64_t selected_bytes(const wasmcell_module_t *m, const uint8_t *select)
{
    uint64_t b = 0;
    for (uint32_t d = 0; d < m->bin->nfuncs - m->bin->nfunc_imports; d++)
        if (select[d]) b += m->bin->funcs[d].body_size;
    return b;
}

/* Does a part at level opt, of these functions, pay from the budget? */
static bool budgeted(wasmcell_module_t *m, uint32_t opt, bool interpreted)
{
    return opt == WASMCELL_OPT_NONE && !interpreted && m->engine->config.opt_level == WASMCELL_OPT_DEFAULT &&
           exec_jit_mode() == JIT_HOT && !native_tierup_stress() && !getenv("WASMCELL_NO_COMPILE_BUDGET");
}

/* A part that would compile at level 0 and pay from the budget (every
 * function of it runs as JIT code) is not compiled at all: since the
 * JIT's pinned slots and cheap calls (sessions 14-15) its code runs them
 * as fast as level 0's (SQLite with 300,000 rows: JIT 2.38-2.41 s, level
 * 0 2.30-2.69; Lua `20`: 3.55-4.09 / 3.26-3.49), and a mix of the two is
 * slower than either (calls between them go through slots entries: cold
 * SQLite 2.79-2.89 s). Their loops then tier up to level 1 as level-0
 * loops do (tierup_tick). WASMCELL_JIT_KEEPS=0: level 0 as before. */
static bool jit_keeps(const wasmcell_module_t *m)
{
    (void)m;
    const char *e = getenv("WASMCELL_JIT_KEEPS");
    return !(e && strcmp(e, "0") == 0);
}

/* Will the job's first part most likely stay JIT code (jit_keeps)? A
 * module once big compiles at level 0 only (native_level0), or the
 * functions sampled so far (callees not counted) hold more than
 * NATIVE_BIG_HOT_BYTES of wasm; and such a part would pay from the budget.
 * The job then does not load the plugin before its first compile: cold
 * SQLite 35.6 -> 14.9 MB peak RSS, 0.29 -> 0.26 s CPU; Lua 32 -> 11 MB. */
static bool first_part_kept(wasmcell_module_t *m)
{
    if (!jit_keeps(m) || !budgeted(m, WASMCELL_OPT_NONE, false)) return false;
    /* once big, always level 0 (background_opt): every part stays JIT code */
    if (atomic_load(&m->native_level0)) return true;
    uint32_t *hot = atomic_load(&m->hot);
    if (!hot) return false;
    uint64_t bytes = 0;
    for (uint32_t d = 0; d < m->bin->nfuncs - m->bin->nfunc_imports; d++)
        if (atomic_load_explicit((_Atomic uint32_t *)&hot[d], memory_order_relaxed) && !tried(m, d))
            bytes += m->bin->funcs[d].body_size;
    return bytes > NATIVE_BIG_HOT_BYTES;
}

/* Sleeps ms milliseconds in steps of 5 ms; false when the module was
 * released meanwhile. */
static bool job_sleep(wasmcell_module_t *m, uint32_t ms)
{
    /* with the time profile, a sample every NATIVE_TIME_TICK_MS */
    bool timed = time_profiled(m);
    uint32_t step = timed ? NATIVE_TIME_TICK_MS : 5;
    for (uint32_t t = 0; t < ms; t += step) {
        if (atomic_load(&m->refcount) <= 1) return false;
        struct timespec ts = {0, (long)step * 1000000};
        nanosleep(&ts, NULL);
        if (timed) time_sample(m);
    }
    return atomic_load(&m->refcount) > 1;
}

/* Waits until the budget allows a compile of `bytes` of wasm; false when
 * the module was released meanwhile (the job ends). Sleeps in steps of
 * at most 5 ms, so a program's exit waits no longer. */
static bool budget_wait(wasmcell_module_t *m, uint64_t bytes, const char *dbg)
{
    uint64_t need = m->native_budget_spent_ns + bytes * NATIVE_L0_NS_PER_BYTE;
    if (dbg)
        fprintf(stderr, "wasmcell: compile budget: %llu bytes may start at %.3f s of run\n",
                (unsigned long long)bytes, (double)(need * NATIVE_BUDGET_SHARE) / 1e9);
    for (;;) {
        if (atomic_load(&m->refcount) <= 1) return false;
        uint64_t ran = now_ns() - m->native_born_ns;
        if (ran / NATIVE_BUDGET_SHARE >= need) return true;
        uint64_t left = need * NATIVE_BUDGET_SHARE - ran;
        struct timespec ts = {0, (long)(left < 5000000u ? left : 5000000u)};
        nanosleep(&ts, NULL);
    }
}

/* tierup_state per defined function */
#define TIERUP_WANTED 1u /* its level-0 loops ran long: compile it higher */
#define TIERUP_TAKEN 2u  /* a job took it */
#define TIERUP_JIT 4u    /* kept in JIT code (jit_keeps): its JIT loops sample it like level-0 code's */

static void tierup_tick(wasmcell_module_t *m, uint32_t d);
static bool tierup_arrays(wasmcell_module_t *m);

/* The functions whose level-0 code wants tier-up (tierup_tick), with
 * their OSR entries: NULL when none. */
static uint8_t *tierup_selection(wasmcell_module_t *m)
{
    uint8_t *state = atomic_load_explicit(&m->tierup_state, memory_order_acquire);
    if (!state) return NULL;
    uint32_t ndefs = m->bin->nfuncs - m->bin->nfunc_imports;
    uint8_t *select = NULL;
    for (uint32_t d = 0; d < ndefs; d++) {
        if (__atomic_load_n(&state[d], __ATOMIC_RELAXED) != TIERUP_WANTED) continue;
        if (!select && !(select = base_calloc(ndefs, 1))) return NULL;
        /* main and the like keep only their OSR entry */
        bool osr_only = (tried_bits(m, d) & (OSR_ONLY | CALLED)) == OSR_ONLY;
        select[d] = 1 | NATIVE_SELECT_OSR | (osr_only ? NATIVE_SELECT_OSR_ONLY : 0);
        __atomic_store_n(&state[d], TIERUP_TAKEN, __ATOMIC_RELAXED);
    }
    return select;
}

/* One background job of a module: compiles what the polls found hot, in
 * parts (hot_selection), until nothing new is hot, then lets the next
 * polls start another. Stops early when only the job holds the module. */
static void *job_main(void *arg)
{
    wasmcell_module_t *m = arg;
    wasmcell_engine_t *engine = m->engine;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const char *dbg = getenv("WASMCELL_NATIVE_DEBUG");
    /* loading the plugin (libLLVM: ~15 ms of relocations) happens here,
     * not in the interpreter's thread; without it the module never asks
     * again (native_requested stays set). A first part that will stay JIT
     * code needs no plugin: the job sleeps as long as the load would
     * have taken instead (the first choice sees as many samples: a
     * lukewarm function is told apart, test_lukewarm.sh) and loads it
     * before a first compile, if one comes. */
    bool loaded = false;
    if (first_part_kept(m)) {
        if (!job_sleep(m, NATIVE_PLUGIN_LOAD_MS)) goto done;
    } else {
        if (!native_llvm_available()) goto done;
        loaded = true;
    }
    uint64_t pending = 0;
    uint8_t *select;
    uint32_t opt = 0;
    bool first = true;
    /* one look at the direct calls per module: which functions run once */
    uint8_t *run_once = atomic_load_explicit(&m->native_run_once, memory_order_acquire);
    if (!run_once && (run_once = native_run_once(m->bin)) != NULL) {
        uint8_t *expected = NULL;
        if (!atomic_compare_exchange_strong(&m->native_run_once, &expected, run_once)) {
            base_free(run_once);
            run_once = expected;
        }
    }
    uint64_t wait = 0;
again:
    while (atomic_load(&m->refcount) > 1 && (select = hot_selection(m, run_once, &pending, &wait)) != NULL) {
        wasmcell_error_t *e = NULL;
        /* the level is chosen for all that was pending when the job (or
         * its latest burst of new functions) started, not per part */
        if (first || pending > NATIVE_CHUNK_BYTES) opt = background_opt(m, pending);
        first = false;
        bool interpreted = runs_interpreted(m, select);
        uint32_t part_opt = interpreted ? WASMCELL_OPT_NONE : opt;
        bool pays = budgeted(m, part_opt, interpreted);
        if (pays && jit_keeps(m)) {
            /* the baseline JIT's code runs these as fast as level 0's
             * would: no compile; their loops tier up to level 1 */
            uint8_t *state = tierup_arrays(m) ? atomic_load(&m->tierup_state) : NULL;
            for (uint32_t d = 0; state && d < m->bin->nfuncs - m->bin->nfunc_imports; d++)
                if (select[d] && __atomic_load_n(&state[d], __ATOMIC_RELAXED) == 0)
                    __atomic_store_n(&state[d], TIERUP_JIT, __ATOMIC_RELAXED);
            if (dbg)
                fprintf(stderr, "wasmcell: %llu bytes of hot code stay JIT code (no level-0 compile)\n",
                        (unsigned long long)selected_bytes(m, select));
            base_free(select);
            continue;
        }
        if (pays) {
            if (!budget_wait(m, selected_bytes(m, select), dbg)) {
                base_free(select);
                break;
            }
            clock_gettime(CLOCK_MONOTONIC, &t0);
        }
        if (dbg)
            fprintf(stderr, "wasmcell: background compile starts at %.3f s (level %u)\n", debug_elapsed(&t0),
                    part_opt);
        if (dbg && strcmp(dbg, "2") == 0) {
            uint32_t *hot = atomic_load(&m->hot);
            for (uint32_t d = 0; d < m->bin->nfuncs - m->bin->nfunc_imports; d++) {
                if (!select[d]) continue;
                uint32_t idx = d + m->bin->nfunc_imports;
                const char *name = m->bin->func_names ? m->bin->func_names[idx] : NULL;
                fprintf(stderr, "  func[%u] %s: %zu bytes, %u samples%s\n", idx, name ? name : "?",
                        m->bin->funcs[d].body_size, hot ? hot[d] : 0,
                        select[d] & NATIVE_SELECT_OSR_ONLY ? ", OSR entry only"
                        : select[d] & NATIVE_SELECT_OSR    ? ", OSR entry"
                                                           : "");
            }
        }
        if (!loaded && !native_llvm_available()) {
            base_free(select);
            goto done;
        }
        loaded = true;
        struct timespec tc;
        clock_gettime(CLOCK_MONOTONIC, &tc);
        native_code_t *nc = compile_select(m, select, generic_target(m), part_opt, &e);
        base_free(select);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (pays)
            m->native_budget_spent_ns += (uint64_t)((t1.tv_sec - tc.tv_sec) * 1000000000ll + (t1.tv_nsec - tc.tv_nsec));
        if (nc) {
            if (dbg)
                fprintf(stderr, "wasmcell: background compile done in %.3f s (at %.3f s, level %u): %u of %u functions native\n",
                        (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
                        debug_elapsed(&t1), nc->opt_level, nc->ncompiled, nc->ndefs);
            /* the first generation only: later ones hold only their new
             * functions (the run's end fills the cache with the whole module) */
            if (!atomic_load(&m->native)) cache_store(m, nc);
            publish_generation(m, nc);
        } else if (e && e != &rt_error_nomem) {
            if (dbg) fprintf(stderr, "wasmcell: native compile failed: %s\n", wasmcell_error_message(e));
            wasmcell_error_delete(e);
        }
        t0 = t1;
    }
    /* tier-up: level-0 functions whose loops ran long, at level 1 (the
     * level of tier auto's small hot sets), published as a generation */
    while (atomic_load(&m->refcount) > 1 && (select = tierup_selection(m)) != NULL) {
        wasmcell_error_t *e = NULL;
        if (dbg) {
            fprintf(stderr, "wasmcell: tier-up compile starts at %.3f s (level 1)\n", debug_elapsed(&t0));
            for (uint32_t d = 0; d < m->bin->nfuncs - m->bin->nfunc_imports; d++)
                if (select[d] && strcmp(dbg, "2") == 0)
                    fprintf(stderr, "  func[%u]: %zu bytes, tier-up\n", d + m->bin->nfunc_imports,
                            m->bin->funcs[d].body_size);
        }
        if (!loaded && !native_llvm_available()) {
            base_free(select);
            goto done;
        }
        loaded = true;
        native_code_t *nc = compile_select(m, select, generic_target(m), 1, &e);
        base_free(select);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (nc) {
            if (dbg)
                fprintf(stderr, "wasmcell: tier-up compile done in %.3f s (level %u): %u functions\n",
                        (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, nc->opt_level,
                        nc->ncompiled);
            publish_generation(m, nc);
        } else if (e && e != &rt_error_nomem) {
            if (dbg) fprintf(stderr, "wasmcell: tier-up compile failed: %s\n", wasmcell_error_message(e));
            wasmcell_error_delete(e);
        }
        t0 = t1;
    }
    /* functions wait for their gain (defer_for_gain): the job looks
     * again every 10 ms (5 when the first wait ends sooner), for them and
     * for what got hot meanwhile (polls start no job while this one lives) */
    if (wait && job_sleep(m, wait < 5000000u ? 5 : 10)) {
        clock_gettime(CLOCK_MONOTONIC, &t0);
        goto again;
    }
    atomic_store(&m->hot_polls, 0);
    atomic_store(&m->native_requested, false);
done:
    rt_module_release(m);
    pthread_mutex_lock(&engine->jobs_lock);
    engine->native_jobs--;
    pthread_cond_broadcast(&engine->jobs_done);
    pthread_mutex_unlock(&engine->jobs_lock);
    return NULL;
}

static void start_job(wasmcell_module_t *m)
{
    wasmcell_engine_t *engine = m->engine;
    pthread_mutex_lock(&engine->jobs_lock);
    engine->native_jobs++;
    pthread_mutex_unlock(&engine->jobs_lock);
    rt_module_retain(m);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 16u << 20); /* LLVM recurses deeply on big functions */
    pthread_t t;
    int rc = pthread_create(&t, &attr, job_main, m);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        rt_module_release(m);
        pthread_mutex_lock(&engine->jobs_lock);
        engine->native_jobs--;
        pthread_cond_broadcast(&engine->jobs_done);
        pthread_mutex_unlock(&engine->jobs_lock);
    }
}

static bool module_has_code(const wasmcell_module_t *m)
{
    return m->bin->nfuncs > m->bin->nfunc_imports;
}

wasmcell_module_t *native_module_from_cache(wasmcell_engine_t *engine, const uint8_t *bytes, size_t size)
{
    wasmcell_tier_t tier = engine->config.tier;
    if (tier == WASMCELL_TIER_INTERP || !native_host_triple()) return NULL;
    char *dir = native_cache_dir(engine->config.cache_dir);
    if (!dir) return NULL;
    uint8_t hash[32];
    native_sha256(bytes, size, hash);
    /* bounds-checked code for a module with memories when guard pages
     * are not to be had; a module without memories then misses here and
     * takes the validating path (its key has no "+checked") */
    char *key = cache_key_of(engine, tier, hash, true);
    uint8_t *entry = NULL;
    size_t entry_size = 0;
    wasmcell_module_t *m = NULL;
    native_artifact_t a;
    char err[256];
    bin_module_t *bin = NULL;
    if (key && native_cache_load(dir, key, &entry, &entry_size) &&
        native_artifact_read(entry, entry_size, &a, err, sizeof err) &&
        artifact_runnable(&a, err, sizeof err) && a.module_size == size &&
        memcmp(a.module, bytes, size) == 0 &&
        rt_module_decode_trusted(bytes, size, &bin, NULL) == WASMCELL_OK) {
        bool checked = bin->nmemories && !rt_memory_guard_available(&engine->config);
        bool matches = checked == ((a.flags & NATIVE_COMPILE_CHECKED) != 0);
        bin_module_t *taken = bin;
        bin = matches ? NULL : bin; /* rt_module_new owns it, even when it fails */
        if (matches && rt_module_new(engine, taken, &m, NULL) == WASMCELL_OK) {
            m->tier = tier;
            m->native_born_ns = now_ns();
            if (debug_epoch.tv_sec == 0 && getenv("WASMCELL_NATIVE_DEBUG"))
                clock_gettime(CLOCK_MONOTONIC, &debug_epoch);
            wasmcell_error_t *e = NULL;
            native_code_t *nc = code_from_artifact(m->bin, &a, &e);
            if (e && e != &rt_error_nomem) wasmcell_error_delete(e);
            if (nc) {
                publish(m, nc);
                if (getenv("WASMCELL_NATIVE_DEBUG"))
                    fprintf(stderr, "wasmcell: code cache hit: module not validated again\n");
            } else {
                rt_module_release(m);
                m = NULL;
            }
        }
    }
    if (bin) bin_module_free(bin);
    base_free(entry);
    base_free(key);
    base_free(dir);
    return m;
}

void native_module_created(wasmcell_module_t *m)
{
    wasmcell_tier_t tier = m->engine->config.tier;
    m->tier = tier;
    m->native_born_ns = now_ns();
    if (debug_epoch.tv_sec == 0 && getenv("WASMCELL_NATIVE_DEBUG"))
        clock_gettime(CLOCK_MONOTONIC, &debug_epoch);
    if (tier == WASMCELL_TIER_INTERP || !module_has_code(m) || !native_host_triple()) return;
    /* the cache serves builds without LLVM too (code made by one that has it) */
    native_code_t *nc = cache_lookup(m);
    if (nc) {
        publish(m, nc);
        return;
    }
    if (tier == WASMCELL_TIER_NATIVE && native_llvm_available()) {
        wasmcell_error_t *e = NULL;
        nc = compile_module(m, generic_target(m), &e);
        if (nc) {
            cache_store(m, nc);
            publish(m, nc);
        } else if (e && e != &rt_error_nomem) {
            if (getenv("WASMCELL_NATIVE_DEBUG"))
                fprintf(stderr, "wasmcell: native compile failed: %s\n", wasmcell_error_message(e));
            wasmcell_error_delete(e);
        }
        return;
    }
    /* auto: the background compile starts when the module gets hot */
}

/* Level-0 code that has looped in a function this long wants newer code:
 * at least NATIVE_TIERUP_DELAY_NS (a second: the programs of `make bench`
 * end sooner, and a compile started near a run's end is CPU for
 * nothing: hashmap's `main` at 0.63 s of 0.6), and four times what its level-1
 * compile is expected to take (~50 us of CPU per byte of wasm: Lua's
 * 19 KB interpreter loop 0.92 s, 2.6 KB 0.08 s). Level 1 runs such code
 * ~1.45x faster, so if the function goes on as long as it ran, the compile
 * pays back its own CPU (SQLite's 56 KB `sqlite3VdbeExec` at 0.3 s started
 * a compile that outlasted a 3 s run: 2.3 s more CPU for nothing). */
#define NATIVE_TIERUP_DELAY_NS 1000000000ull
#define NATIVE_TIERUP_NS_PER_BYTE (4u * 50000u)

/* A level-0 loop of d polled (wcn_tierup): once d's level-0 loops have
 * polled for NATIVE_TIERUP_DELAY_NS, d is wanted at a higher level; a job
 * compiles it (tierup_selection) and the next poll enters that code. */
/* m->tierup_first and m->tierup_state, made on first use; false when out
 * of memory. */
static bool tierup_arrays(wasmcell_module_t *m)
{
    uint32_t ndefs = m->bin->nfuncs - m->bin->nfunc_imports;
    uint64_t *first = atomic_load_explicit(&m->tierup_first, memory_order_acquire);
    uint8_t *state = atomic_load_explicit(&m->tierup_state, memory_order_acquire);
    if (first && state) return true;
    uint64_t *f1 = first ? NULL : base_calloc(ndefs ? ndefs : 1, sizeof *f1);
    uint8_t *s1 = state ? NULL : base_calloc(ndefs ? ndefs : 1, 1);
    uint64_t *ef = NULL;
    uint8_t *es = NULL;
    if (f1 && !atomic_compare_exchange_strong(&m->tierup_first, &ef, f1)) base_free(f1);
    if (s1 && !atomic_compare_exchange_strong(&m->tierup_state, &es, s1)) base_free(s1);
    return atomic_load(&m->tierup_first) && atomic_load(&m->tierup_state);
}

static void tierup_tick(wasmcell_module_t *m, uint32_t d)
{
    if (m->engine->config.opt_level != WASMCELL_OPT_DEFAULT) return;
    if (!tierup_arrays(m)) return;
    uint64_t *first = atomic_load_explicit(&m->tierup_first, memory_order_acquire);
    uint8_t *state = atomic_load_explicit(&m->tierup_state, memory_order_acquire);
    uint8_t st = __atomic_load_n(&state[d], __ATOMIC_RELAXED);
    if (st == TIERUP_TAKEN) return;
    if (st == 0 || st == TIERUP_JIT) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        uint64_t now = (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
        uint64_t was = __atomic_load_n(&first[d], __ATOMIC_RELAXED);
        if (!was) {
            __atomic_store_n(&first[d], now, __ATOMIC_RELAXED);
            return;
        }
        uint64_t delay = (uint64_t)m->bin->funcs[d].body_size * NATIVE_TIERUP_NS_PER_BYTE;
        if (delay < NATIVE_TIERUP_DELAY_NS) delay = NATIVE_TIERUP_DELAY_NS;
        if (now - was < delay) return;
        __atomic_store_n(&state[d], TIERUP_WANTED, __ATOMIC_RELAXED);
    }
    /* wanted: a job takes it (again, should the last one have ended first) */
    bool expected = false;
    if (atomic_compare_exchange_strong(&m->native_requested, &expected, true)) start_job(m);
}

void native_module_tick(wasmcell_module_t *m, const wasmcell_func_t *running, native_tick_t how)
{
    if (how == NATIVE_TICK_TIERUP) {
        if (m->tier == WASMCELL_TIER_AUTO && running && running->inst && running->inst->module == m &&
            running->def_idx < m->bin->nfuncs - m->bin->nfunc_imports)
            tierup_tick(m, running->def_idx);
        return;
    }
    bool at_loop = how == NATIVE_TICK_LOOP;
    /* a loop of JIT code kept instead of level 0's (jit_keeps) samples it
     * for tier-up as level-0 loops do */
    if (at_loop && m->tier == WASMCELL_TIER_AUTO && running && running->inst && running->inst->module == m &&
        running->def_idx < m->bin->nfuncs - m->bin->nfunc_imports && exec_jit_is_entry(running)) {
        uint8_t *state = atomic_load_explicit(&m->tierup_state, memory_order_acquire);
        if (state && __atomic_load_n(&state[running->def_idx], __ATOMIC_RELAXED) == TIERUP_JIT)
            tierup_tick(m, running->def_idx);
    }
    if (m->tier != WASMCELL_TIER_AUTO || !running || running->inst == NULL ||
        running->inst->module != m ||
        (running->native_slots && !exec_jit_is_entry(running) && (!at_loop || running->native_osr)) ||
        !native_host_triple())
        return;
    uint32_t ndefs = m->bin->nfuncs - m->bin->nfunc_imports;
    uint32_t *hot = atomic_load_explicit(&m->hot, memory_order_acquire);
    if (!hot) {
        /* then the call samples (how == NATIVE_TICK_CALLED) at hot + ndefs */
        uint32_t *fresh = base_calloc(ndefs ? 2 * (size_t)ndefs : 1, sizeof *fresh);
        if (!fresh) return;
        uint32_t *expected = NULL;
        if (atomic_compare_exchange_strong(&m->hot, &expected, fresh)) hot = fresh;
        else {
            base_free(fresh);
            hot = expected;
        }
    }
    if (!atomic_load_explicit(&m->native_tried, memory_order_acquire)) {
        uint16_t *fresh = base_calloc(ndefs ? ndefs : 1, sizeof *fresh);
        if (!fresh) return;
        uint16_t *expected = NULL;
        if (!atomic_compare_exchange_strong(&m->native_tried, &expected, fresh)) base_free(fresh);
    }
    if (running->def_idx >= ndefs) return;
    /* the instance the time profile samples: the one that runs */
    if (atomic_load_explicit(&m->prof_inst, memory_order_relaxed) != running->inst)
        atomic_store(&m->prof_inst, running->inst);
    uint16_t *tried_map = atomic_load_explicit(&m->native_tried, memory_order_acquire);
    if (at_loop && !(tried_bits(m, running->def_idx) & LOOPING))
        __atomic_fetch_or(&tried_map[running->def_idx], LOOPING, __ATOMIC_RELAXED);
    if (how == NATIVE_TICK_CALLED && !(tried_bits(m, running->def_idx) & CALLED))
        __atomic_fetch_or(&tried_map[running->def_idx], CALLED, __ATOMIC_RELAXED);
    /* a deferred OSR entry: looping outside the code that has arrived */
    uint16_t bits_now = tried_bits(m, running->def_idx);
    if (at_loop && (bits_now & OSR_DEFERRED) && !(bits_now & LATE_LOOP2) &&
        native_code_entry(atomic_load(&m->native), running->def_idx))
        __atomic_fetch_or(&tried_map[running->def_idx], bits_now & LATE_LOOP ? LATE_LOOP2 : LATE_LOOP,
                          __ATOMIC_RELAXED);
    /* interpreted at a back-edge while native code for it exists: a frame
     * that started before that code arrived loops here; the next
     * generation compiles it again with an OSR entry */
    if (!wants_osr(m, running->def_idx) && tried(m, running->def_idx)) return; /* native soon, or never */
    atomic_fetch_add_explicit((_Atomic uint32_t *)&hot[running->def_idx], 1, memory_order_relaxed);
    if (how == NATIVE_TICK_CALLED)
        atomic_fetch_add_explicit((_Atomic uint32_t *)&hot[ndefs + running->def_idx], 1, memory_order_relaxed);
    if (atomic_load_explicit(&m->native_requested, memory_order_relaxed)) return;
    if (atomic_fetch_add_explicit(&m->hot_polls, 1, memory_order_relaxed) + 1 < NATIVE_HOT_POLLS)
        return;
    bool expected = false;
    if (atomic_compare_exchange_strong(&m->native_requested, &expected, true)) {
        atomic_store(&m->native_requested_once, true);
        start_job(m);
    }
}

wasmcell_status_t native_module_compile_now(wasmcell_module_t *m, wasmcell_error_t **error)
{
    if (atomic_load(&m->native)) return WASMCELL_OK;
    wasmcell_error_t *e = NULL;
    native_code_t *nc = compile_module(m, generic_target(m), &e);
    if (!nc) return rt_fail(error, e ? e : &rt_error_nomem);
    publish(m, nc);
    return WASMCELL_OK;
}

/* ---- public API ------------------------------------------------------------------ */

int wasmcell_module_cache_wanted(const wasmcell_module_t *module)
{
    if (!module || module->tier != WASMCELL_TIER_AUTO || !atomic_load(&module->native_requested_once))
        return 0;
    native_code_t *nc = atomic_load(&((wasmcell_module_t *)module)->native);
    if (nc && (nc->flags & NATIVE_COMPILE_FULL)) return 0;
    char *dir = native_cache_dir(module->engine->config.cache_dir);
    char *key = dir ? cache_key_for(module, generic_target(module)) : NULL;
    /* another process fills it now (an earlier run's filler) */
    int wanted = key && !native_cache_filling(dir, key);
    base_free(key);
    base_free(dir);
    /* last: a run with no cache (--no-cache) need not load the plugin */
    return wanted && native_llvm_available();
}

wasmcell_status_t wasmcell_module_cache_fill(wasmcell_module_t *module, wasmcell_error_t **error)
{
    if (!module)
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE, "wasmcell_module_cache_fill: NULL module"));
    char *dir = native_cache_dir(module->engine->config.cache_dir);
    char *key = dir ? cache_key_for(module, generic_target(module)) : NULL;
    /* one filler per entry: a busy lock means another process compiles
     * this very code now; checked again under the lock, which the last
     * filler may have released just after storing */
    int lock = key ? native_cache_fill_begin(dir, key) : NATIVE_CACHE_FILL_FAILED;
    bool done = lock == NATIVE_CACHE_FILL_BUSY || (key && cached_full(dir, key));
    wasmcell_status_t st = WASMCELL_OK;
    if (!done && !native_llvm_available()) {
        st = rt_fail(error, rt_error_new(WASMCELL_ERR_UNSUPPORTED,
                                         "native code cannot be compiled: no LLVM plugin"));
    } else if (!done) {
        /* the level of ahead-of-time code (2) unless one was chosen: this
         * code serves every later run */
        uint32_t opt = module->engine->config.opt_level == WASMCELL_OPT_DEFAULT ? 2 : 0;
        wasmcell_error_t *e = NULL;
        native_code_t *nc = compile_select(module, NULL, generic_target(module), opt, &e);
        if (nc) {
            cache_store(module, nc);
            publish_generation(module, nc);
        } else {
            st = rt_fail(error, e ? e : &rt_error_nomem);
        }
    }
    native_cache_fill_end(dir, key, lock);
    base_free(key);
    base_free(dir);
    return st;
}

int wasmcell_is_artifact(const uint8_t *bytes, size_t size)
{
    return bytes && native_artifact_is(bytes, size);
}

wasmcell_status_t wasmcell_module_serialize(wasmcell_module_t *module, uint8_t **bytes, size_t *size,
                                            wasmcell_error_t **error)
{
    if (!module || !bytes || !size)
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE,
                                           "wasmcell_module_serialize: NULL module, bytes or size"));
    *bytes = NULL;
    *size = 0;
    wasmcell_status_t st = native_module_compile_now(module, error);
    if (st != WASMCELL_OK) return st;
    native_code_t *nc = atomic_load(&module->native);
    if (!artifact_bytes(nc, module->bin, bytes, size)) return rt_fail(error, &rt_error_nomem);
    return WASMCELL_OK;
}

wasmcell_status_t wasmcell_module_deserialize(wasmcell_engine_t *engine, const uint8_t *bytes,
                                              size_t size, wasmcell_module_t **out,
                                              wasmcell_error_t **error)
{
    if (out) *out = NULL;
    if (!engine || !bytes || !out)
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE,
                                           "wasmcell_module_deserialize: NULL engine, bytes or out"));
    native_artifact_t a;
    char err[300];
    if (!native_artifact_read(bytes, size, &a, err, sizeof err))
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MALFORMED, "%s", err));
    if (!artifact_runnable(&a, err, sizeof err))
        return rt_fail(error, rt_error_new(WASMCELL_ERR_UNSUPPORTED, "%s", err));
    bin_module_t *bin;
    wasmcell_status_t st = rt_module_decode_trusted(a.module, a.module_size, &bin, error);
    if (st != WASMCELL_OK) return st;
    /* guard-page code on memories that will be bounds-checked: refused,
     * rather than silently run in the interpreter (docs/native.md) */
    if (bin->nmemories && !(a.flags & NATIVE_COMPILE_CHECKED) &&
        !rt_memory_guard_available(&engine->config)) {
        bin_module_free(bin);
        return rt_fail(error, rt_error_new(WASMCELL_ERR_UNSUPPORTED,
                                           "artifact was compiled for guard-page memory, but linear "
                                           "memory is bounds-checked here (--bounds-checks, or no "
                                           "8 GiB of address space per memory: check ulimit -v); "
                                           "recompile it with `wasmcell compile --bounds-checks`"));
    }
    wasmcell_module_t *m;
    st = rt_module_new(engine, bin, &m, error);
    if (st != WASMCELL_OK) return st;
    wasmcell_error_t *e = NULL;
    native_code_t *nc = code_from_artifact(m->bin, &a, &e);
    if (!nc) {
        rt_module_release(m);
        return rt_fail(error, e ? e : &rt_error_nomem);
    }
    m->tier = WASMCELL_TIER_NATIVE;
    publish(m, nc);
    *out = m;
    return WASMCELL_OK;
}

int wasmcell_module_func_native(const wasmcell_module_t *module, uint32_t func_idx, size_t *code_size)
{
    if (code_size) *code_size = 0;
    if (!module || func_idx < module->bin->nfunc_imports || func_idx >= module->bin->nfuncs) return 0;
    native_code_t *nc = atomic_load(&((wasmcell_module_t *)module)->native);
    uint32_t d = func_idx - module->bin->nfunc_imports;
    const native_code_t *g = native_code_entry(nc, d);
    if (!g) return 0;
    if (code_size) *code_size = g->code_size[d];
    return 1;
}
