/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sjlj_runtime.c — the three functions clang-19's setjmp/longjmp lowering
 * calls (written for these tests; the ABI: a setjmp site records the
 * calling frame's identity and a label, a longjmp throws the __c_longjmp
 * tag with a pointer to {env, val}, and the frame's handler asks
 * __wasm_setjmp_test whether env is one of its own setjmp sites). Kept in
 * a file of its own: clang-19 emits invalid code (a `loop` without `end`
 * before a `catch`) for a setjmp caller in the same unit as these. */
#include "sjlj.h"

void __wasm_setjmp(void *env, uint32_t label, void *invocation);
void __wasm_setjmp(void *env, uint32_t label, void *invocation)
{
    struct sjlj_buf *b = env;
    b->invocation = invocation;
    b->label = label;
}

uint32_t __wasm_setjmp_test(void *env, void *invocation);
uint32_t __wasm_setjmp_test(void *env, void *invocation)
{
    const struct sjlj_buf *b = env;
    return b->invocation == invocation ? b->label : 0;
}

void __wasm_longjmp(void *env, int val) __attribute__((noreturn));
void __wasm_longjmp(void *env, int val)
{
    struct sjlj_buf *b = env;
    b->arg.env = env;
    b->arg.val = val ? val : 1; /* longjmp(env, 0) makes setjmp return 1 */
    __builtin_wasm_throw(1, &b->arg); /* tag 1: __c_longjmp */
}

/* A setjmp call makes this unit define the __c_longjmp tag (clang-19
 * cannot compile __builtin_wasm_throw against an undefined one). */
int sjlj_runtime_anchor(jmp_buf b);
int sjlj_runtime_anchor(jmp_buf b)
{
    return setjmp(b);
}
