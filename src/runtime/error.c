/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* error.c — error objects: bad-input errors, traps with the spec's messages,
 * exits, and the preallocated out-of-memory error. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "runtime.h"
#include "../base/alloc.h"

/* Returned when allocating an error fails; never freed (see
 * wasmcell_error_delete). */
wasmcell_error_t rt_error_nomem = {
    .status = WASMCELL_ERR_NOMEM,
    .message = (char *)"out of memory",
};

static wasmcell_error_t *error_alloc(wasmcell_status_t status, const char *message)
{
    wasmcell_error_t *e = base_calloc(1, sizeof *e);
    if (!e) return &rt_error_nomem;
    e->message = base_strndup(message, strlen(message));
    if (!e->message) {
        base_free(e);
        return &rt_error_nomem;
    }
    e->status = status;
    return e;
}

wasmcell_error_t *rt_error_new(wasmcell_status_t status, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return error_alloc(status, buf);
}

wasmcell_error_t *rt_error_from_diag(const base_diag_t *diag)
{
    if (!diag->set) return error_alloc(WASMCELL_ERR_INVALID, "unknown error");
    /* An error object never says "ok", whatever the producer stored. */
    wasmcell_status_t st = diag->status ? (wasmcell_status_t)diag->status : WASMCELL_ERR_INVALID;
    return error_alloc(st, diag->message);
}

const char *rt_trap_message(wasmcell_trap_kind_t kind)
{
    switch (kind) {
    case WASMCELL_TRAP_NONE: return "no trap";
    case WASMCELL_TRAP_UNREACHABLE: return "unreachable";
    case WASMCELL_TRAP_MEMORY_OOB: return "out of bounds memory access";
    case WASMCELL_TRAP_TABLE_OOB: return "out of bounds table access";
    case WASMCELL_TRAP_INT_DIV_ZERO: return "integer divide by zero";
    case WASMCELL_TRAP_INT_OVERFLOW: return "integer overflow";
    case WASMCELL_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case WASMCELL_TRAP_UNDEFINED_ELEMENT: return "undefined element";
    case WASMCELL_TRAP_UNINITIALIZED_ELEMENT: return "uninitialized element";
    case WASMCELL_TRAP_INDIRECT_CALL_TYPE: return "indirect call type mismatch";
    case WASMCELL_TRAP_STACK_EXHAUSTED: return "call stack exhausted";
    case WASMCELL_TRAP_OUT_OF_FUEL: return "out of fuel";
    case WASMCELL_TRAP_INTERRUPTED: return "interrupted";
    case WASMCELL_TRAP_HOST: return "host trap";
    case WASMCELL_TRAP_UNSUPPORTED: return "unsupported instruction";
    case WASMCELL_TRAP_NULL_EXNREF: return "null exception reference";
    case WASMCELL_TRAP_NULL_FUNCREF: return "null function reference";
    case WASMCELL_TRAP_NULL_REFERENCE: return "null reference";
    }
    return "unknown trap";
}

wasmcell_error_t *rt_trap_new(wasmcell_trap_kind_t kind)
{
    wasmcell_error_t *e = error_alloc(WASMCELL_ERR_TRAP, rt_trap_message(kind));
    if (e != &rt_error_nomem) e->trap_kind = kind;
    return e;
}

/* ---- public accessors ----------------------------------------------------- */

wasmcell_status_t wasmcell_error_status(const wasmcell_error_t *error)
{
    return error ? error->status : WASMCELL_OK;
}

const char *wasmcell_error_message(const wasmcell_error_t *error)
{
    return error && error->message ? error->message : "";
}

wasmcell_trap_kind_t wasmcell_error_trap_kind(const wasmcell_error_t *error)
{
    return error && error->status == WASMCELL_ERR_TRAP ? error->trap_kind : WASMCELL_TRAP_NONE;
}

int32_t wasmcell_error_exit_code(const wasmcell_error_t *error)
{
    return error && error->status == WASMCELL_ERR_EXIT ? error->exit_code : 0;
}

const char *wasmcell_error_backtrace(const wasmcell_error_t *error)
{
    return error && error->backtrace ? error->backtrace : "";
}

void wasmcell_error_delete(wasmcell_error_t *error)
{
    if (!error || error == &rt_error_nomem) return;
    /* an exception only this error names dies with it */
    if (error->exn && !error->exn->exposed) rt_exn_free(error->exn->engine, error->exn);
    for (uint32_t i = 0; i < error->nframes; i++) base_free(error->frames[i].name);
    base_free(error->frames);
    base_free(error->message);
    base_free(error->backtrace);
    base_free(error);
}

/* ---- structured backtraces ------------------------------------------------- */

void rt_error_push_frame(wasmcell_error_t *e, const bin_module_t *bin, uint32_t func_idx)
{
    rt_error_push_frame_at(e, bin, func_idx, 0);
}

void rt_error_push_frame_at(wasmcell_error_t *e, const bin_module_t *bin, uint32_t func_idx,
                            uint64_t code_offset)
{
    if (!e || e == &rt_error_nomem || func_idx >= bin->nfuncs) return;
    if (e->nframes == e->frames_cap) {
        uint32_t cap = e->frames_cap ? e->frames_cap * 2 : 8;
        rt_frame_t *frames = base_realloc(e->frames, (size_t)cap * sizeof *frames);
        if (!frames) return;
        e->frames = frames;
        e->frames_cap = cap;
    }
    const char *name = bin->func_names ? bin->func_names[func_idx] : NULL;
    rt_frame_t *fr = &e->frames[e->nframes];
    fr->func_idx = func_idx;
    fr->name = name ? base_strndup(name, strlen(name)) : NULL;
    if (name && !fr->name) return;
    fr->func_offset = func_idx >= bin->nfunc_imports
                          ? (uint64_t)bin->funcs[func_idx - bin->nfunc_imports].body_offset : 0;
    fr->code_offset_exact = code_offset != 0;
    fr->code_offset = code_offset ? code_offset : fr->func_offset;
    e->nframes++;
}

size_t wasmcell_error_frame_count(const wasmcell_error_t *error)
{
    return error ? error->nframes : 0;
}

wasmcell_status_t wasmcell_error_frame(const wasmcell_error_t *error, size_t index,
                                       wasmcell_frame_t *out)
{
    if (!error || !out) return WASMCELL_ERR_MISUSE;
    if (index >= error->nframes) return WASMCELL_ERR_NOT_FOUND;
    const rt_frame_t *fr = &error->frames[index];
    *out = (wasmcell_frame_t){.func_idx = fr->func_idx, .func_name = fr->name,
                              .func_offset = fr->func_offset, .code_offset = fr->code_offset,
                              .code_offset_exact = fr->code_offset_exact};
    return WASMCELL_OK;
}

wasmcell_error_t *wasmcell_trap_new(const char *message)
{
    wasmcell_error_t *e = error_alloc(WASMCELL_ERR_TRAP, message ? message : "host trap");
    if (e != &rt_error_nomem) e->trap_kind = WASMCELL_TRAP_HOST;
    return e;
}

wasmcell_error_t *wasmcell_exit_new(int32_t exit_code)
{
    wasmcell_error_t *e = rt_error_new(WASMCELL_ERR_EXIT, "exit with code %d", (int)exit_code);
    if (e != &rt_error_nomem) e->exit_code = exit_code;
    return e;
}

const char *wasmcell_status_name(wasmcell_status_t status)
{
    switch (status) {
    case WASMCELL_OK: return "ok";
    case WASMCELL_ERR_MALFORMED: return "malformed";
    case WASMCELL_ERR_INVALID: return "invalid";
    case WASMCELL_ERR_UNSUPPORTED: return "unsupported";
    case WASMCELL_ERR_LINK: return "link error";
    case WASMCELL_ERR_TRAP: return "trap";
    case WASMCELL_ERR_EXIT: return "exit";
    case WASMCELL_ERR_NOMEM: return "out of memory";
    case WASMCELL_ERR_MISUSE: return "misuse";
    case WASMCELL_ERR_NOT_FOUND: return "not found";
    case WASMCELL_ERR_IO: return "i/o error";
    case WASMCELL_ERR_EXCEPTION: return "uncaught exception";
    case WASMCELL_SUSPENDED: return "suspended";
    }
    return "unknown status";
}

wasmcell_status_t rt_fail(wasmcell_error_t **error, wasmcell_error_t *e)
{
    wasmcell_status_t st = e->status;
    if (error) *error = e;
    else wasmcell_error_delete(e);
    return st;
}

wasmcell_error_t *wasmcell_error_new(wasmcell_status_t status, const char *message)
{
    return error_alloc(status, message ? message : "");
}
