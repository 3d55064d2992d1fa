/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sjlj.h — setjmp/longjmp for the test programs: Debian's wasi-libc (2022)
 * has neither, so the programs declare them and sjlj_runtime.c provides
 * the functions clang-19's -mllvm -wasm-enable-sjlj lowering calls
 * (setjmp becomes __wasm_setjmp/__wasm_setjmp_test, longjmp a throw of
 * the __c_longjmp tag caught by the setjmp caller's legacy try/catch). */
#ifndef TEST_SJLJ_H
#define TEST_SJLJ_H
#include <stdint.h>

struct sjlj_buf {
    void *invocation;           /* identity of the frame that called setjmp */
    uint32_t label;             /* which setjmp call of that frame */
    struct { void *env; int val; } arg; /* the __c_longjmp payload points here */
};
typedef struct sjlj_buf jmp_buf[1];
int setjmp(jmp_buf env) __attribute__((returns_twice));
void longjmp(jmp_buf env, int val) __attribute__((noreturn));

#endif
