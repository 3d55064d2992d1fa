/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* Force-included (-include) into every Lua source file of the benchmark build,
 * native and wasm alike so both run the same code: a Lua error is fatal (prints
 * the message and exits 1) instead of unwinding with longjmp. The benchmark
 * script raises no errors and uses no pcall or coroutines, so this changes
 * nothing it measures. */
#ifndef BENCH_LUA_NOSJLJ_H
#define BENCH_LUA_NOSJLJ_H
struct lua_State;
void bench_lua_throw(struct lua_State *L);
#define LUAI_THROW(L, c) ((void)(c), bench_lua_throw(L))
#define LUAI_TRY(L, c, a) { a }
#define luai_jmpbuf int
/* lstate.h would include <signal.h> (absent in wasi-libc) for sig_atomic_t */
#define l_signalT int
/* deterministic: no clock()/time() (wasi-libc has no clock() by default) */
#define l_randomizePivot() 0u
#define luai_makeseed(L) ((void)(L), 0u)
#endif
