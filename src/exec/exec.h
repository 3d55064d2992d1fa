/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exec.h — entry into guest code: the dispatch loop and the trap boundary. */
#ifndef EXEC_EXEC_H
#define EXEC_EXEC_H
#include <stdint.h>
#include "../runtime/runtime.h"

/* Calls `func` (wasm or host). Arguments are read from slots[0..nparams) and
 * results written to slots[0..nresults) (i32 zero-extended into 64 bits,
 * floats as bit patterns, references as pointers/values; v128 takes two
 * slots). Returns NULL on success or an owned error: a trap (with
 * backtrace), a proc_exit (WASMCELL_ERR_EXIT), or a compile failure. This
 * is the trap boundary: memory faults inside a linear-memory reservation
 * become "out of bounds memory access" traps here. May be re-entered from a
 * host function. */
wasmcell_error_t *exec_call(wasmcell_func_t *func, uint64_t *slots);
/* exec_call as the body of a resumable call (exec_fiber.c), on the
 * fiber's own stack: running out of fuel suspends instead of trapping. */
struct exec_fiber;
wasmcell_error_t *exec_call_fiber(wasmcell_func_t *func, uint64_t *slots, struct exec_fiber *fiber);
/* wasmcell_instance_interrupt: marks inst and signals the thread running
 * it (exec_interrupt.c). Any thread. */
void exec_interrupt(rt_instance_t *inst);
/* wasmcell_instance_set_deadline: an interrupt timeout_ns from now (0 clears). */
void exec_set_deadline(rt_instance_t *inst, uint64_t timeout_ns);

/* Handler addresses indexed by internal opcode (icode.def order), for the
 * compiler to thread code with. */
const void *const *exec_handler_table(void);
/* A module dies: its baseline JIT code goes too (jit_x64.c). */
void exec_jit_module_free(wasmcell_module_t *m);

#endif
