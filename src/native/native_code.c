/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* native_code.c — a module's native code: an object loaded by our loader,
 * the entries of its functions, and instances adopting it. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include "../base/alloc.h"
#include "../exec/exec_native.h"
#include "native.h"

static char *dup_str(const char *s)
{
    if (!s) s = "";
    size_t n = strlen(s) + 1;
    char *d = base_malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

void native_code_free(native_code_t *nc)
{
    if (!nc) return;
    native_image_free(nc->img);
    base_free(nc->typed);
    base_free(nc->slots);
    base_free(nc->osr);
    base_free(nc->code_size);
    base_free(nc->object);
    base_free(nc->triple);
    base_free(nc->cpu);
    base_free(nc->features);
    base_free(nc);
}

/* WASMCELL_PERFMAP=1: append the functions to /tmp/perf-PID.map so that
 * `perf report` names native wasm code: func[N] <name> for the typed entry,
 * with " body" (tailcc), " slots" and " osr" for the other symbols. */
static void perf_map(const native_code_t *nc)
{
    const char *on = getenv("WASMCELL_PERFMAP");
    if (!on || strcmp(on, "1") != 0) return;
    char path[64];
    snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
    FILE *f = fopen(path, "a");
    if (!f) return;
    static const struct { const char *prefix, *what; } kinds[] = {
        {NATIVE_TYPED_PREFIX, ""}, {NATIVE_TAILCC_PREFIX, " body"},
        {NATIVE_SLOTS_PREFIX, " slots"}, {NATIVE_OSR_PREFIX, " osr"}};
    char sym[32];
    for (uint32_t i = 0; i < nc->ndefs; i++) {
        uint32_t idx = i + nc->bin->nfunc_imports;
        const char *name = nc->bin->func_names ? nc->bin->func_names[idx] : NULL;
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            snprintf(sym, sizeof sym, "%s%u", kinds[k].prefix, i);
            void *at = native_image_symbol(nc->img, sym);
            uintptr_t start;
            size_t size;
            if (!at || !native_image_func_at(nc->img, (uintptr_t)at, &start, &size)) continue;
            fprintf(f, "%lx %zx wasm func[%u]%s%s%s\n", (unsigned long)start, size, idx, kinds[k].what,
                    name ? " " : "", name ? name : "");
        }
    }
    fclose(f);
}

native_code_t *native_code_load(const bin_module_t *bin, const uint8_t *obj, size_t size,
                                const char *triple, const char *cpu, const char *features,
                                uint32_t opt_level, uint32_t flags, wasmcell_error_t **error)
{
    native_code_t *nc = base_calloc(1, sizeof *nc);
    if (!nc) goto nomem;
    nc->bin = bin;
    nc->ndefs = bin->nfuncs - bin->nfunc_imports;
    size_t n = nc->ndefs ? nc->ndefs : 1;
    nc->typed = base_calloc(n, sizeof *nc->typed);
    nc->slots = base_calloc(n, sizeof *nc->slots);
    nc->osr = base_calloc(n, sizeof *nc->osr);
    nc->code_size = base_calloc(n, sizeof *nc->code_size);
    nc->object = base_malloc(size ? size : 1);
    nc->triple = dup_str(triple);
    nc->cpu = dup_str(cpu);
    nc->features = dup_str(features);
    if (!nc->typed || !nc->slots || !nc->osr || !nc->code_size || !nc->object || !nc->triple || !nc->cpu ||
        !nc->features)
        goto nomem;
    base_prefault(nc->object, size);
    memcpy(nc->object, obj, size);
    nc->object_size = size;
    nc->opt_level = opt_level;
    nc->flags = flags;
    char err[256] = "";
    nc->img = native_image_load(nc->object, size, exec_native_symbol, NULL, err, sizeof err);
    if (!nc->img) {
        if (error) *error = rt_error_new(WASMCELL_ERR_MALFORMED, "native code: %s", err);
        native_code_free(nc);
        return NULL;
    }
    native_image_set_user(nc->img, nc);
    char name[32];
    for (uint32_t i = 0; i < nc->ndefs; i++) {
        snprintf(name, sizeof name, NATIVE_TYPED_PREFIX "%u", i);
        void *t = native_image_symbol(nc->img, name);
        snprintf(name, sizeof name, NATIVE_SLOTS_PREFIX "%u", i);
        void *s = native_image_symbol(nc->img, name);
        snprintf(name, sizeof name, NATIVE_OSR_PREFIX "%u", i);
        nc->osr[i] = native_image_symbol(nc->img, name); /* alone: NATIVE_SELECT_OSR_ONLY */
        if (!t || !s) continue; /* called interpreted */
        nc->typed[i] = t;
        nc->slots[i] = s;
        uintptr_t start;
        size_t fsize = 0;
        if (native_image_func_at(nc->img, (uintptr_t)t, &start, &fsize)) nc->code_size[i] = (uint32_t)fsize;
        /* with a tailcc body, f<i> is only its wrapper: count both */
        snprintf(name, sizeof name, NATIVE_TAILCC_PREFIX "%u", i);
        void *tb = native_image_symbol(nc->img, name);
        if (tb && native_image_func_at(nc->img, (uintptr_t)tb, &start, &fsize))
            nc->code_size[i] += (uint32_t)fsize;
        nc->ncompiled++;
    }
    perf_map(nc);
    return nc;
nomem:
    native_code_free(nc);
    if (error) *error = &rt_error_nomem;
    return NULL;
}

const native_code_t *native_code_entry(const native_code_t *nc, uint32_t d)
{
    for (; nc; nc = nc->older)
        if (d < nc->ndefs && nc->typed[d]) return nc;
    return NULL;
}

/* May inst run code compiled with these flags? */
static bool code_fits(const rt_instance_t *inst, const native_code_t *nc)
{
    /* code without polls cannot count fuel: a metered instance stays
     * interpreted unless the engine compiles metered code */
    if (inst->fuel != UINT64_MAX && !(nc->flags & NATIVE_COMPILE_METERED)) return false;
    /* code compiled for guard pages has no bounds checks: it runs only
     * where every memory is guarded (checked code runs anywhere) */
    return !inst->mem_checked || (nc->flags & NATIVE_COMPILE_CHECKED);
}

void native_adopt(rt_instance_t *inst, native_code_t *nc)
{
    if (!nc || inst->native == nc || !code_fits(inst, nc)) return;
    const bin_module_t *bin = inst->module->bin;
    inst->native_mem0 = bin->nmemories ? inst->memories[0]->base : NULL;
    inst->native_mem0obj = bin->nmemories ? inst->memories[0] : NULL;
    inst->native_sig_ids = inst->module->type_sig_ids;
    /* each function from the newest generation that has it (tier auto
     * compiles only new functions in a generation) */
    for (uint32_t d = 0; d < nc->ndefs; d++) {
        const native_code_t *g = nc;
        while (g && (!g->typed[d] || !code_fits(inst, g))) g = g->older;
        if (g) {
            inst->own_funcs[d].native_typed = g->typed[d];
            inst->own_funcs[d].native_slots = g->slots[d];
            inst->own_funcs[d].jit_fast = NULL; /* JIT code no longer its code */
        }
        /* the OSR entry may come from another generation than the typed
         * one (an OSR-only compile first) */
        const native_code_t *o = nc;
        while (o && (!o->osr[d] || !code_fits(inst, o))) o = o->older;
        if (o) inst->own_funcs[d].native_osr = o->osr[d];
    }
    inst->native = nc;
}

void native_unadopt(rt_instance_t *inst)
{
    if (!inst->native) return;
    for (uint32_t d = 0; d < inst->native->ndefs; d++) {
        inst->own_funcs[d].native_typed = NULL;
        inst->own_funcs[d].native_slots = NULL;
        inst->own_funcs[d].native_osr = NULL;
        inst->own_funcs[d].jit_fast = NULL;
    }
    inst->native = NULL;
}

bool native_tierup_stress(void)
{
    static int on = -1;
    if (on < 0) {
        const char *e = getenv("WASMCELL_TIERUP_STRESS");
        on = e && *e && strcmp(e, "0") != 0;
    }
    return on;
}

void *native_tierup_entry(const rt_instance_t *inst, uint32_t d)
{
    /* the newest generation with an OSR entry for d decides, as in
     * native_adopt: level-0 code that polls is never newer than itself */
    for (const native_code_t *g = inst->native; g; g = g->older)
        if (d < g->ndefs && g->osr[d] && code_fits(inst, g))
            return g->opt_level != WASMCELL_OPT_NONE || native_tierup_stress() ? g->osr[d] : NULL;
    return NULL;
}

void native_adopt_if_ready(rt_instance_t *inst)
{
    native_code_t *nc = atomic_load_explicit(&inst->module->native, memory_order_acquire);
    if (nc && inst->native != nc) native_adopt(inst, nc);
}
