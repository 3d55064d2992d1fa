/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* store.c — stores: the sets of instances and host-created objects that may
 * refer to each other and therefore live and die together (see rt_store_t);
 * host function records and their shared, finalized env. */
#include "runtime.h"
#include "../base/alloc.h"

rt_store_t *rt_store_new(wasmcell_engine_t *engine)
{
    rt_store_t *s = base_calloc(1, sizeof *s);
    if (!s) return NULL;
    atomic_init(&s->refcount, 1);
    s->engine = engine;
    return s;
}

void rt_store_retain(rt_store_t *s)
{
    atomic_fetch_add(&s->refcount, 1);
}

static void hosted_free(wasmcell_extern_t *ext)
{
    switch (ext->kind) {
    case WASMCELL_EXTERN_FUNC:
        rt_host_func_fini(ext->of.func);
        base_free(ext->of.func);
        break;
    case WASMCELL_EXTERN_TABLE: rt_table_delete(ext->of.table); break;
    case WASMCELL_EXTERN_MEMORY: rt_memory_delete(ext->of.memory); break;
    case WASMCELL_EXTERN_GLOBAL: base_free(ext->of.global); break;
    case WASMCELL_EXTERN_TAG: break; /* host tags belong to the engine */
    }
}

void rt_store_release(rt_store_t *s)
{
    if (!s || atomic_fetch_sub(&s->refcount, 1) != 1) return;
    /* instances first: their tables may hold hosted functions, and an
     * instance's user-data finalizer may still look at hosted objects */
    for (uint32_t i = 0; i < s->nmembers; i++) rt_instance_free(s->members[i]);
    for (uint32_t i = 0; i < s->nhosted; i++) hosted_free(&s->hosted[i]);
    base_free(s->members);
    base_free(s->hosted);
    base_free(s);
}

static bool grow_array(void **arr, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap) return true;
    uint32_t ncap = *cap ? *cap * 2 : 4;
    if (ncap < need) ncap = need;
    void *p = base_realloc(*arr, (size_t)ncap * elem);
    if (!p) return false;
    *arr = p;
    *cap = ncap;
    return true;
}

static void set_host_store(wasmcell_extern_t *ext, rt_store_t *s)
{
    switch (ext->kind) {
    case WASMCELL_EXTERN_FUNC: ext->of.func->host_store = s; break;
    case WASMCELL_EXTERN_TABLE: ext->of.table->host_store = s; break;
    case WASMCELL_EXTERN_MEMORY: ext->of.memory->host_store = s; break;
    case WASMCELL_EXTERN_GLOBAL: ext->of.global->host_store = s; break;
    case WASMCELL_EXTERN_TAG: break;
    }
}

bool rt_store_host(rt_store_t *s, wasmcell_extern_t ext)
{
    void *arr = s->hosted;
    if (!grow_array(&arr, &s->hosted_cap, s->nhosted + 1, sizeof *s->hosted)) return false;
    s->hosted = arr;
    set_host_store(&ext, s);
    s->hosted[s->nhosted++] = ext;
    return true;
}

/* Merges the smaller store into the larger, so that a long chain of
 * instances importing from one library stays linear. */
rt_store_t *rt_store_join(rt_store_t *a, rt_store_t *b)
{
    if (a == b) return a;
    if (a->nmembers + a->nhosted < b->nmembers + b->nhosted) {
        rt_store_t *t = a;
        a = b;
        b = t;
    }
    void *members = a->members, *hosted = a->hosted;
    if (!grow_array(&members, &a->members_cap, a->nmembers + b->nmembers, sizeof *a->members))
        return NULL;
    a->members = members;
    if (!grow_array(&hosted, &a->hosted_cap, a->nhosted + b->nhosted, sizeof *a->hosted))
        return NULL;
    a->hosted = hosted;
    for (uint32_t i = 0; i < b->nmembers; i++) {
        b->members[i]->store = a;
        a->members[a->nmembers++] = b->members[i];
    }
    for (uint32_t i = 0; i < b->nhosted; i++) {
        set_host_store(&b->hosted[i], a);
        a->hosted[a->nhosted++] = b->hosted[i];
    }
    atomic_fetch_add(&a->refcount, atomic_load(&b->refcount));
    if (!a->engine) a->engine = b->engine;
    base_free(b->members);
    base_free(b->hosted);
    base_free(b);
    return a;
}

rt_store_t *rt_extern_store(const wasmcell_extern_t *ext)
{
    switch (ext->kind) {
    case WASMCELL_EXTERN_FUNC: {
        const wasmcell_func_t *f = ext->of.func;
        if (!f) return NULL;
        if (f->inst) return f->inst->store;
        if (f->holder) return f->holder->store;
        return f->host_store;
    }
    case WASMCELL_EXTERN_TABLE:
        return !ext->of.table ? NULL : ext->of.table->owner ? ext->of.table->owner->store
                                                            : ext->of.table->host_store;
    case WASMCELL_EXTERN_MEMORY:
        return !ext->of.memory ? NULL : ext->of.memory->owner ? ext->of.memory->owner->store
                                                              : ext->of.memory->host_store;
    case WASMCELL_EXTERN_GLOBAL:
        return !ext->of.global ? NULL : ext->of.global->owner ? ext->of.global->owner->store
                                                              : ext->of.global->host_store;
    case WASMCELL_EXTERN_TAG:
        return ext->of.tag && ext->of.tag->owner ? ext->of.tag->owner->store : NULL;
    }
    return NULL;
}

wasmcell_engine_t *rt_func_engine(const wasmcell_func_t *f)
{
    if (f->inst) return f->inst->module->engine;
    if (f->holder) return f->holder->module->engine;
    if (f->host_store) return f->host_store->engine;
    return f->engine;
}

/* A copy of standalone function f already adopted by s (same callback, env
 * and type), or NULL: adopting the same function twice costs nothing. */
static wasmcell_func_t *find_adopted(const rt_store_t *s, const wasmcell_func_t *f)
{
    for (uint32_t i = 0; i < s->nhosted; i++) {
        const wasmcell_extern_t *e = &s->hosted[i];
        if (e->kind != WASMCELL_EXTERN_FUNC) continue;
        wasmcell_func_t *c = e->of.func;
        if (c->host == f->host && c->host_env == f->host_env && c->sig_id == f->sig_id &&
            c->env_box == f->env_box)
            return c;
    }
    return NULL;
}

wasmcell_func_t *rt_store_adopt_func(rt_store_t *s, wasmcell_func_t *f, bool *ok)
{
    *ok = true;
    if (!f) return NULL;
    if (s->engine && rt_func_engine(f) && rt_func_engine(f) != s->engine) {
        *ok = false; /* signature ids are per engine: call_indirect would misjudge it */
        return NULL;
    }
    if (f->standalone) {
        wasmcell_func_t *c = find_adopted(s, f);
        if (c) return c;
        if (!(c = base_malloc(sizeof *c))) goto nomem;
        rt_host_func_copy(c, f);
        if (!rt_store_host(s, (wasmcell_extern_t){.kind = WASMCELL_EXTERN_FUNC, .of.func = c})) {
            rt_host_func_fini(c);
            base_free(c);
            goto nomem;
        }
        return c;
    }
    rt_store_t *fs = rt_extern_store(&(wasmcell_extern_t){.kind = WASMCELL_EXTERN_FUNC,
                                                          .of.func = f});
    if (fs && !rt_store_join(s, fs)) goto nomem;
    return f;
nomem:
    *ok = false;
    return NULL;
}

/* ---- host function records --------------------------------------------------- */

rt_host_env_t *rt_host_env_new(void *env, void (*finalizer)(void *env))
{
    rt_host_env_t *box = base_malloc(sizeof *box);
    if (!box) return NULL;
    atomic_init(&box->refcount, 1);
    box->env = env;
    box->finalizer = finalizer;
    return box;
}

void rt_host_func_copy(wasmcell_func_t *dst, const wasmcell_func_t *src)
{
    *dst = *src;
    dst->owned_types = NULL;
    dst->holder = NULL;
    dst->host_store = NULL;
    dst->standalone = false;
    if (dst->env_box) atomic_fetch_add(&dst->env_box->refcount, 1);
}

void rt_host_func_fini(wasmcell_func_t *f)
{
    rt_host_env_t *box = f ? f->env_box : NULL;
    if (!box) return;
    f->env_box = NULL;
    if (atomic_fetch_sub(&box->refcount, 1) != 1) return;
    if (box->finalizer) box->finalizer(box->env);
    base_free(box);
}
