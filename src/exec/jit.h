/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* jit.h — the baseline JIT: translates a function's internal code
 * (icode.def) to x86-64 in one pass, template by template, in
 * microseconds. Its code works on the interpreter's own frame of slots
 * (same layout: locals, constants, operand stack), so entering it from a
 * looping interpreter frame needs no copying, and LLVM's OSR entries take
 * its frames as they take the interpreter's. It fills the time tier auto
 * waits for LLVM (jit_x64.c: the translator; jit_runtime.c: what its code
 * calls). x86-64 only; elsewhere exec_jit_adopt declines. */
#ifndef EXEC_JIT_H
#define EXEC_JIT_H
#include <stdbool.h>
#include <stdint.h>
#include "exec_internal.h"

/* What the JIT is used for (WASMCELL_JIT): off; in tier auto, the
 * functions polls find hot (the default); every function at its first
 * call, in any tier that interprets (tests). */
typedef enum { JIT_OFF, JIT_HOT, JIT_ALL } jit_mode_t;
jit_mode_t exec_jit_mode(void);

/* Gives f (a wasm function of a guarded-memory instance) JIT code, made
 * now unless the module has it already: sets f->native_slots when f has
 * no native code yet. False when the JIT declines f (an op it does not
 * translate, a checked memory, out of memory); it is not asked again. */
bool exec_jit_adopt(wasmcell_func_t *f);
/* True when the JIT was asked for defined function def_idx of m and
 * declined it: it runs interpreted until LLVM's code arrives. */
bool exec_jit_declined(wasmcell_module_t *m, uint32_t def_idx);
/* Has function def_idx of m JIT code (made, not declined)? */
bool exec_jit_has_code(wasmcell_module_t *m, uint32_t def_idx);
/* True when f's native_slots entry is JIT code (not LLVM's). */
bool exec_jit_is_entry(const wasmcell_func_t *f);

/* The interpreter polls at a back-edge of f (ip: the loop header) and f has
 * JIT code: runs the rest of f there, on the same frame. true when it did
 * (results in fp[0..]). */
bool exec_jit_osr(exec_ctx_t *ctx, wasmcell_func_t *f, uint64_t *fp, const uint64_t *ip);

/* Async-signal-safe: pc lies in JIT code. */
bool exec_jit_is_code(uintptr_t pc);
/* The function whose JIT code holds pc: its module, function index and
 * the module offset of the wasm instruction whose code holds pc (0 when
 * pc is in out-of-line code: stubs, entries). */
bool exec_jit_func_at(uintptr_t pc, const bin_module_t **bin, uint32_t *func_idx, uint32_t *offset);

/* The module dies: its JIT code goes. */
void exec_jit_module_free(wasmcell_module_t *m);

#endif
