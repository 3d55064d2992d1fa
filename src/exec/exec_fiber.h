/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exec_fiber.h — resumable calls (exec_fiber.c): a call on a stack of its
 * own that suspends when its instance runs out of fuel and resumes where
 * it stopped. A fiber belongs to the thread that made it. */
#ifndef EXEC_FIBER_H
#define EXEC_FIBER_H
#include <stdbool.h>
#include <stdint.h>
#include "../runtime/runtime.h"

typedef struct exec_fiber exec_fiber_t;

typedef enum {
    EXEC_FIBER_DONE,      /* the call returned or failed: exec_fiber_result */
    EXEC_FIBER_SUSPENDED, /* out of fuel: add fuel, resume again */
    EXEC_FIBER_MISUSE,    /* finished already, running, or another thread */
} exec_fiber_status_t;

/* A call of func with nslots argument slots copied from args (room for
 * the results too: nslots >= the result slots); it starts at the first
 * resume. NULL when out of memory. */
exec_fiber_t *exec_fiber_new(wasmcell_func_t *func, const uint64_t *args, uint32_t nslots);
exec_fiber_status_t exec_fiber_resume(exec_fiber_t *fb);
bool exec_fiber_done(const exec_fiber_t *fb);
/* Once DONE: the call's error (owned, moved to the caller; NULL on
 * success) and its result slots (borrowed from the fiber). */
wasmcell_error_t *exec_fiber_result(exec_fiber_t *fb, uint64_t **slots);
/* Frees the fiber; a suspended call is first unwound (it traps "out of
 * fuel" where it stopped). false (nothing freed) from another thread or
 * while it runs. */
bool exec_fiber_delete(exec_fiber_t *fb);
/* Whether the instance's deadline suspends the call (yield) instead of
 * trapping "interrupted"; off by default. */
void exec_fiber_set_yield_on_deadline(exec_fiber_t *fb, bool yield);
bool exec_fiber_yields_at_deadline(const exec_fiber_t *fb);
/* The lowest address native frames on this fiber may use (exec_call.c). */
uintptr_t exec_fiber_stack_limit(const exec_fiber_t *fb);

#endif
