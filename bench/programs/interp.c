/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* interp: a small stack-based bytecode interpreter (switch dispatch) running a
 * Collatz-steps program — the indirect-branch-heavy loop of every interpreter. */
#include "bench.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, AND, SHR, EQ, LT, JZ, JNZ, JMP, HALT };

static int64_t run(const int64_t *code, int64_t *var)
{
    int64_t stack[64];
    int sp = 0;
    long pc = 0;
    for (;;) {
        int64_t op = code[pc++];
        switch (op) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = var[code[pc++]]; break;
        case STORE: var[code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case SHR: sp--; stack[sp - 1] >>= stack[sp]; break;
        case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case JZ: pc = stack[--sp] == 0 ? code[pc] : pc + 1; break;
        case JNZ: pc = stack[--sp] != 0 ? code[pc] : pc + 1; break;
        case JMP: pc = code[pc]; break;
        case HALT: return var[0];
        default: return -1;
        }
    }
}

int main(int argc, char **argv)
{
    long n = bench_arg(argc, argv, 80000);
    /* vars: 0 total, 1 i, 2 x, 3 n */
    enum { TOTAL, I, X, N };
    /* program with labels computed while emitting */
    int64_t prog[128];
    long p = 0, l_outer, l_inner, l_step, j_outer_exit, j_inner_exit, j_even, j_odd_step;
    prog[p++] = PUSH; prog[p++] = 1; prog[p++] = STORE; prog[p++] = I;
    l_outer = p;
    prog[p++] = LOAD; prog[p++] = I; prog[p++] = LOAD; prog[p++] = N; prog[p++] = LT;
    prog[p++] = JZ; j_outer_exit = p++;
    prog[p++] = LOAD; prog[p++] = I; prog[p++] = STORE; prog[p++] = X;
    l_inner = p;
    prog[p++] = LOAD; prog[p++] = X; prog[p++] = PUSH; prog[p++] = 1; prog[p++] = EQ;
    prog[p++] = JNZ; j_inner_exit = p++;
    prog[p++] = LOAD; prog[p++] = X; prog[p++] = PUSH; prog[p++] = 1; prog[p++] = AND;
    prog[p++] = JZ; j_even = p++;
    /* odd: x = 3x + 1 */
    prog[p++] = LOAD; prog[p++] = X; prog[p++] = PUSH; prog[p++] = 3; prog[p++] = MUL;
    prog[p++] = PUSH; prog[p++] = 1; prog[p++] = ADD; prog[p++] = JMP; j_odd_step = p++;
    prog[j_even] = p;
    prog[p++] = LOAD; prog[p++] = X; prog[p++] = PUSH; prog[p++] = 1; prog[p++] = SHR;
    l_step = p;
    prog[j_odd_step] = l_step;
    prog[p++] = STORE; prog[p++] = X;
    prog[p++] = LOAD; prog[p++] = TOTAL; prog[p++] = PUSH; prog[p++] = 1; prog[p++] = ADD;
    prog[p++] = STORE; prog[p++] = TOTAL; prog[p++] = JMP; prog[p++] = l_inner;
    prog[j_inner_exit] = p;
    prog[p++] = LOAD; prog[p++] = I; prog[p++] = PUSH; prog[p++] = 1; prog[p++] = ADD;
    prog[p++] = STORE; prog[p++] = I; prog[p++] = JMP; prog[p++] = l_outer;
    prog[j_outer_exit] = p;
    prog[p++] = HALT;

    int64_t var[4] = {0, 0, 0, n};
    int64_t total = run(prog, var);

    /* the same computation in plain C */
    int64_t ref = 0;
    for (int64_t i = 1; i < n; i++) {
        int64_t x = i;
        while (x != 1) {
            x = (x & 1) ? 3 * x + 1 : x >> 1;
            ref++;
        }
    }
    printf("collatz steps below %ld: %lld\n", n, (long long)total);
    return bench_check(total == ref, "interpreter result differs from C");
}
