/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* callgraph.h — what tier auto reads from a module's direct calls to
 * choose what to compile: the small callees a hot function calls inside
 * its loops, and the functions that run at most once per run. Both are
 * heuristics for speed; no result here can change what a program does. */
#ifndef NATIVE_CALLGRAPH_H
#define NATIVE_CALLGRAPH_H
#include <stdint.h>
#include "../binary/module.h"

/* Callees up to this size are compiled with a hot caller (LLVM can inline
 * them, and calls within one compile stay direct). 1024 until session 9:
 * once level 0 called other generations through one thunk per type
 * (llvm_lower.c), fewer callees got the first code sooner: cold SQLite
 * 1.02 -> 0.90 s wall (median of 9; sqlite3VdbeExec has 131 small
 * callees), Lua 0.70 -> 0.68, sort, binarytrees, interp, hashmap and
 * imgfilter_simd the same (docs/native.md). */
#define NATIVE_CALLEE_MAX_BYTES 256

/* Calls fn(callee def index, arg) for each direct call that defined
 * function d makes inside one of its loops to a small defined function. */
void native_each_small_callee(const bin_module_t *bin, uint32_t d,
                              void (*fn)(uint32_t callee, void *arg), void *arg);

/* Per defined function: 1 when it runs at most once per call of `_start`
 * (or of the start function) as far as direct calls tell: it is the root,
 * or its one call site is outside every loop of a function that runs at
 * most once, and nothing else refers to it (no export, element segment
 * or ref.func). main under __main_void is one. Owned (base_malloc); NULL
 * when out of memory. */
uint8_t *native_run_once(const bin_module_t *bin);

#endif
