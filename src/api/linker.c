/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* linker.c — the linker: a map from (module, name) to externs (host
 * functions, other instances' exports) used to resolve a module's imports
 * by name. A later definition of the same name replaces the earlier one. */
#include <string.h>
#include "../runtime/runtime.h"
#include "../base/alloc.h"

typedef struct link_entry {
    char *module, *name;
    size_t module_len, name_len;
    uint32_t hash;
    wasmcell_extern_t ext;
    wasmcell_func_t *host;       /* owned record when ext is a host function */
} link_entry_t;

struct wasmcell_linker {
    wasmcell_engine_t *engine;
    link_entry_t *entries;
    uint32_t nentries, entries_cap;
    uint32_t *slots;             /* open addressing: entry index + 1, 0 = empty */
    uint32_t slots_mask;
    rt_instance_t **held;        /* instances whose exports we define: one handle each */
    uint32_t nheld, held_cap;
    wasmcell_extern_t *held_ext; /* host-created tables, memories, globals: one handle each */
    uint32_t nheld_ext, held_ext_cap;
};

static void free_host(wasmcell_func_t *host)
{
    rt_host_func_fini(host);
    base_free(host);
}

static uint32_t key_hash(const char *module, size_t mlen, const char *name, size_t nlen)
{
    uint32_t h = rt_name_hash(module, mlen);
    return (h * 16777619u) ^ rt_name_hash(name, nlen);
}

wasmcell_linker_t *wasmcell_linker_new(wasmcell_engine_t *engine)
{
    if (!engine) return NULL;
    wasmcell_linker_t *l = base_calloc(1, sizeof *l);
    if (!l) return NULL;
    l->engine = engine;
    return l;
}

void wasmcell_linker_delete(wasmcell_linker_t *linker)
{
    if (!linker) return;
    for (uint32_t i = 0; i < linker->nentries; i++) {
        base_free(linker->entries[i].module);
        base_free(linker->entries[i].name);
        free_host(linker->entries[i].host);
    }
    for (uint32_t i = 0; i < linker->nheld; i++) rt_instance_release(linker->held[i]);
    /* the object's store now (stores merge as instances link) */
    for (uint32_t i = 0; i < linker->nheld_ext; i++)
        rt_store_release(rt_extern_store(&linker->held_ext[i]));
    base_free(linker->held);
    base_free(linker->held_ext);
    base_free(linker->entries);
    base_free(linker->slots);
    base_free(linker);
}

static uint32_t *find_slot(const wasmcell_linker_t *l, const char *module, size_t mlen,
                           const char *name, size_t nlen, uint32_t hash)
{
    for (uint32_t s = hash & l->slots_mask;; s = (s + 1) & l->slots_mask) {
        uint32_t i1 = l->slots[s];
        if (!i1) return &l->slots[s];
        const link_entry_t *e = &l->entries[i1 - 1];
        if (e->hash == hash && e->module_len == mlen && e->name_len == nlen &&
            memcmp(e->module, module, mlen) == 0 && memcmp(e->name, name, nlen) == 0)
            return &l->slots[s];
    }
}

static const link_entry_t *lookup(const wasmcell_linker_t *l, const char *module, size_t mlen,
                                  const char *name, size_t nlen)
{
    if (!l->slots) return NULL;
    uint32_t i1 = *find_slot(l, module, mlen, name, nlen, key_hash(module, mlen, name, nlen));
    return i1 ? &l->entries[i1 - 1] : NULL;
}

/* Room for one more entry, with the hash index at most half full. */
static bool reserve_entry(wasmcell_linker_t *l)
{
    if (l->nentries == l->entries_cap) {
        uint32_t cap = l->entries_cap ? l->entries_cap * 2 : 16;
        link_entry_t *entries = base_realloc(l->entries, (size_t)cap * sizeof *entries);
        if (!entries) return false;
        l->entries = entries;
        l->entries_cap = cap;
    }
    if (l->slots && (uint64_t)(l->nentries + 1) * 2 <= (uint64_t)l->slots_mask + 1) return true;
    uint32_t nslots = l->slots ? (l->slots_mask + 1) * 2 : 32;
    uint32_t *slots = base_calloc(nslots, sizeof *slots);
    if (!slots) return false;
    base_free(l->slots);
    l->slots = slots;
    l->slots_mask = nslots - 1;
    for (uint32_t i = 0; i < l->nentries; i++) {
        const link_entry_t *e = &l->entries[i];
        *find_slot(l, e->module, e->module_len, e->name, e->name_len, e->hash) = i + 1;
    }
    return true;
}

/* Adds or replaces module/name → ext; takes `host` (may be NULL) in every case. */
static wasmcell_status_t define(wasmcell_linker_t *l, const char *module, const char *name,
                                wasmcell_extern_t ext, wasmcell_func_t *host)
{
    size_t mlen = strlen(module), nlen = strlen(name);
    uint32_t hash = key_hash(module, mlen, name, nlen);
    if (!reserve_entry(l)) goto nomem;
    uint32_t *slot = find_slot(l, module, mlen, name, nlen, hash);
    if (*slot) {
        link_entry_t *e = &l->entries[*slot - 1];
        free_host(e->host);
        e->ext = ext;
        e->host = host;
        return WASMCELL_OK;
    }
    link_entry_t e = {.module = base_strndup(module, mlen), .name = base_strndup(name, nlen),
                      .module_len = mlen, .name_len = nlen, .hash = hash, .ext = ext,
                      .host = host};
    if (!e.module || !e.name) {
        base_free(e.module);
        base_free(e.name);
        goto nomem;
    }
    l->entries[l->nentries++] = e;
    *slot = l->nentries;
    return WASMCELL_OK;
nomem:
    free_host(host);
    return WASMCELL_ERR_NOMEM;
}

static bool parse_signature(const char *sig, bin_valtype_t *types, uint32_t *np, uint32_t *nr)
{
    static const char letters[] = "iIfFvrx";
    static const bin_valtype_t vts[] = {VT_I32, VT_I64, VT_F32, VT_F64, VT_V128, VT_FUNCREF,
                                        VT_EXTERNREF};
    const char *colon = strchr(sig, ':');
    if (!colon || strchr(colon + 1, ':')) return false;
    uint32_t n = 0;
    for (const char *p = sig; *p; p++) {
        if (p == colon) continue;
        const char *k = strchr(letters, *p);
        if (!k) return false;
        types[n++] = vts[k - letters];
    }
    *np = (uint32_t)(colon - sig);
    *nr = n - *np;
    return true;
}

/* A host function record of `engine` (types interned there), or NULL when
 * the signature is malformed (*st MISUSE) or out of memory (*st NOMEM). */
static wasmcell_func_t *host_func_new(wasmcell_engine_t *engine, const char *signature,
                                      wasmcell_host_func_t func, void *env,
                                      wasmcell_status_t *st)
{
    size_t len = strlen(signature);
    bin_valtype_t small[64];
    bin_valtype_t *types = len <= sizeof small / sizeof *small ? small
                                                               : base_malloc(len * sizeof *types);
    wasmcell_func_t *f = NULL;
    uint32_t np, nr;
    *st = WASMCELL_ERR_NOMEM;
    if (!types) return NULL;
    *st = WASMCELL_ERR_MISUSE;
    if (!parse_signature(signature, types, &np, &nr)) goto done;
    const bin_functype_t *type;
    uint32_t sig_id = rt_engine_sig_intern(engine, types, np, types + np, nr, &type);
    *st = WASMCELL_ERR_NOMEM;
    if (sig_id == UINT32_MAX || !(f = base_calloc(1, sizeof *f))) goto done;
    *f = (wasmcell_func_t){.sig_id = sig_id, .nparams = np, .nresults = nr,
                           .params = type->params, .results = type->results,
                           .host = func, .host_env = env, .engine = engine};
    *st = WASMCELL_OK;
done:
    if (types != small) base_free(types);
    return f;
}

wasmcell_status_t wasmcell_linker_define_func(wasmcell_linker_t *linker, const char *module,
                                              const char *name, const char *signature,
                                              wasmcell_host_func_t func, void *env)
{
    if (!linker || !module || !name || !signature || !func) return WASMCELL_ERR_MISUSE;
    wasmcell_status_t st;
    wasmcell_func_t *f = host_func_new(linker->engine, signature, func, env, &st);
    if (!f) return st;
    return define(linker, module, name, (wasmcell_extern_t){.kind = WASMCELL_EXTERN_FUNC, .of.func = f},
                  f);
}

wasmcell_func_t *wasmcell_func_new(wasmcell_engine_t *engine, const char *signature,
                                   wasmcell_host_func_t func, void *env,
                                   wasmcell_finalizer_t finalizer)
{
    if (!engine || !signature || !func) return NULL;
    wasmcell_status_t st;
    wasmcell_func_t *f = host_func_new(engine, signature, func, env, &st);
    if (!f) return NULL;
    if (finalizer && !(f->env_box = rt_host_env_new(env, finalizer))) {
        base_free(f);
        return NULL;
    }
    f->standalone = true;
    return f;
}

void wasmcell_func_delete(wasmcell_func_t *func)
{
    if (!func || !func->standalone) return; /* instances own their functions */
    rt_host_func_fini(func);
    base_free(func);
}

static bool hold(wasmcell_linker_t *l, rt_instance_t *inst)
{
    if (l->nheld == l->held_cap) {
        uint32_t cap = l->held_cap ? l->held_cap * 2 : 8;
        rt_instance_t **held = base_realloc(l->held, (size_t)cap * sizeof *held);
        if (!held) return false;
        l->held = held;
        l->held_cap = cap;
    }
    rt_instance_retain(inst);
    l->held[l->nheld++] = inst;
    return true;
}

/* A host-created table, memory or global (wasmcell_table_new, ...): the
 * linker keeps it alive until it is deleted. */
static bool hold_hosted(wasmcell_linker_t *l, wasmcell_extern_t ext)
{
    rt_store_t *s = rt_extern_store(&ext);
    if (!s) return true;
    if (l->nheld_ext == l->held_ext_cap) {
        uint32_t cap = l->held_ext_cap ? l->held_ext_cap * 2 : 8;
        wasmcell_extern_t *held = base_realloc(l->held_ext, (size_t)cap * sizeof *held);
        if (!held) return false;
        l->held_ext = held;
        l->held_ext_cap = cap;
    }
    rt_store_retain(s);
    l->held_ext[l->nheld_ext++] = ext;
    return true;
}

/* Host functions are copied so the definition outlives where it came from,
 * with their type interned in this linker's engine (it may come from another). */
static wasmcell_status_t define_one(wasmcell_linker_t *l, const char *module, const char *name,
                                    wasmcell_extern_t ext)
{
    wasmcell_func_t *copy = NULL;
    if (ext.kind == WASMCELL_EXTERN_FUNC && ext.of.func->host) {
        const wasmcell_func_t *f = ext.of.func;
        const bin_functype_t *type;
        uint32_t sig_id = rt_engine_sig_intern(l->engine, f->params, f->nparams, f->results,
                                               f->nresults, &type);
        copy = base_malloc(sizeof *copy);
        if (!copy || sig_id == UINT32_MAX) {
            base_free(copy);
            return WASMCELL_ERR_NOMEM;
        }
        rt_host_func_copy(copy, f);
        copy->sig_id = sig_id;
        copy->params = type->params;
        copy->results = type->results;
        copy->inst = NULL;
        copy->engine = l->engine;
        ext.of.func = copy;
    }
    return define(l, module, name, ext, copy);
}

static bool extern_valid(const wasmcell_extern_t *ext)
{
    switch (ext->kind) {
    case WASMCELL_EXTERN_FUNC: return ext->of.func != NULL;
    case WASMCELL_EXTERN_TABLE: return ext->of.table != NULL;
    case WASMCELL_EXTERN_MEMORY: return ext->of.memory != NULL;
    case WASMCELL_EXTERN_GLOBAL: return ext->of.global != NULL;
    case WASMCELL_EXTERN_TAG: return ext->of.tag != NULL;
    }
    return false;
}

wasmcell_status_t wasmcell_linker_define_extern(wasmcell_linker_t *linker, const char *module,
                                                const char *name, wasmcell_extern_t ext)
{
    if (!linker || !module || !name || !extern_valid(&ext)) return WASMCELL_ERR_MISUSE;
    rt_instance_t *owner = rt_extern_owner(&ext);
    if (owner && !hold(linker, owner)) return WASMCELL_ERR_NOMEM;
    if (!owner && ext.kind != WASMCELL_EXTERN_FUNC && !hold_hosted(linker, ext))
        return WASMCELL_ERR_NOMEM;
    return define_one(linker, module, name, ext);
}

wasmcell_status_t wasmcell_linker_define_instance(wasmcell_linker_t *linker, const char *module,
                                                  wasmcell_instance_t *instance)
{
    if (!linker || !module || !instance) return WASMCELL_ERR_MISUSE;
    if (!hold(linker, instance)) return WASMCELL_ERR_NOMEM;
    const bin_module_t *bin = instance->module->bin;
    for (uint32_t i = 0; i < bin->nexports; i++) {
        const bin_export_t *ex = &bin->exports[i];
        wasmcell_extern_t ext;
        if (!rt_instance_export(instance, ex->name, ex->name_len, &ext)) continue;
        wasmcell_status_t st = define_one(linker, module, ex->name, ext);
        if (st != WASMCELL_OK) return st;
    }
    return WASMCELL_OK;
}

wasmcell_status_t wasmcell_linker_instantiate(wasmcell_linker_t *linker, wasmcell_module_t *module,
                                              wasmcell_instance_t **out, wasmcell_error_t **error)
{
    if (out) *out = NULL;
    if (!linker || !module || !out)
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE,
                                           "wasmcell_linker_instantiate: NULL argument"));
    if (module->engine != linker->engine)
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE,
                                           "the linker and the module belong to different engines"));
    const bin_module_t *bin = module->bin;
    wasmcell_extern_t *imports = base_calloc(bin->nimports, sizeof *imports);
    if (!imports) return rt_fail(error, &rt_error_nomem);
    wasmcell_status_t st = WASMCELL_OK;
    for (uint32_t i = 0; i < bin->nimports; i++) {
        const bin_import_t *imp = &bin->imports[i];
        const link_entry_t *e = lookup(linker, imp->module, imp->module_len, imp->name,
                                       imp->name_len);
        if (!e) {
            st = rt_fail(error, rt_error_new(WASMCELL_ERR_LINK, "unknown import: \"%s\" \"%s\"",
                                             imp->module, imp->name));
            goto done;
        }
        imports[i] = e->ext;
    }
    st = rt_instantiate(module, imports, out, error);
done:
    base_free(imports);
    return st;
}
