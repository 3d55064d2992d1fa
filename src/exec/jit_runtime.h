/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* jit_runtime.h — the functions baseline JIT code calls (jit_runtime.c). */
#ifndef EXEC_JIT_RUNTIME_H
#define EXEC_JIT_RUNTIME_H
#include <stdint.h>
#include "exec_internal.h"

/* A loop back-edge polled: 0 go on, 1 LLVM's code ran the rest of the
 * function (OSR), or -(trap kind). where = def << 32 | header's code word. */
int jit_rt_poll(exec_ctx_t *ctx, rt_instance_t *inst, uint64_t *fp, uint64_t where);
/* A call polled: a trap kind, or 0. */
uint64_t jit_rt_call_poll(exec_ctx_t *ctx, rt_instance_t *inst, uint64_t def, wasmcell_func_t *callee);
/* A typed entry's call event polled: a trap kind, or 0. */
uint64_t jit_rt_entry_poll(exec_ctx_t *ctx, rt_instance_t *inst, uint64_t def);
void *jit_rt_prepare(wasmcell_func_t *f);
void jit_rt_call_slow(exec_ctx_t *ctx, rt_instance_t *inst, wasmcell_func_t *f, uint64_t *args);
uint64_t jit_rt_bulk(rt_instance_t *inst, uint64_t *fp, const uint64_t *ip, uint64_t op);
uint64_t jit_rt_memory_grow(rt_instance_t *inst, uint64_t delta);
/* A numeric op the JIT calls out of line: (a, b) -> {result, trap kind
 * or 0} (in rax:rdx; b unused by unary ops); NULL for an op that is not
 * numeric. */
typedef struct { uint64_t value, trap; } jit_num_result_t;
typedef jit_num_result_t (*jit_num_fn)(uint64_t a, uint64_t b);
jit_num_fn jit_num_helper(icode_op_t op);
/* Explicit traps of JIT code (exec_native.c): loc = func_idx << 32 | offset. */
__attribute__((noreturn)) void wcn_trap(exec_ctx_t *ctx, int32_t kind, uint64_t loc);

#endif
