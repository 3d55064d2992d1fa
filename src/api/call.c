/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* call.c (api) — calling functions with typed values, function types, and
 * the memory and global accessors: values cross between wasmcell_val_t and
 * the engine's 64-bit slots here. */
#include <stdio.h>
#include <string.h>
#include "../runtime/runtime.h"
#include "../base/alloc.h"
#include "../exec/exec.h"
#include "../exec/exec_fiber.h"

static uint32_t slot_count(const bin_valtype_t *types, uint32_t n)
{
    uint32_t slots = 0;
    for (uint32_t i = 0; i < n; i++) slots += types[i] == VT_V128 ? 2 : 1;
    return slots;
}

/* Writes v into slots; returns the number of slots used (1, or 2 for v128). */
static uint32_t val_to_slots(const wasmcell_val_t *v, uint64_t *s)
{
    switch (v->type) {
    case WASMCELL_I32: s[0] = (uint32_t)v->of.i32; return 1;
    case WASMCELL_I64: s[0] = (uint64_t)v->of.i64; return 1;
    case WASMCELL_F32: {
        uint32_t bits;
        memcpy(&bits, &v->of.f32, 4);
        s[0] = bits;
        return 1;
    }
    case WASMCELL_F64: memcpy(&s[0], &v->of.f64, 8); return 1;
    case WASMCELL_V128: memcpy(s, v->of.v128, 16); return 2;
    case WASMCELL_FUNCREF: s[0] = (uintptr_t)v->of.funcref; return 1;
    case WASMCELL_EXTERNREF: s[0] = (uintptr_t)v->of.externref; return 1;
    case WASMCELL_EXNREF: s[0] = (uintptr_t)v->of.exnref; return 1;
    }
    return 1;
}

static uint32_t slots_to_val(bin_valtype_t type, const uint64_t *s, wasmcell_val_t *v)
{
    memset(v, 0, sizeof *v);
    v->type = (wasmcell_valtype_t)vt_kind(type);
    switch (vt_kind(type)) {
    case VT_I32: v->of.i32 = (int32_t)(uint32_t)s[0]; return 1;
    case VT_I64: v->of.i64 = (int64_t)s[0]; return 1;
    case VT_F32: {
        uint32_t bits = (uint32_t)s[0];
        memcpy(&v->of.f32, &bits, 4);
        return 1;
    }
    case VT_F64: memcpy(&v->of.f64, &s[0], 8); return 1;
    case VT_V128: memcpy(v->of.v128, s, 16); return 2;
    case VT_FUNCREF: v->of.funcref = (wasmcell_func_t *)(uintptr_t)s[0]; return 1;
    case VT_EXTERNREF: v->of.externref = (void *)(uintptr_t)s[0]; return 1;
    case VT_EXNREF: v->of.exnref = (void *)(uintptr_t)s[0]; return 1;
    }
    return 1;
}

static wasmcell_status_t misuse(wasmcell_error_t **error, const char *what)
{
    return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE, "wasmcell_func_call: %s", what));
}

static wasmcell_status_t check_args(const wasmcell_func_t *func, const wasmcell_val_t *args,
                                    size_t nargs, wasmcell_error_t **error)
{
    char msg[160];
    if (!func) return misuse(error, "NULL function");
    if (nargs != func->nparams) {
        snprintf(msg, sizeof msg, "expected %u arguments, got %zu", func->nparams, nargs);
        return misuse(error, msg);
    }
    if (nargs && !args) return misuse(error, "NULL args or results");
    for (size_t i = 0; i < nargs; i++) {
        if (!rt_value_fits(&args[i], func->params[i])) {
            char tbuf[BIN_VT_STR];
            if ((unsigned)args[i].type == vt_kind(func->params[i]))
                snprintf(msg, sizeof msg, "argument %zu is not a %s", i,
                         bin_valtype_str(func->params[i], tbuf, sizeof tbuf));
            else
                snprintf(msg, sizeof msg, "argument %zu has type 0x%02x, expected 0x%02x", i,
                         (unsigned)args[i].type, (unsigned)vt_kind(func->params[i]));
            return misuse(error, msg);
        }
    }
    return WASMCELL_OK;
}

static wasmcell_status_t check_results(const wasmcell_func_t *func, const wasmcell_val_t *results,
                                       size_t nresults, wasmcell_error_t **error)
{
    char msg[160];
    if (nresults != func->nresults) {
        snprintf(msg, sizeof msg, "the function has %u results, got room for %zu",
                 func->nresults, nresults);
        return misuse(error, msg);
    }
    if (nresults && !results) return misuse(error, "NULL args or results");
    return WASMCELL_OK;
}

static wasmcell_status_t check_call(const wasmcell_func_t *func, const wasmcell_val_t *args,
                                    size_t nargs, const wasmcell_val_t *results, size_t nresults,
                                    wasmcell_error_t **error)
{
    wasmcell_status_t st = check_args(func, args, nargs, error);
    return st != WASMCELL_OK ? st : check_results(func, results, nresults, error);
}

/* A funcref argument the callee may keep (in a table or a global) must
 * live as long as the callee's store: see rt_store_adopt_func. */
static wasmcell_error_t *adopt_funcref_args(wasmcell_func_t *func, const wasmcell_val_t *args,
                                            size_t nargs, uint64_t *slots)
{
    uint32_t s = 0;
    for (size_t i = 0; i < nargs; s += args[i].type == WASMCELL_V128 ? 2 : 1, i++) {
        /* looked up each time: joining stores may free the smaller one */
        rt_store_t *store = rt_extern_store(&(wasmcell_extern_t){.kind = WASMCELL_EXTERN_FUNC,
                                                                 .of.func = func});
        if (args[i].type != WASMCELL_FUNCREF || !args[i].of.funcref || !store) continue;
        bool ok;
        wasmcell_func_t *f = rt_store_adopt_func(store, args[i].of.funcref, &ok);
        if (!ok)
            return rt_error_new(WASMCELL_ERR_MISUSE, "wasmcell_func_call: argument %zu is a "
                                "function of another engine (or out of memory)", i);
        slots[s] = (uintptr_t)f;
    }
    return NULL;
}

wasmcell_status_t wasmcell_func_call(wasmcell_func_t *func, const wasmcell_val_t *args,
                                     size_t nargs, wasmcell_val_t *results, size_t nresults,
                                     wasmcell_error_t **error)
{
    wasmcell_status_t st = check_call(func, args, nargs, results, nresults, error);
    if (st != WASMCELL_OK) return st;
    uint32_t np = slot_count(func->params, func->nparams);
    uint32_t nr = slot_count(func->results, func->nresults);
    uint32_t n = np > nr ? np : nr;
    uint64_t small[32];
    uint64_t *slots = n <= 32 ? small : base_alloc_array(n, sizeof *slots);
    if (!slots) return rt_fail(error, &rt_error_nomem);
    uint32_t s = 0;
    for (size_t i = 0; i < nargs; i++) s += val_to_slots(&args[i], slots + s);
    wasmcell_error_t *e = adopt_funcref_args(func, args, nargs, slots);
    if (!e) e = exec_call(func, slots);
    if (e) {
        st = rt_fail(error, e);
    } else {
        s = 0;
        for (size_t i = 0; i < nresults; i++) s += slots_to_val(func->results[i], slots + s, &results[i]);
    }
    if (slots != small) base_free(slots);
    return st;
}

size_t wasmcell_func_param_count(const wasmcell_func_t *func)
{
    return func ? func->nparams : 0;
}

size_t wasmcell_func_result_count(const wasmcell_func_t *func)
{
    return func ? func->nresults : 0;
}

wasmcell_valtype_t wasmcell_func_param_type(const wasmcell_func_t *func, size_t i)
{
    return func && i < func->nparams ? (wasmcell_valtype_t)vt_kind(func->params[i]) : (wasmcell_valtype_t)0;
}

wasmcell_valtype_t wasmcell_func_result_type(const wasmcell_func_t *func, size_t i)
{
    return func && i < func->nresults ? (wasmcell_valtype_t)vt_kind(func->results[i]) : (wasmcell_valtype_t)0;
}

/* ---- memories and globals ------------------------------------------------------ */

uint8_t *wasmcell_memory_data(wasmcell_memory_t *memory, uint64_t *size_bytes)
{
    if (!memory) {
        if (size_bytes) *size_bytes = 0;
        return NULL;
    }
    if (size_bytes) *size_bytes = memory->pages * RT_PAGE_SIZE;
    return memory->base;
}

wasmcell_status_t wasmcell_memory_grow(wasmcell_memory_t *memory, uint64_t delta_pages,
                                       uint64_t *old_pages)
{
    if (!memory) return WASMCELL_ERR_MISUSE;
    int64_t old = rt_memory_grow(memory, delta_pages);
    if (old < 0) return WASMCELL_ERR_NOMEM;   /* beyond the maximum or the engine limit */
    if (old_pages) *old_pages = (uint64_t)old;
    return WASMCELL_OK;
}

wasmcell_status_t wasmcell_global_get(const wasmcell_global_t *global, wasmcell_val_t *out)
{
    if (!global || !out) return WASMCELL_ERR_MISUSE;
    slots_to_val(global->type, global->value, out);
    return WASMCELL_OK;
}

wasmcell_status_t wasmcell_global_set(wasmcell_global_t *global, const wasmcell_val_t *value)
{
    if (!global || !value || !global->mutable_ || !rt_value_fits(value, global->type))
        return WASMCELL_ERR_MISUSE;
    uint64_t s[2] = {0, 0};
    val_to_slots(value, s);
    if (value->type == WASMCELL_FUNCREF && value->of.funcref) {
        rt_store_t *store = rt_extern_store(&(wasmcell_extern_t){.kind = WASMCELL_EXTERN_GLOBAL,
                                                                 .of.global = global});
        bool ok = true;
        if (store) s[0] = (uintptr_t)rt_store_adopt_func(store, value->of.funcref, &ok);
        if (!ok) return WASMCELL_ERR_MISUSE;
    }
    memcpy(global->value, s, sizeof s);
    return WASMCELL_OK;
}

/* ---- resumable calls ------------------------------------------------------------ */

/* The call runs on a fiber of its own (exec_fiber.c); its slots hold the
 * arguments until it starts and the results once it returned. It holds a
 * handle on the function's instance: frames on its stack use it. */
struct wasmcell_call {
    wasmcell_func_t *func;
    exec_fiber_t *fiber;
};

wasmcell_status_t wasmcell_call_new(wasmcell_func_t *func, const wasmcell_val_t *args,
                                    size_t nargs, wasmcell_call_t **out, wasmcell_error_t **error)
{
    if (!out) return misuse(error, "NULL out");
    *out = NULL;
    wasmcell_status_t st = check_args(func, args, nargs, error);
    if (st != WASMCELL_OK) return st;
    uint32_t np = slot_count(func->params, func->nparams);
    uint32_t nr = slot_count(func->results, func->nresults);
    uint32_t n = np > nr ? np : nr;
    uint64_t small[32];
    uint64_t *slots = n <= 32 ? small : base_alloc_array(n, sizeof *slots);
    if (!slots) return rt_fail(error, &rt_error_nomem);
    memset(slots, 0, (size_t)n * sizeof *slots);
    uint32_t s = 0;
    for (size_t i = 0; i < nargs; i++) s += val_to_slots(&args[i], slots + s);
    wasmcell_error_t *e = adopt_funcref_args(func, args, nargs, slots);
    wasmcell_call_t *call = e ? NULL : base_calloc(1, sizeof *call);
    if (call) {
        call->func = func;
        call->fiber = exec_fiber_new(func, slots, n);
        if (!call->fiber) {
            base_free(call);
            call = NULL;
        } else if (func->inst) {
            rt_instance_retain(func->inst);
        }
    }
    if (slots != small) base_free(slots);
    if (e) return rt_fail(error, e);
    if (!call) return rt_fail(error, &rt_error_nomem);
    *out = call;
    return WASMCELL_OK;
}

wasmcell_status_t wasmcell_call_resume(wasmcell_call_t *call, wasmcell_val_t *results,
                                       size_t nresults, wasmcell_error_t **error)
{
    if (!call) return misuse(error, "NULL call");
    wasmcell_status_t st = check_results(call->func, results, nresults, error);
    if (st != WASMCELL_OK) return st;
    switch (exec_fiber_resume(call->fiber)) {
    case EXEC_FIBER_SUSPENDED: return WASMCELL_SUSPENDED;
    case EXEC_FIBER_MISUSE:
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE, "wasmcell_call_resume: the call %s",
                                           exec_fiber_done(call->fiber)
                                               ? "has finished" : "runs (or belongs to another thread)"));
    case EXEC_FIBER_DONE: break;
    }
    uint64_t *slots;
    wasmcell_error_t *e = exec_fiber_result(call->fiber, &slots);
    if (e) return rt_fail(error, e);
    for (size_t i = 0, s = 0; i < nresults; i++) s += slots_to_val(call->func->results[i], slots + s, &results[i]);
    return WASMCELL_OK;
}

void wasmcell_call_set_yield_on_deadline(wasmcell_call_t *call, int yield)
{
    if (call) exec_fiber_set_yield_on_deadline(call->fiber, yield != 0);
}

void wasmcell_call_delete(wasmcell_call_t *call)
{
    if (!call) return;
    /* false: wrong thread or still running; leaking beats freeing a live stack */
    if (!exec_fiber_delete(call->fiber)) return;
    if (call->func->inst) rt_instance_release(call->func->inst);
    base_free(call);
}
