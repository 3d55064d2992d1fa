/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* instantiate.c — module instantiation (spec section "Instantiation"):
 * check imports, allocate functions, tables, memories and globals, evaluate
 * constant expressions, apply active element and data segments in order,
 * and run the start function. A trap keeps the writes already made to
 * imported tables and memories, as WebAssembly 2.0 requires. */
#include <string.h>
#include "runtime.h"
#include "../base/alloc.h"
#include "../binary/instr.h"
#include "../exec/exec.h"

/* ---- allocation ------------------------------------------------------------- */

static rt_instance_t *instance_alloc(wasmcell_module_t *m, uint32_t nhost_imports)
{
    const bin_module_t *bin = m->bin;
    rt_instance_t *inst = base_calloc(1, sizeof *inst);
    rt_store_t *store = rt_store_new(m->engine);
    rt_instance_t **members = base_malloc(sizeof *members);
    if (!inst || !store || !members) {
        base_free(inst);
        base_free(store);
        base_free(members);
        return NULL;
    }
    store->members = members;
    store->members[0] = inst;
    store->nmembers = store->members_cap = 1;
    inst->store = store;
    inst->module = m;
    rt_module_retain(m);
    inst->fuel = UINT64_MAX;
    atomic_init(&inst->interrupt, 0);

    /* Everything below is freed by instance_free, allocated or not. */
    inst->funcs = base_calloc(bin->nfuncs, sizeof *inst->funcs);
    inst->tables = base_calloc(bin->ntables, sizeof *inst->tables);
    inst->memories = base_calloc(bin->nmemories, sizeof *inst->memories);
    inst->globals = base_calloc(bin->nglobals, sizeof *inst->globals);
    inst->tags = base_calloc(bin->ntags, sizeof *inst->tags);
    inst->own_tags = base_calloc(bin->ntags - bin->ntag_imports, sizeof *inst->own_tags);
    inst->own_funcs = base_calloc(bin->nfuncs - bin->nfunc_imports, sizeof *inst->own_funcs);
    inst->elem_refs = base_calloc(bin->nelems, sizeof *inst->elem_refs);
    inst->elem_dropped = base_calloc(bin->nelems, sizeof *inst->elem_dropped);
    inst->data_dropped = base_calloc(bin->ndatas, sizeof *inst->data_dropped);
    inst->host_imports = base_calloc(nhost_imports, sizeof *inst->host_imports);
    return inst;
}

static bool instance_arrays_ok(const rt_instance_t *inst)
{
    return inst->funcs && inst->tables && inst->memories && inst->globals && inst->own_funcs &&
           inst->tags && inst->own_tags &&
           inst->elem_refs && inst->elem_dropped && inst->data_dropped && inst->host_imports;
}

/* Imports: host functions are copied (the linker may die first); everything
 * else is shared with its owner. */
static void bind_imports(rt_instance_t *inst, const wasmcell_extern_t *imports)
{
    const bin_module_t *bin = inst->module->bin;
    uint32_t nf = 0, nt = 0, nm = 0, ng = 0, ntag = 0;
    for (uint32_t i = 0; i < bin->nimports; i++) {
        const wasmcell_extern_t *ext = &imports[i];
        switch (bin->imports[i].kind) {
        case EXT_FUNC:
            if (ext->of.func->host) {
                wasmcell_func_t *copy = &inst->host_imports[inst->nhost_imports++];
                rt_host_func_copy(copy, ext->of.func);
                copy->holder = inst;
                inst->funcs[nf++] = copy;
            } else {
                inst->funcs[nf++] = ext->of.func;
            }
            break;
        case EXT_TABLE: inst->tables[nt++] = ext->of.table; break;
        case EXT_MEMORY: inst->memories[nm++] = ext->of.memory; break;
        case EXT_GLOBAL: inst->globals[ng++] = ext->of.global; break;
        case EXT_TAG: inst->tags[ntag++] = ext->of.tag; break;
        }
    }
}

/* Defined tags: a new identity each, typed through the engine's registry. */
static wasmcell_status_t init_own_tags(rt_instance_t *inst, wasmcell_error_t **error)
{
    const bin_module_t *bin = inst->module->bin;
    for (uint32_t i = bin->ntag_imports; i < bin->ntags; i++) {
        wasmcell_tag_t *t = &inst->own_tags[i - bin->ntag_imports];
        uint32_t type_idx = bin->tag_type_idxs[i];
        t->sig_id = inst->module->type_sig_ids[type_idx];
        t->type = inst->module->engine_types[type_idx];
        (void)error;
        t->owner = inst;
        t->engine = inst->module->engine;
        t->tag_idx = i;
        inst->tags[i] = t;
    }
    return WASMCELL_OK;
}

static void init_own_funcs(rt_instance_t *inst)
{
    const bin_module_t *bin = inst->module->bin;
    for (uint32_t d = 0; d < bin->nfuncs - bin->nfunc_imports; d++) {
        uint32_t func_idx = bin->nfunc_imports + d;
        uint32_t type_idx = bin->func_type_idxs[func_idx];
        const bin_functype_t *type = inst->module->engine_types[type_idx];
        inst->own_funcs[d] = (wasmcell_func_t){
            .sig_id = inst->module->type_sig_ids[type_idx],
            .nparams = type->nparams, .nresults = type->nresults,
            .params = type->params, .results = type->results,
            .inst = inst, .func_idx = func_idx, .def_idx = d,
        };
        inst->funcs[func_idx] = &inst->own_funcs[d];
    }
}

static wasmcell_status_t create_tables_memories(rt_instance_t *inst, wasmcell_error_t **error)
{
    const bin_module_t *bin = inst->module->bin;
    const wasmcell_config_t *config = &inst->module->engine->config;
    inst->own_tables = inst->tables + bin->ntable_imports;
    for (uint32_t i = bin->ntable_imports; i < bin->ntables; i++) {
        wasmcell_error_t *e = NULL;
        wasmcell_table_t *t = rt_table_new(&bin->tables[i], config, 0, &e);
        if (!t) return rt_fail(error, e);
        t->elem_type = rt_module_vt(inst->module, t->elem_type);
        t->owner = inst;
        inst->tables[i] = t;
        inst->nown_tables++;
    }
    inst->own_memories = inst->memories + bin->nmemory_imports;
    for (uint32_t i = bin->nmemory_imports; i < bin->nmemories; i++) {
        wasmcell_error_t *e = NULL;
        wasmcell_memory_t *mem = rt_memory_new(&bin->memories[i], config, &e);
        if (!mem) return rt_fail(error, e);
        mem->owner = inst;
        inst->memories[i] = mem;
        inst->nown_memories++;
    }
    /* a checked memory 0 (own or imported) makes the instance run the
     * bounds-checked variant of its code; other memories and 64-bit ones
     * are always reached through checked instructions */
    inst->mem_checked = bin->nmemories && !inst->memories[0]->guarded;
    return WASMCELL_OK;
}

/* ---- constant expressions ----------------------------------------------------- */

/* Evaluates a validated constant expression: the constant instructions of
 * 2.0 plus extended-const arithmetic. Values are slots ([1] only for v128). */
static wasmcell_error_t *eval_const(rt_instance_t *inst, const bin_constexpr_t *ce, uint64_t out[2])
{
    /* Every instruction takes a byte or more: size + 1 bounds the depth. */
    uint64_t small[16][2], (*stack)[2] = small;
    size_t sp = 0, max_depth = sizeof small / sizeof small[0];
    bin_instr_reader_t ir;
    base_diag_t diag = {0};
    const bin_module_t *bin = inst->module->bin;
    if (ce->size + 1 > max_depth) {
        max_depth = ce->size + 1;
        stack = base_alloc_array(max_depth, sizeof *stack);
        if (!stack) return &rt_error_nomem;
    }
    bin_instr_reader_init(&ir, bin->bytes, ce->code, ce->size);
    wasmcell_error_t *err = NULL;
    for (;;) {
        bin_instr_t in;
        if (!bin_read_instr(&ir, &in, &diag)) {
            err = rt_error_from_diag(&diag);
            break;
        }
        const bin_opinfo_t *info = &bin_opinfo[in.op];
        uint32_t code = (uint32_t)info->prefix << 16 | info->code;
        if (code == 0x0B) {            /* end */
            if (sp != 1) err = rt_error_new(WASMCELL_ERR_INVALID, "constant expression type mismatch");
            else memcpy(out, stack[0], sizeof stack[0]);
            break;
        }
        if (sp == max_depth) {
            err = rt_error_new(WASMCELL_ERR_UNSUPPORTED, "constant expression too deep");
            break;
        }
        uint64_t *top = stack[sp];
        top[1] = 0;
        switch (code) {
        case 0x41: top[0] = (uint32_t)in.imm.i32; sp++; continue;      /* i32.const */
        case 0x42: top[0] = (uint64_t)in.imm.i64; sp++; continue;      /* i64.const */
        case 0x43: top[0] = in.imm.f32_bits; sp++; continue;           /* f32.const */
        case 0x44: top[0] = in.imm.f64_bits; sp++; continue;           /* f64.const */
        case 0xFD000C:                                                 /* v128.const */
            memcpy(top, in.imm.bytes16, 16);
            sp++;
            continue;
        case 0xD0: top[0] = 0; sp++; continue;                         /* ref.null */
        case 0xD2: top[0] = (uintptr_t)inst->funcs[in.imm.idx]; sp++; continue; /* ref.func */
        case 0x23: memcpy(top, inst->globals[in.imm.idx]->value, 16); sp++; continue; /* global.get */
        }
        if (sp < 2) {
            err = rt_error_new(WASMCELL_ERR_INVALID, "constant expression type mismatch");
            break;
        }
        uint64_t a = stack[sp - 2][0], b = stack[sp - 1][0], r = 0;
        switch (code) {
        case 0x6A: r = (uint32_t)(a + b); break;   /* i32.add */
        case 0x6B: r = (uint32_t)(a - b); break;   /* i32.sub */
        case 0x6C: r = (uint32_t)(a * b); break;   /* i32.mul */
        case 0x7C: r = a + b; break;               /* i64.add */
        case 0x7D: r = a - b; break;               /* i64.sub */
        case 0x7E: r = a * b; break;               /* i64.mul */
        default:
            err = rt_error_new(WASMCELL_ERR_INVALID, "constant expression required (%s)",
                               info->name);
            break;
        }
        if (err) break;
        sp--;
        stack[sp - 1][0] = r;
    }
    bin_instr_reader_fini(&ir);
    if (stack != small) base_free(stack);
    return err;
}

static wasmcell_status_t init_globals(rt_instance_t *inst, wasmcell_error_t **error)
{
    const bin_module_t *bin = inst->module->bin;
    uint32_t nown = bin->nglobals - bin->nglobal_imports;
    if (nown == 0) return WASMCELL_OK;
    wasmcell_global_t *block = base_calloc(nown, sizeof *block);
    if (!block) return rt_fail(error, &rt_error_nomem);
    inst->own_globals = inst->globals + bin->nglobal_imports;
    inst->nown_globals = nown;
    for (uint32_t d = 0; d < nown; d++) {
        block[d].type = rt_module_vt(inst->module, bin->globals[d].type.type);
        block[d].mutable_ = bin->globals[d].type.mutable_;
        block[d].owner = inst;
        inst->globals[bin->nglobal_imports + d] = &block[d];
    }
    /* In order: an initialiser may read imported (or, with extended-const,
     * earlier) globals only, which are all set by now. */
    for (uint32_t d = 0; d < nown; d++) {
        wasmcell_error_t *e = eval_const(inst, &bin->globals[d].init, block[d].value);
        if (e) return rt_fail(error, e);
    }
    return WASMCELL_OK;
}

/* Tables with an initializer (function references) start filled with its
 * value, evaluated after the globals it may read. */
static wasmcell_status_t init_table_values(rt_instance_t *inst, wasmcell_error_t **error)
{
    const bin_module_t *bin = inst->module->bin;
    for (uint32_t i = bin->ntable_imports; i < bin->ntables; i++) {
        if (!bin->tables[i].has_init) continue;
        uint64_t v[2] = {0, 0};
        wasmcell_error_t *e = eval_const(inst, &bin->tables[i].init, v);
        if (e) return rt_fail(error, e);
        wasmcell_table_t *t = inst->tables[i];
        for (uint64_t k = 0; k < t->size; k++) t->elems[k] = v[0];
    }
    return WASMCELL_OK;
}

/* Evaluates every element segment's references (instantiation step "elem"). */
static wasmcell_status_t eval_elems(rt_instance_t *inst, wasmcell_error_t **error)
{
    const bin_module_t *bin = inst->module->bin;
    for (uint32_t i = 0; i < bin->nelems; i++) {
        const bin_elem_t *seg = &bin->elems[i];
        uint64_t *refs = base_alloc_array(seg->count, sizeof *refs);
        if (!refs) return rt_fail(error, &rt_error_nomem);
        inst->elem_refs[i] = refs;
        for (uint32_t j = 0; j < seg->count; j++) {
            if (seg->func_idxs) {
                refs[j] = (uintptr_t)inst->funcs[seg->func_idxs[j]];
                continue;
            }
            uint64_t v[2];
            wasmcell_error_t *e = eval_const(inst, &seg->exprs[j], v);
            if (e) return rt_fail(error, e);
            refs[j] = v[0];
        }
    }
    return WASMCELL_OK;
}

/* ---- stores ----------------------------------------------------------------------- */

/* Joins the stores of every instance (and host-created object) we import
 * from: from now on their tables may hold our functions, so we all live and
 * die together. */
static bool join_stores(rt_instance_t *inst, const wasmcell_extern_t *imports)
{
    for (uint32_t i = 0; i < inst->module->bin->nimports; i++) {
        rt_store_t *s = rt_extern_store(&imports[i]);
        if (imports[i].kind == WASMCELL_EXTERN_FUNC && imports[i].of.func->host)
            continue; /* copied into the instance: nothing to share */
        if (s && !rt_store_join(inst->store, s)) return false;
    }
    return true;
}

/* ---- segments and start ---------------------------------------------------------- */

/* A segment offset: an i32, or an i64 for a 64-bit table or memory. */
static uint64_t const_offset(rt_instance_t *inst, const bin_constexpr_t *ce, bool is64,
                             wasmcell_error_t **e)
{
    uint64_t v[2] = {0, 0};
    *e = eval_const(inst, ce, v);
    return is64 ? v[0] : (uint32_t)v[0];
}

static wasmcell_status_t trap(wasmcell_error_t **error, wasmcell_trap_kind_t kind)
{
    return rt_fail(error, rt_trap_new(kind));
}

static wasmcell_status_t apply_segments(rt_instance_t *inst, wasmcell_error_t **error)
{
    const bin_module_t *bin = inst->module->bin;
    wasmcell_error_t *e = NULL;
    for (uint32_t i = 0; i < bin->nelems; i++) {
        const bin_elem_t *seg = &bin->elems[i];
        if (seg->mode == SEG_ACTIVE) {
            uint64_t dst = const_offset(inst, &seg->offset, inst->tables[seg->table_idx]->is64, &e);
            if (e) return rt_fail(error, e);
            wasmcell_trap_kind_t k = rt_table_init(inst, seg->table_idx, i, dst, 0, seg->count);
            if (k != WASMCELL_TRAP_NONE) return trap(error, k);
            rt_elem_drop(inst, i);
        } else if (seg->mode == SEG_DECLARATIVE) {
            rt_elem_drop(inst, i);
        }
    }
    for (uint32_t i = 0; i < bin->ndatas; i++) {
        const bin_data_t *seg = &bin->datas[i];
        if (seg->mode != SEG_ACTIVE) continue;
        uint64_t dst = const_offset(inst, &seg->offset, inst->memories[seg->mem_idx]->is64, &e);
        if (e) return rt_fail(error, e);
        wasmcell_trap_kind_t k = rt_memory_init(inst, seg->mem_idx, i, dst, 0, seg->size);
        if (k != WASMCELL_TRAP_NONE) return trap(error, k);
        rt_data_drop(inst, i);
    }
    return WASMCELL_OK;
}

static wasmcell_status_t run_start(rt_instance_t *inst, wasmcell_error_t **error)
{
    const bin_module_t *bin = inst->module->bin;
    if (!bin->has_start) return WASMCELL_OK;
    uint64_t slots[2] = {0, 0};
    wasmcell_error_t *e = exec_call(inst->funcs[bin->start_func_idx], slots);
    return e ? rt_fail(error, e) : WASMCELL_OK;
}

/* ---- the whole sequence ------------------------------------------------------------ */

static wasmcell_status_t check_imports(wasmcell_module_t *m, const wasmcell_extern_t *imports,
                                       uint32_t *nhost, wasmcell_error_t **error)
{
    *nhost = 0;
    for (uint32_t i = 0; i < m->bin->nimports; i++) {
        wasmcell_error_t *e = rt_link_check(m, &m->bin->imports[i], &imports[i]);
        if (e) return rt_fail(error, e);
        if (imports[i].kind == WASMCELL_EXTERN_FUNC && imports[i].of.func->host) (*nhost)++;
    }
    return WASMCELL_OK;
}

wasmcell_status_t rt_instantiate(wasmcell_module_t *m, const wasmcell_extern_t *imports,
                                 rt_instance_t **out, wasmcell_error_t **error)
{
    *out = NULL;
    uint32_t nhost;
    wasmcell_status_t st = check_imports(m, imports, &nhost, error);
    if (st != WASMCELL_OK) return st;
    rt_instance_t *inst = instance_alloc(m, nhost);
    if (!inst) return rt_fail(error, &rt_error_nomem);
    if (!instance_arrays_ok(inst)) {
        st = rt_fail(error, &rt_error_nomem);
        goto fail;
    }
    bind_imports(inst, imports);
    init_own_funcs(inst);
    if ((st = init_own_tags(inst, error)) != WASMCELL_OK) goto fail;
    if ((st = create_tables_memories(inst, error)) != WASMCELL_OK) goto fail;
    if ((st = init_globals(inst, error)) != WASMCELL_OK) goto fail;
    if ((st = init_table_values(inst, error)) != WASMCELL_OK) goto fail;
    if ((st = eval_elems(inst, error)) != WASMCELL_OK) goto fail;
    if (!join_stores(inst, imports)) {
        st = rt_fail(error, &rt_error_nomem);
        goto fail;
    }
    if ((st = apply_segments(inst, error)) != WASMCELL_OK) goto fail;
    if ((st = run_start(inst, error)) != WASMCELL_OK) goto fail;
    *out = inst;
    return WASMCELL_OK;
fail:
    /* Alone in its store, the instance is freed; linked to others, it lives
     * on with them (their tables may already hold its functions). */
    rt_instance_release(inst);
    return st;
}
