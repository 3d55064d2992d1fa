/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* Stand-in <setjmp.h> for building Lua for wasm32-wasi, whose libc has no
 * setjmp/longjmp (they need the exception-handling proposal). lua_nosjlj.h
 * replaces Lua's LUAI_THROW/LUAI_TRY, so nothing from here is used. */
#ifndef BENCH_COMPAT_SETJMP_H
#define BENCH_COMPAT_SETJMP_H
typedef int jmp_buf[1];
#endif
