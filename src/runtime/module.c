/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* module.c — a decoded and validated module shared by its instances: type
 * ids, the export-name index, and the lazily compiled code of each defined
 * function (published with a compare-exchange, so threads may race). */
#include <string.h>
#include "runtime.h"
#include "../native/native.h"
#include "../base/alloc.h"
#include "../compile/compile.h"
#include "../exec/exec.h"
#include "../validate/validate.h"

wasmcell_status_t rt_module_decode(const wasmcell_engine_t *engine, const uint8_t *bytes,
                                   size_t size, bin_module_t **out, wasmcell_error_t **error)
{
    base_diag_t diag = {0};
    bin_module_t *bin = NULL;
    *out = NULL;
    if (!bin_decode_features(bytes, size, engine->config.wasm_features, &bin, &diag)) return rt_fail(error, rt_error_from_diag(&diag));
    if (!val_module(bin, &diag)) {
        bin_module_free(bin);
        return rt_fail(error, rt_error_from_diag(&diag));
    }
    *out = bin;
    return WASMCELL_OK;
}

wasmcell_status_t rt_module_decode_trusted(const uint8_t *bytes, size_t size, bin_module_t **out,
                                           wasmcell_error_t **error)
{
    base_diag_t diag = {0};
    *out = NULL;
    if (!bin_decode_trusted(bytes, size, out, &diag)) return rt_fail(error, rt_error_from_diag(&diag));
    return WASMCELL_OK;
}

static bool build_export_index(wasmcell_module_t *m)
{
    uint32_t n = m->bin->nexports, nslots = 8;
    while (nslots < 2 * (uint64_t)n) nslots *= 2;
    m->export_slots = base_calloc(nslots, sizeof *m->export_slots);
    if (!m->export_slots) return false;
    m->export_slots_mask = nslots - 1;
    for (uint32_t i = 0; i < n; i++) {
        const bin_export_t *ex = &m->bin->exports[i];
        uint32_t s = rt_name_hash(ex->name, ex->name_len) & m->export_slots_mask;
        while (m->export_slots[s]) s = (s + 1) & m->export_slots_mask;
        m->export_slots[s] = i + 1;   /* names are unique (validated) */
    }
    return true;
}

int64_t rt_module_find_export(const wasmcell_module_t *m, const char *name, size_t len)
{
    uint32_t s = rt_name_hash(name, len) & m->export_slots_mask;
    for (;; s = (s + 1) & m->export_slots_mask) {
        uint32_t i1 = m->export_slots[s];
        if (!i1) return -1;
        const bin_export_t *ex = &m->bin->exports[i1 - 1];
        if (ex->name_len == len && memcmp(ex->name, name, len) == 0) return i1 - 1;
    }
}

static void module_free(wasmcell_module_t *m)
{
    if (m->code) {
        uint32_t ndefs = m->bin->nfuncs - m->bin->nfunc_imports;
        for (uint32_t i = 0; i < 2 * ndefs; i++) {
            cmp_func_t *f = atomic_load(&m->code[i]);
            if (f) cmp_func_free(f);
        }
    }
    base_free((void *)m->code);
    exec_jit_module_free(m);
    /* the current generation and, through ->older, every one it replaced */
    for (struct native_code *o = atomic_load(&m->native), *next; o; o = next) {
        next = o->older;
        native_code_free(o);
    }
    base_free(atomic_load(&m->hot));
    base_free(atomic_load(&m->tierup_first));
    base_free(atomic_load(&m->tierup_state));
    base_free(atomic_load(&m->native_run_once));
    base_free(m->native_look_n);
    base_free(m->time_n);
    if (m->native_callees) {
        for (uint32_t d = 0; d < m->bin->nfuncs - m->bin->nfunc_imports; d++) base_free(m->native_callees[d]);
        base_free(m->native_callees);
    }
    pthread_mutex_destroy(&m->prof_lock);
    base_free(atomic_load(&m->native_tried));
    base_free(m->type_sig_ids);
    base_free(m->engine_types);
    base_free(m->export_slots);
    bin_module_free(m->bin);
    base_free(m);
}

wasmcell_status_t rt_module_new(wasmcell_engine_t *engine, bin_module_t *bin,
                                wasmcell_module_t **out, wasmcell_error_t **error)
{
    *out = NULL;
    wasmcell_module_t *m = base_calloc(1, sizeof *m);
    if (!m) {
        bin_module_free(bin);
        return rt_fail(error, &rt_error_nomem);
    }
    atomic_init(&m->refcount, 1);
    pthread_mutex_init(&m->prof_lock, NULL);
    m->engine = engine;
    m->bin = bin;
    uint32_t ndefs = bin->nfuncs - bin->nfunc_imports;
    m->type_sig_ids = base_calloc(bin->ntypes, sizeof *m->type_sig_ids);
    m->code = base_calloc(2 * (size_t)ndefs, sizeof *m->code);
    if (!m->type_sig_ids || !m->code || !build_export_index(m)) goto nomem;
    if (!rt_engine_intern_types(engine, bin, m->type_sig_ids)) goto nomem;
    m->engine_types = base_calloc(bin->ntypes ? bin->ntypes : 1, sizeof *m->engine_types);
    if (!m->engine_types) goto nomem;
    for (uint32_t i = 0; i < bin->ntypes; i++)
        m->engine_types[i] = rt_engine_sig_type(engine, m->type_sig_ids[i]);
    *out = m;
    return WASMCELL_OK;
nomem:
    module_free(m);
    return rt_fail(error, &rt_error_nomem);
}

void rt_module_retain(wasmcell_module_t *m)
{
    atomic_fetch_add(&m->refcount, 1);
}

void rt_module_release(wasmcell_module_t *m)
{
    if (m && atomic_fetch_sub(&m->refcount, 1) == 1) module_free(m);
}

cmp_func_t *rt_module_code(wasmcell_module_t *m, uint32_t def_idx, bool checked,
                          wasmcell_error_t **error)
{
    uint32_t ndefs = m->bin->nfuncs - m->bin->nfunc_imports;
    _Atomic(cmp_func_t *) *slot = &m->code[checked ? ndefs + def_idx : def_idx];
    cmp_func_t *f = atomic_load_explicit(slot, memory_order_acquire);
    if (f) return f;
    base_diag_t diag = {0};
    f = cmp_compile(m->bin, def_idx, exec_handler_table(), m->type_sig_ids, checked, &diag);
    if (!f) {
        rt_fail(error, rt_error_from_diag(&diag));
        return NULL;
    }
    cmp_func_t *expected = NULL;
    if (!atomic_compare_exchange_strong_explicit(slot, &expected, f, memory_order_acq_rel,
                                                 memory_order_acquire)) {
        cmp_func_free(f);   /* another thread won the race: use its copy */
        f = expected;
    }
    return f;
}
