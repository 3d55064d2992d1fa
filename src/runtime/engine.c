/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* engine.c — the engine: configuration with its defaults, and the engine-wide
 * registry that interns function types so call_indirect compares ids. */
#include <stdio.h>
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
    switch (vt_kind(t)) {
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

/* ---- signature keys --------------------------------------------------------
 * A type's key is "params:results", one letter per 2.0 value type (so host
 * signatures like "ii:i" are their own keys). Function references add
 * '!' before a non-nullable reference, and a concrete (ref null? $t) is
 * "?#<engine id>;" or "!#<engine id>;", or "@<position>;" for a type of the
 * same rec group. A type in a rec group of several types, an open (`sub`)
 * type or one that refers to its own group has the key of its whole group,
 * "{<count>|<type keys separated by '/'>}<position>": equivalent types
 * (spec: iso-recursive equivalence) get the same key and so the same id. */

typedef struct keybuf {
    char *p;
    size_t len, cap;
    bool oom;
    char small[128];
} keybuf_t;

static void kb_init(keybuf_t *k)
{
    k->p = k->small;
    k->len = 0;
    k->cap = sizeof k->small;
    k->oom = false;
    k->small[0] = 0;
}

static void kb_fini(keybuf_t *k)
{
    if (k->p != k->small) base_free(k->p);
}

static void kb_add(keybuf_t *k, const char *s, size_t n)
{
    if (k->oom) return;
    if (k->len + n + 1 > k->cap) {
        size_t cap = k->cap * 2;
        while (k->len + n + 1 > cap) cap *= 2;
        char *p = k->p == k->small ? base_malloc(cap) : base_realloc(k->p, cap);
        if (!p) { k->oom = true; return; }
        if (k->p == k->small) memcpy(p, k->small, k->len);
        k->p = p;
        k->cap = cap;
    }
    memcpy(k->p + k->len, s, n);
    k->len += n;
    k->p[k->len] = 0;
}

static void kb_char(keybuf_t *k, char c) { kb_add(k, &c, 1); }

static void kb_num(keybuf_t *k, uint32_t v)
{
    char buf[16];
    int n = snprintf(buf, sizeof buf, "%u", v);
    kb_add(k, buf, (size_t)n);
}

/* One value type of a module's type (ids: the engine ids of the module's
 * types before the group [gs, gs + gc)); or of an engine-canonical type
 * (ids NULL: a concrete index is an engine id already). */
static void kb_valtype(keybuf_t *k, bin_valtype_t t, const uint32_t *ids, uint32_t gs, uint32_t gc)
{
    uint32_t idx;
    if (!vt_type_idx(t, &idx)) {
        if (!vt_nullable(t)) kb_char(k, '!');
        kb_char(k, rt_valtype_letter(t));
        return;
    }
    if (ids && idx >= gs && idx - gs < gc) {
        kb_char(k, vt_nullable(t) ? '?' : '!');
        kb_char(k, '@');
        kb_num(k, idx - gs);
    } else {
        kb_char(k, vt_nullable(t) ? '?' : '!');
        kb_char(k, '#');
        kb_num(k, ids ? ids[idx] : idx);
    }
    kb_char(k, ';');
}

static void kb_functype(keybuf_t *k, const bin_functype_t *t, const uint32_t *ids, uint32_t gs,
                        uint32_t gc)
{
    for (uint32_t i = 0; i < t->nparams; i++) kb_valtype(k, t->params[i], ids, gs, gc);
    kb_char(k, ':');
    for (uint32_t i = 0; i < t->nresults; i++) kb_valtype(k, t->results[i], ids, gs, gc);
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

/* Adds a new signature with room for its types (copied from params and
 * results, rewritten by the caller for concrete references); the caller
 * holds the lock and checked the key is absent. */
static uint32_t sig_add(wasmcell_engine_t *e, const char *key, size_t len,
                        const bin_valtype_t *params, uint32_t np, const bin_valtype_t *results,
                        uint32_t nr)
{
    if (e->nsigs >= VT_MAX_TYPE_IDX || !sig_reserve(e)) return UINT32_MAX;
    char *k = base_strndup(key, len);
    bin_functype_t *t = base_malloc(sizeof *t + ((size_t)np + nr) * sizeof(bin_valtype_t));
    if (!k || !t) {
        base_free(k);
        base_free(t);
        return UINT32_MAX;
    }
    bin_valtype_t *storage = (bin_valtype_t *)(t + 1);
    if (np) memcpy(storage, params, np * sizeof *storage);
    if (nr) memcpy(storage + np, results, nr * sizeof *storage);
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
    keybuf_t key;
    kb_init(&key);
    bin_functype_t ft = {.nparams = nparams, .nresults = nresults, .params = params,
                         .results = results};
    kb_functype(&key, &ft, NULL, 0, 0);
    uint32_t id = UINT32_MAX;
    if (!key.oom) {
        pthread_mutex_lock(&engine->lock);
        uint32_t *slot = engine->sig_slots ? sig_slot(engine, key.p, key.len) : NULL;
        if (slot && *slot)
            id = *slot - 1;
        else
            id = sig_add(engine, key.p, key.len, params, nparams, results, nresults);
        if (interned) *interned = id == UINT32_MAX ? NULL : engine->sig_types[id];
        pthread_mutex_unlock(&engine->lock);
    }
    kb_fini(&key);
    return id;
}

/* Does the group [gs, gs + gc) need a group key (see above)? */
static bool needs_group_key(const bin_module_t *m, uint32_t gs, uint32_t gc)
{
    if (gc != 1 || m->types[gs].open) return true;
    const bin_functype_t *t = &m->types[gs];
    for (uint32_t i = 0; i < t->nparams + t->nresults; i++) {
        bin_valtype_t v = i < t->nparams ? t->params[i] : t->results[i - t->nparams];
        uint32_t idx;
        if (vt_type_idx(v, &idx) && idx >= gs) return true;
    }
    return false;
}

static bin_valtype_t engine_vt(bin_valtype_t t, const uint32_t *ids)
{
    uint32_t idx;
    if (!vt_type_idx(t, &idx)) return t;
    return vt_concrete(ids[idx], vt_nullable(t));
}

/* Interns the group [gs, gs + gc) of m's types into ids[gs ...]. */
static bool intern_group(wasmcell_engine_t *e, const bin_module_t *m, uint32_t gs, uint32_t gc,
                         uint32_t *ids)
{
    keybuf_t group;
    kb_init(&group);
    bool grouped = needs_group_key(m, gs, gc);
    if (grouped) {
        kb_char(&group, '{');
        kb_num(&group, gc);
        kb_char(&group, '|');
        for (uint32_t k = 0; k < gc; k++) {
            if (k) kb_char(&group, '/');
            if (m->types[gs + k].open) kb_char(&group, 'o');
            kb_functype(&group, &m->types[gs + k], ids, gs, gc);
        }
        kb_char(&group, '}');
    } else {
        kb_functype(&group, &m->types[gs], ids, gs, gc);
    }
    size_t base_len = group.len;
    bool *added = base_calloc(gc, sizeof *added);
    bool ok = !group.oom && added;
    pthread_mutex_lock(&e->lock);
    for (uint32_t k = 0; ok && k < gc; k++) {
        const bin_functype_t *t = &m->types[gs + k];
        group.len = base_len;
        if (grouped) kb_num(&group, k);
        if (group.oom) { ok = false; break; }
        uint32_t *slot = e->sig_slots ? sig_slot(e, group.p, group.len) : NULL;
        added[k] = !(slot && *slot);
        ids[gs + k] = slot && *slot ? *slot - 1
                                    : sig_add(e, group.p, group.len, t->params, t->nparams,
                                              t->results, t->nresults);
        ok = ids[gs + k] != UINT32_MAX;
    }
    /* The engine's copies name engine ids, known now for the whole group. */
    for (uint32_t k = 0; ok && k < gc; k++) {
        if (!added[k]) continue;
        bin_functype_t *t = e->sig_types[ids[gs + k]];
        bin_valtype_t *vt = (bin_valtype_t *)t->params;
        for (uint32_t i = 0; i < t->nparams + t->nresults; i++) vt[i] = engine_vt(vt[i], ids);
    }
    pthread_mutex_unlock(&e->lock);
    base_free(added);
    kb_fini(&group);
    return ok;
}

bool rt_engine_intern_types(wasmcell_engine_t *engine, const bin_module_t *m, uint32_t *ids)
{
    for (uint32_t gs = 0; gs < m->ntypes;) {
        uint32_t gc = m->types[gs].rec_count ? m->types[gs].rec_count : 1;
        if (!intern_group(engine, m, gs, gc, ids)) return false;
        gs += gc;
    }
    return true;
}

const bin_functype_t *rt_engine_sig_type(wasmcell_engine_t *engine, uint32_t sig_id)
{
    pthread_mutex_lock(&engine->lock);
    const bin_functype_t *t = sig_id < engine->nsigs ? engine->sig_types[sig_id] : NULL;
    pthread_mutex_unlock(&engine->lock);
    return t;
}

bin_valtype_t rt_module_vt(const wasmcell_module_t *m, bin_valtype_t t)
{
    return engine_vt(t, m->type_sig_ids);
}

bool rt_vt_match(bin_valtype_t actual, bin_valtype_t expected)
{
    if (actual == expected) return true;
    if (!vt_is_ref(actual) || !vt_is_ref(expected)) return false;
    if (vt_nullable(actual) && !vt_nullable(expected)) return false;
    uint32_t ia, ie;
    if (vt_type_idx(expected, &ie)) return vt_type_idx(actual, &ia) && ia == ie;
    return vt_kind(actual) == vt_kind(expected);
}
