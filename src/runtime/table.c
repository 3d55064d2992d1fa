/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* table.c — tables of references: creation with an initial value, growth
 * within the declared maximum and the engine's limit. */
#include "runtime.h"
#include "../base/alloc.h"

wasmcell_table_t *rt_table_new(const bin_tabletype_t *type, const wasmcell_config_t *config,
                               uint64_t init, wasmcell_error_t **error)
{
    uint64_t max = type->limits.has_max && type->limits.max < UINT32_MAX ? type->limits.max : UINT32_MAX;
    uint64_t limit = max;
    if (config && config->max_table_elems && limit > config->max_table_elems)
        limit = config->max_table_elems;
    if (type->limits.min > limit) {
        rt_fail(error, rt_error_new(WASMCELL_ERR_NOMEM,
                                    "table of %llu elements exceeds the limit of %llu",
                                    (unsigned long long)type->limits.min,
                                    (unsigned long long)limit));
        return NULL;
    }
    wasmcell_table_t *t = base_calloc(1, sizeof *t);
    uint64_t *elems = base_alloc_array((size_t)type->limits.min, sizeof *elems);
    if (!t || !elems) {
        base_free(t);
        base_free(elems);
        rt_fail(error, &rt_error_nomem);
        return NULL;
    }
    for (uint64_t i = 0; i < type->limits.min; i++) elems[i] = init;
    *t = (wasmcell_table_t){.elem_type = type->elem_type, .size = (uint32_t)type->limits.min,
                            .max = (uint32_t)max, .elems = elems,
                            .has_max = type->limits.has_max, .limit = (uint32_t)limit,
                            .is64 = type->limits.is64};
    return t;
}

void rt_table_delete(wasmcell_table_t *t)
{
    if (!t) return;
    base_free(t->elems);
    base_free(t);
}

int64_t rt_table_grow(wasmcell_table_t *t, uint32_t delta, uint64_t init)
{
    uint32_t old = t->size;
    if (delta > t->limit - old) return -1;
    if (delta == 0) return old;
    uint64_t *elems = base_realloc(t->elems, ((size_t)old + delta) * sizeof *elems);
    if (!elems) return -1;
    for (uint32_t i = old; i < old + delta; i++) elems[i] = init;
    t->elems = elems;
    t->size = old + delta;
    return old;
}
