/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* table.c (api) — tables from the host's side: size, get, set, grow. A
 * funcref the host stores is made safe to keep first (rt_store_adopt_func):
 * a table never holds a function that may die before it. */
#include "../runtime/runtime.h"

wasmcell_valtype_t wasmcell_table_elem_type(const wasmcell_table_t *table)
{
    return table ? (wasmcell_valtype_t)vt_kind(table->elem_type) : (wasmcell_valtype_t)0;
}

uint64_t wasmcell_table_size(const wasmcell_table_t *table)
{
    return table ? table->size : 0;
}

wasmcell_status_t wasmcell_table_get(const wasmcell_table_t *table, uint64_t index,
                                     wasmcell_val_t *out)
{
    if (!table || !out) return WASMCELL_ERR_MISUSE;
    if (index >= table->size) return WASMCELL_ERR_NOT_FOUND;
    uint64_t e = table->elems[index];
    *out = (wasmcell_val_t){.type = (wasmcell_valtype_t)vt_kind(table->elem_type)};
    if (vt_kind(table->elem_type) == VT_FUNCREF) out->of.funcref = (wasmcell_func_t *)(uintptr_t)e;
    else out->of.externref = (void *)(uintptr_t)e;
    return WASMCELL_OK;
}

static rt_store_t *table_store(wasmcell_table_t *t)
{
    return rt_extern_store(&(wasmcell_extern_t){.kind = WASMCELL_EXTERN_TABLE, .of.table = t});
}

/* The element value of `v` for table t: MISUSE for a wrong type or a
 * function of another engine, NOMEM when it cannot be kept. */
static wasmcell_status_t elem_of(wasmcell_table_t *t, const wasmcell_val_t *v, uint64_t *out)
{
    *out = 0;
    if (!v) return vt_nullable(t->elem_type) ? WASMCELL_OK : WASMCELL_ERR_MISUSE; /* null */
    if (!rt_value_fits(v, t->elem_type)) return WASMCELL_ERR_MISUSE;
    if (vt_kind(t->elem_type) == VT_EXTERNREF) {
        *out = (uintptr_t)v->of.externref;
        return WASMCELL_OK;
    }
    bool ok;
    rt_store_t *s = table_store(t);
    wasmcell_func_t *f = s ? rt_store_adopt_func(s, v->of.funcref, &ok) : v->of.funcref;
    if (s && !ok) return WASMCELL_ERR_MISUSE;
    *out = (uintptr_t)f;
    return WASMCELL_OK;
}

wasmcell_status_t wasmcell_table_set(wasmcell_table_t *table, uint64_t index,
                                     const wasmcell_val_t *value)
{
    if (!table || !value) return WASMCELL_ERR_MISUSE;
    if (index >= table->size) return WASMCELL_ERR_NOT_FOUND;
    uint64_t e;
    wasmcell_status_t st = elem_of(table, value, &e);
    if (st == WASMCELL_OK) table->elems[index] = e;
    return st;
}

wasmcell_status_t wasmcell_table_grow(wasmcell_table_t *table, uint64_t delta,
                                      const wasmcell_val_t *init, uint64_t *old_size)
{
    if (!table) return WASMCELL_ERR_MISUSE;
    if (delta > UINT32_MAX) return WASMCELL_ERR_NOMEM;
    uint64_t e;
    wasmcell_status_t st = elem_of(table, init, &e);
    if (st != WASMCELL_OK) return st;
    int64_t old = rt_table_grow(table, (uint32_t)delta, e);
    if (old < 0) return WASMCELL_ERR_NOMEM;   /* beyond the maximum or the engine limit */
    if (old_size) *old_size = (uint64_t)old;
    return WASMCELL_OK;
}
