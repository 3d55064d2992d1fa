/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* trap.c — wasm.h traps (a message and the backtrace frames of the
 * wasmcell error they came from) and frames. A frame's module_offset is
 * its instruction (wasmcell_frame_t.code_offset: the trapping one, or the
 * call under way) and func_offset that minus the function's first
 * instruction; where wasmcell knows only the function (native callers,
 * code_offset_exact 0) the instruction is the function's first and
 * func_offset 0. */
#include "capi.h"

#include <string.h>

static void trap_destroy(struct wasm_ref_t *ref) {
    wasm_trap_t *trap = (wasm_trap_t *)ref;
    for (size_t i = 0; i < trap->nframes; i++) wasm_frame_delete(trap->frames[i]);
    wasmcell_free(trap->frames);
    wasmcell_free(trap->message);
    wasmcell_free(trap);
}

static wasm_trap_t *trap_of(const char *message, size_t len) {
    wasm_trap_t *trap = capi_alloc_zeroed(sizeof *trap);
    if (!trap) return NULL;
    capi_ref_init(&trap->ref, CAPI_REF_TRAP, trap_destroy);
    trap->message = wasmcell_malloc(len + 1);
    if (!trap->message) {
        wasmcell_free(trap);
        return NULL;
    }
    memcpy(trap->message, message, len);
    trap->message[len] = '\0';
    return trap;
}

wasm_trap_t *capi_trap_new(const char *message) { return trap_of(message, strlen(message)); }

wasm_trap_t *wasm_trap_new(wasm_store_t *store, const wasm_message_t *message) {
    (void)store;
    size_t len = message->size;
    /* the message is documented NUL terminated; accept it without too */
    if (len && message->data[len - 1] == '\0') len--;
    return trap_of(message->data ? message->data : "", len);
}

void wasm_trap_message(const wasm_trap_t *trap, wasm_message_t *out) {
    wasm_name_new_from_string_nt(out, trap->message);
}

static wasm_frame_t *frame_new(wasm_instance_t *instance, uint32_t func_index,
                               size_t func_offset, size_t module_offset) {
    wasm_frame_t *f = wasmcell_malloc(sizeof *f);
    if (!f) return NULL;
    f->instance = capi_instance_retain(instance);
    f->func_index = func_index;
    f->func_offset = func_offset;
    f->module_offset = module_offset;
    return f;
}

wasm_trap_t *capi_trap_from_error(wasmcell_error_t *error, wasm_instance_t *instance) {
    wasm_trap_t *trap = capi_trap_new(error ? wasmcell_error_message(error) : "out of memory");
    if (trap && error) {
        size_t n = wasmcell_error_frame_count(error);
        trap->frames = n ? capi_alloc_zeroed(n * sizeof *trap->frames) : NULL;
        for (size_t i = 0; trap->frames && i < n; i++) {
            wasmcell_frame_t fr;
            if (wasmcell_error_frame(error, i, &fr) != WASMCELL_OK) break;
            uint64_t at = fr.code_offset >= fr.func_offset ? fr.code_offset : fr.func_offset;
            trap->frames[i] = frame_new(instance, fr.func_idx, (size_t)(at - fr.func_offset), (size_t)at);
            if (!trap->frames[i]) break;
            trap->nframes = i + 1;
        }
    }
    wasmcell_error_delete(error);
    return trap;
}

wasm_frame_t *wasm_trap_origin(const wasm_trap_t *trap) {
    return trap->nframes ? wasm_frame_copy(trap->frames[0]) : NULL;
}

void wasm_trap_trace(const wasm_trap_t *trap, wasm_frame_vec_t *out) {
    wasm_frame_vec_new_uninitialized(out, trap->nframes);
    for (size_t i = 0; i < out->size; i++) out->data[i] = wasm_frame_copy(trap->frames[i]);
}

/* ---- frames ---- */

void wasm_frame_delete(wasm_frame_t *frame) {
    if (!frame) return;
    capi_instance_release(frame->instance);
    wasmcell_free(frame);
}
wasm_frame_t *wasm_frame_copy(const wasm_frame_t *f) {
    return frame_new(f->instance, f->func_index, f->func_offset, f->module_offset);
}
wasm_instance_t *wasm_frame_instance(const wasm_frame_t *f) { return f->instance; }
uint32_t wasm_frame_func_index(const wasm_frame_t *f) { return f->func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t *f) { return f->func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t *f) { return f->module_offset; }
