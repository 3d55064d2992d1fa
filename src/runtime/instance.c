/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* instance.c — instance lifetime (stores of linked instances, freed
 * together), export lookup, and the bulk segment operations on instance
 * state (table.init, memory.init, elem.drop, data.drop). */
#include <string.h>
#include "runtime.h"
#include "../base/alloc.h"

/* Frees one instance and everything it owns (not what it imported). */
void rt_instance_free(rt_instance_t *inst)
{
    wasmcell_module_t *m = inst->module;
    const bin_module_t *bin = m->bin;
    /* the module's job samples the instance it last saw running (the
     * time profile): not after this */
    if (atomic_load(&m->prof_inst) == inst) {
        pthread_mutex_lock(&m->prof_lock);
        rt_instance_t *expected = inst;
        atomic_compare_exchange_strong(&m->prof_inst, &expected, NULL);
        pthread_mutex_unlock(&m->prof_lock);
    }
    if (inst->user_finalizer) inst->user_finalizer(inst->user_data);
    for (uint32_t i = 0; i < inst->nhost_imports; i++) rt_host_func_fini(&inst->host_imports[i]);
    for (uint32_t i = 0; i < inst->nown_tables; i++) rt_table_delete(inst->own_tables[i]);
    for (uint32_t i = 0; i < inst->nown_memories; i++) rt_memory_delete(inst->own_memories[i]);
    if (inst->nown_globals) base_free(inst->own_globals[0]); /* one block for all */
    if (inst->elem_refs) {
        for (uint32_t i = 0; i < bin->nelems; i++) base_free(inst->elem_refs[i]);
    }
    base_free(inst->elem_refs);
    base_free(inst->elem_dropped);
    base_free(inst->data_dropped);
    base_free(inst->host_imports);
    base_free(inst->own_funcs);
    base_free(inst->funcs);
    base_free(inst->tables);
    base_free(inst->memories);
    base_free(inst->globals);
    base_free(inst->tags);
    base_free(inst->own_tags);
    base_free(inst->deps);
    rt_module_release(inst->module);
    base_free(inst);
}

void rt_instance_retain(rt_instance_t *inst)
{
    rt_store_retain(inst->store);
}

void rt_instance_release(rt_instance_t *inst)
{
    if (inst) rt_store_release(inst->store);
}

bool rt_instance_export(rt_instance_t *inst, const char *name, size_t len, wasmcell_extern_t *out)
{
    int64_t i = rt_module_find_export(inst->module, name, len);
    if (i < 0) return false;
    const bin_export_t *ex = &inst->module->bin->exports[i];
    out->kind = (wasmcell_extern_kind_t)ex->kind;
    switch (ex->kind) {
    case EXT_FUNC: out->of.func = inst->funcs[ex->idx]; break;
    case EXT_TABLE: out->of.table = inst->tables[ex->idx]; break;
    case EXT_MEMORY: out->of.memory = inst->memories[ex->idx]; break;
    case EXT_GLOBAL: out->of.global = inst->globals[ex->idx]; break;
    case EXT_TAG: out->of.tag = inst->tags[ex->idx]; break;
    default: return false;
    }
    return true;
}

/* ---- bulk segment operations ------------------------------------------------ */

wasmcell_trap_kind_t rt_table_init(rt_instance_t *inst, uint32_t table_idx, uint32_t elem_idx,
                                   uint64_t dst, uint32_t src, uint32_t n)
{
    wasmcell_table_t *t = inst->tables[table_idx];
    const uint64_t *refs = inst->elem_refs[elem_idx];
    uint64_t seg_len = refs ? inst->module->bin->elems[elem_idx].count : 0;
    if ((uint64_t)src + n > seg_len || dst > t->size || n > t->size - dst)
        return WASMCELL_TRAP_TABLE_OOB;
    if (n) memcpy(t->elems + dst, refs + src, (size_t)n * sizeof *refs);
    return WASMCELL_TRAP_NONE;
}

wasmcell_trap_kind_t rt_memory_init(rt_instance_t *inst, uint32_t mem_idx, uint32_t data_idx,
                                    uint64_t dst, uint32_t src, uint32_t n)
{
    wasmcell_memory_t *mem = inst->memories[mem_idx];
    const bin_data_t *seg = &inst->module->bin->datas[data_idx];
    uint64_t seg_len = inst->data_dropped[data_idx] ? 0 : seg->size;
    uint64_t size = mem->pages * RT_PAGE_SIZE;
    if ((uint64_t)src + n > seg_len || dst > size || n > size - dst)
        return WASMCELL_TRAP_MEMORY_OOB;
    if (n) memcpy(mem->base + dst, seg->bytes + src, n);
    return WASMCELL_TRAP_NONE;
}

void rt_elem_drop(rt_instance_t *inst, uint32_t elem_idx)
{
    inst->elem_dropped[elem_idx] = true;
    base_free(inst->elem_refs[elem_idx]);
    inst->elem_refs[elem_idx] = NULL;
}

void rt_data_drop(rt_instance_t *inst, uint32_t data_idx)
{
    inst->data_dropped[data_idx] = true;
}
