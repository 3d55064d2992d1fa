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
};

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
        base_free(linker->entries[i].host);
    }
    for (uint32_t i = 0; i < linker->nheld; i++) rt_instance_release(linker->held[i]);
    base_free(linker->held);
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
        base_free(e->host);
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
    base_free(host);
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

wasmcell_status_t wasmcell_linker_define_func(wasmcell_linker_t *linker, const char *module,
                                              const char *name, const char *signature,
                                              wasmcell_host_func_t func, void *env)
{
    if (!linker || !module || !name || !signature || !func) return WASMCELL_ERR_MISUSE;
    size_t len = strlen(signature);
    bin_valtype_t small[64];
    bin_valtype_t *types = len <= sizeof small ? small : base_malloc(len);
    if (!types) return WASMCELL_ERR_NOMEM;
    uint32_t np, nr;
    wasmcell_status_t st = WASMCELL_ERR_MISUSE;
    if (!parse_signature(signature, types, &np, &nr)) goto done;
    const bin_functype_t *type;
    uint32_t sig_id = rt_engine_sig_intern(linker->engine, types, np, types + np, nr, &type);
    wasmcell_func_t *f = base_calloc(1, sizeof *f);
    st = WASMCELL_ERR_NOMEM;
    if (sig_id == UINT32_MAX || !f) {
        base_free(f);
        goto done;
    }
    *f = (wasmcell_func_t){.sig_id = sig_id, .nparams = np, .nresults = nr,
                           .params = type->params, .results = type->results,
                           .host = func, .host_env = env};
    st = define(linker, module, name, (wasmcell_extern_t){.kind = WASMCELL_EXTERN_FUNC, .of.func = f},
                f);
done:
    if (types != small) base_free(types);
    return st;
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
        *copy = *f;
        copy->sig_id = sig_id;
        copy->params = type->params;
        copy->results = type->results;
        copy->inst = NULL;
        copy->owned_types = NULL;
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
    }
    return false;
}

wasmcell_status_t wasmcell_linker_define_extern(wasmcell_linker_t *linker, const char *module,
                                                const char *name, wasmcell_extern_t ext)
{
    if (!linker || !module || !name || !extern_valid(&ext)) return WASMCELL_ERR_MISUSE;
    rt_instance_t *owner = rt_extern_owner(&ext);
    if (owner && !hold(linker, owner)) return WASMCELL_ERR_NOMEM;
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
