/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* engine.c — the engine: configuration with its defaults, and the engine-wide
 * registry that interns function types so call_indirect compares ids. */
#include <string.h>
#include "runtime.h"
#include "../base/alloc.h"

#define DEFAULT_MAX_MEMORY_BYTES (65536ull * RT_PAGE_SIZE)
#define DEFAULT_MAX_TABLE_ELEMS 10000000u
#define DEFAULT_MAX_STACK_BYTES (8u << 20)
#define DEFAULT_MAX_CALL_DEPTH 100000u

void wasmcell_config_init(wasmcell_config_t *config)
{
    if (!config) return;
    /* every field a later version adds starts at 0 ("default"): a field
     * left uninitialised once made tier and fuel choices random */
    memset(config, 0, sizeof *config);
    config->max_memory_bytes = DEFAULT_MAX_MEMORY_BYTES;
    config->max_table_elems = DEFAULT_MAX_TABLE_ELEMS;
    config->max_stack_bytes = DEFAULT_MAX_STACK_BYTES;
    config->max_call_depth = DEFAULT_MAX_CALL_DEPTH;
    config->tier = WASMCELL_TIER_AUTO;
    config->opt_level = WASMCELL_OPT_DEFAULT;
    config->cache_dir = NULL;
    config->max_native_stack_bytes = 0;
    config->target_cpu = WASMCELL_TARGET_HOST;
    config->fuel_metering = 0;
    config->wasm_features = 0;
}

/* Zeros in a user config mean "default"; the engine stores explicit values so
 * the rest of the runtime never has to interpret 0. */
static void config_normalize(wasmcell_config_t *c)
{
    if (c->max_memory_bytes == 0 || c->max_memory_bytes > DEFAULT_MAX_MEMORY_BYTES)
        c->max_memory_bytes = DEFAULT_MAX_MEMORY_BYTES;
    if (c->max_table_elems == 0) c->max_table_elems = DEFAULT_MAX_TABLE_ELEMS;
    if (c->max_stack_bytes == 0) c->max_stack_bytes = DEFAULT_MAX_STACK_BYTES;
    if (c->max_call_depth == 0) c->max_call_depth = DEFAULT_MAX_CALL_DEPTH;
    if ((unsigned)c->tier > WASMCELL_TIER_NATIVE) c->tier = WASMCELL_TIER_AUTO;
    if (c->opt_level > 3 && c->opt_level != WASMCELL_OPT_NONE) c->opt_level = WASMCELL_OPT_DEFAULT;
    if (c->target_cpu > WASMCELL_TARGET_GENERIC) c->target_cpu = WASMCELL_TARGET_HOST;
    /* Stored as WASMCELL_FEATURES_2_0 plus the enabled bits: never 0. */
    c->wasm_features = (c->wasm_features ? c->wasm_features & BIN_FEATURES_ALL : BIN_FEATURES_ALL)
                       | WASMCELL_FEATURES_2_0;
}

wasmcell_engine_t *wasmcell_engine_new(const wasmcell_config_t *config)
{
    wasmcell_engine_t *e = base_calloc(1, sizeof *e);
    if (!e) return NULL;
    if (config) e->config = *config;
    config_normalize(&e->config);
    if (e->config.cache_dir) {
        size_t n = strlen(e->config.cache_dir) + 1;
        e->cache_dir = base_malloc(n);
        if (!e->cache_dir) {
            base_free(e);
            return NULL;
        }
        memcpy(e->cache_dir, e->config.cache_dir, n);
        e->config.cache_dir = e->cache_dir;
    }
    if (pthread_mutex_init(&e->lock, NULL) != 0) {
        base_free(e->cache_dir);
        base_free(e);
        return NULL;
    }
    pthread_mutex_init(&e->jobs_lock, NULL);
    pthread_cond_init(&e->jobs_done, NULL);
    pthread_mutex_init(&e->exn_lock, NULL);
    return e;
}

unsigned wasmcell_engine_compiling(wasmcell_engine_t *engine)
{
    if (!engine) return 0;
    pthread_mutex_lock(&engine->jobs_lock);
    unsigned n = engine->native_jobs;
    pthread_mutex_unlock(&engine->jobs_lock);
    return n;
}

void wasmcell_engine_delete(wasmcell_engine_t *engine)
{
    if (!engine) return;
    /* background native compiles hold modules of this engine: let them finish */
    pthread_mutex_lock(&engine->jobs_lock);
    while (engine->native_jobs) pthread_cond_wait(&engine->jobs_done, &engine->jobs_lock);
    pthread_mutex_unlock(&engine->jobs_lock);
    pthread_mutex_destroy(&engine->jobs_lock);
    pthread_cond_destroy(&engine->jobs_done);
    rt_engine_free_exns(engine);
    pthread_mutex_destroy(&engine->exn_lock);
    base_free(engine->cache_dir);
    for (uint32_t i = 0; i < engine->nsigs; i++) {
        base_free(engine->sigs[i]);
        base_free(engine->sig_types[i]);
    }
    base_free(engine->sigs);
    base_free(engine->sig_types);
    base_free(engine->sig_slots);
    pthread_mutex_destroy(&engine->lock);
    base_free(engine);
}

char rt_valtype_letter(bin_valtype_t t)
{
    switch (t) {
    case VT_I32: return 'i';
    case VT_I64: return 'I';
    case VT_F32: return 'f';
    case VT_F64: return 'F';
    case VT_V128: return 'v';
    case VT_FUNCREF: return 'r';
    case VT_EXTERNREF: return 'x';
    case VT_EXNREF: return 'e';
    }
    return 0;
}

uint32_t rt_name_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

/* Writes "params:results" into buf (size >= np + nr + 2). */
static void sig_key(char *buf, const bin_valtype_t *params, uint32_t np,
                    const bin_valtype_t *results, uint32_t nr)
{
    size_t n = 0;
    for (uint32_t i = 0; i < np; i++) buf[n++] = rt_valtype_letter(params[i]);
    buf[n++] = ':';
    for (uint32_t i = 0; i < nr; i++) buf[n++] = rt_valtype_letter(results[i]);
    buf[n] = 0;
}

static uint32_t *sig_slot(wasmcell_engine_t *e, const char *key, size_t len)
{
    uint32_t i = rt_name_hash(key, len) & e->sig_slots_mask;
    for (;; i = (i + 1) & e->sig_slots_mask) {
        uint32_t id1 = e->sig_slots[i];
        if (id1 == 0 || strcmp(e->sigs[id1 - 1], key) == 0) return &e->sig_slots[i];
    }
}

/* Keeps the load factor of the hash index at most 1/2. */
static bool sig_reserve(wasmcell_engine_t *e)
{
    if (e->nsigs == e->sigs_cap) {
        uint32_t cap = e->sigs_cap ? e->sigs_cap * 2 : 16;
        char **sigs = base_realloc(e->sigs, (size_t)cap * sizeof *sigs);
        if (!sigs) return false;
        e->sigs = sigs;
        bin_functype_t **types = base_realloc(e->sig_types, (size_t)cap * sizeof *types);
        if (!types) return false;
        e->sig_types = types;
        e->sigs_cap = cap;
    }
    if ((uint64_t)(e->nsigs + 1) * 2 <= (uint64_t)e->sig_slots_mask + 1 && e->sig_slots) return true;
    uint32_t nslots = e->sig_slots ? (e->sig_slots_mask + 1) * 2 : 64;
    uint32_t *slots = base_calloc(nslots, sizeof *slots);
    if (!slots) return false;
    uint32_t *old = e->sig_slots;
    e->sig_slots = slots;
    e->sig_slots_mask = nslots - 1;
    for (uint32_t id = 0; id < e->nsigs; id++)
        *sig_slot(e, e->sigs[id], strlen(e->sigs[id])) = id + 1;
    base_free(old);
    return true;
}

/* Adds a new signature; the caller holds the lock and checked it is absent. */
static uint32_t sig_add(wasmcell_engine_t *e, const char *key, size_t len,
                        const bin_valtype_t *params, uint32_t np, const bin_valtype_t *results,
                        uint32_t nr)
{
    if (!sig_reserve(e)) return UINT32_MAX;
    char *k = base_strndup(key, len);
    bin_functype_t *t = base_malloc(sizeof *t + (size_t)np + nr);
    if (!k || !t) {
        base_free(k);
        base_free(t);
        return UINT32_MAX;
    }
    bin_valtype_t *storage = (bin_valtype_t *)(t + 1);
    if (np) memcpy(storage, params, np);
    if (nr) memcpy(storage + np, results, nr);
    *t = (bin_functype_t){.nparams = np, .nresults = nr, .params = storage,
                          .results = storage + np};
    uint32_t id = e->nsigs++;
    e->sigs[id] = k;
    e->sig_types[id] = t;
    *sig_slot(e, k, len) = id + 1;
    return id;
}

uint32_t rt_engine_sig_intern(wasmcell_engine_t *engine, const bin_valtype_t *params,
                              uint32_t nparams, const bin_valtype_t *results, uint32_t nresults,
                              const bin_functype_t **interned)
{
    char small[128];
    size_t len = (size_t)nparams + nresults + 1;
    char *key = len < sizeof small ? small : base_malloc(len + 1);
    if (!key) return UINT32_MAX;
    sig_key(key, params, nparams, results, nresults);

    uint32_t id = UINT32_MAX;
    pthread_mutex_lock(&engine->lock);
    uint32_t *slot = engine->sig_slots ? sig_slot(engine, key, len) : NULL;
    if (slot && *slot)
        id = *slot - 1;
    else
        id = sig_add(engine, key, len, params, nparams, results, nresults);
    if (interned) *interned = id == UINT32_MAX ? NULL : engine->sig_types[id];
    pthread_mutex_unlock(&engine->lock);

    if (key != small) base_free(key);
    return id;
}

uint32_t rt_engine_sig_id(wasmcell_engine_t *engine, const bin_functype_t *type)
{
    return rt_engine_sig_intern(engine, type->params, type->nparams, type->results,
                                type->nresults, NULL);
}
