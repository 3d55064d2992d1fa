/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exec_native.h — the execution side of the native tier (exec_native.c):
 * the helpers native code calls, their symbol table, native frames in
 * backtraces. */
#ifndef EXEC_NATIVE_H
#define EXEC_NATIVE_H
#include <stddef.h>
#include <stdint.h>
#include "exec_internal.h"

/* The slots entry of a native function (native.h). */
typedef void (*exec_slots_fn)(exec_ctx_t *ctx, rt_instance_t *inst, uint64_t *slots);

/* Address of a runtime symbol native code references (wcn_* helpers,
 * libm rounding, memcpy...), or NULL: the loader's resolver. */
void *exec_native_symbol(void *user, const char *name);
/* Records the native frames above frame address fa (and pc, when it is in
 * native code) into ctx->native_frames. Async-signal-safe. */
void exec_native_collect(exec_ctx_t *ctx, uintptr_t fa, uintptr_t pc);
/* Appends the collected native frames to a backtrace text, numbering from
 * n; returns the next number. */
int exec_native_backtrace(const exec_ctx_t *ctx, char **out, size_t *len, size_t *cap, int n,
                          wasmcell_error_t *err);

/* The interpreter polls at a loop back-edge of f whose ip is a loop
 * header, and f has native code with an OSR entry: runs the rest of f
 * natively from that loop with the frame's locals. true when it did (the
 * results are in fp[0..]); false when that loop cannot be entered. */
bool exec_native_osr(exec_ctx_t *ctx, wasmcell_func_t *f, uint64_t *fp, const uint64_t *ip);
/* The same from a JIT frame of f (interpreted false): f has no interpreter
 * frame, and the OSR entry's packed slots go at ctx->stack_top. */
bool exec_native_osr_from(exec_ctx_t *ctx, wasmcell_func_t *f, uint64_t *fp, const uint64_t *ip,
                          bool interpreted);

/* For the JIT's helpers (jit_runtime.c): leave with an error made
 * elsewhere; run an interpreted function over the slots at base (its own
 * exception boundary). */
__attribute__((noreturn)) void exec_native_fail(exec_ctx_t *ctx, wasmcell_error_t *err);
wasmcell_error_t *exec_native_call_interpreted(exec_ctx_t *ctx, wasmcell_func_t *f, uint64_t *base);

/* The interpreter polled at a call in f, which has an OSR entry: returns
 * the budget to go on with — 0, so that the next event polls, until one of
 * them is f's loop back-edge (a loop with one call and a steady budget
 * would otherwise always poll at the call). Asks a bounded number of
 * times per function in a row. */
int64_t exec_osr_nudge(exec_ctx_t *ctx, const wasmcell_func_t *f, int64_t budget);

#endif
