/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* llvm_lower.h — state shared by the wasm -> LLVM IR lowering
 * (llvm_lower.c) and the module-level driver (llvm_compile.c). */
#ifndef NATIVE_LLVM_LOWER_H
#define NATIVE_LLVM_LOWER_H
#include <llvm-c/Core.h>
#include <stdbool.h>
#include <stddef.h>
#include "../binary/instr.h"
#include "../binary/module.h"

/* Runtime helpers native code calls (native_helpers.c); names "wcn_*". */
typedef enum lower_helper {
    H_TRAP, H_POLL, H_ENTER, H_CALL, H_MEMORY_GROW, H_MEMORY_FILL, H_MEMORY_COPY, H_MEMORY_INIT,
    H_DATA_DROP, H_TABLE_GET, H_TABLE_SET, H_TABLE_GROW, H_TABLE_FILL, H_TABLE_COPY,
    H_TABLE_INIT, H_ELEM_DROP, H_TIERUP, H_COUNT_
} lower_helper_t;

typedef struct lower_module {
    const bin_module_t *bin;
    LLVMContextRef llctx;
    LLVMModuleRef mod;
    LLVMTypeRef i1, i8, i16, i32, i64, f32, f64, ptr, void_;
    LLVMTypeRef v128;             /* <2 x i64>: every v128 value between instructions */
    LLVMValueRef *funcs;          /* per defined function: typed entry, NULL if not compiled */
    LLVMValueRef *tfuncs;         /* per defined function: its tailcc body t<i>, or NULL */
    LLVMValueRef *rec;            /* per defined function: the copy its self-calls call
                                   * (inlined: one level of recursion unrolled), or NULL */
    LLVMValueRef helper[H_COUNT_];
    LLVMTypeRef helper_ty[H_COUNT_];
    unsigned md_invariant, md_tbaa, md_prof;
    LLVMValueRef empty_md, unlikely_md;
    LLVMValueRef tbaa_mem, tbaa_vm, tbaa_global;
    bool metered;                 /* NATIVE_COMPILE_METERED: loops and entries poll */
    bool tierup;                  /* NATIVE_COMPILE_TIERUP: long loops offer newer code (wcn_tierup) */
    bool checked;                 /* NATIVE_COMPILE_CHECKED: bounds-checked memory accesses */
    bool ssse3;                   /* the target has SSSE3 (pshufb for i8x16.swizzle) */
    /* Level 0: a call through a function object calls one out-of-line
     * thunk per function type (llvm_lower.c, call_thunk) instead of
     * inlining both ways of the call at every site. */
    bool call_thunks;
    LLVMValueRef *thunks;         /* per type index, made on first use */
} lower_module_t;

LLVMTypeRef lower_fn_type(lower_module_t *M, const bin_functype_t *ft);

/* LLVM's tailcc (CallingConv::Tail; llvm-c has no name for it): a musttail
 * call between tailcc functions needs no matching prototype. The typed
 * entries f<i> keep the C convention (tailcc made every call 5-15 %
 * slower: docs/native.md); a function in the graph of tail calls that
 * change prototype gets its body as t<i> in tailcc, and f<i> becomes a
 * wrapper that calls it. */
#define LOWER_TAILCC 18u
bool lower_type_supported(const bin_functype_t *ft);
/* Emits the body of M->funcs[def_idx] (or of M->tfuncs[def_idx], with
 * f<i> a wrapper of it); false with a message (the function then stays in
 * the interpreter). */
bool lower_function(lower_module_t *M, uint32_t def_idx, char *err, size_t errlen);
void lower_slots_entry(lower_module_t *M, uint32_t def_idx, LLVMValueRef entry);
/* The on-stack-replacement entry of def_idx, i32 o<i>(ctx, inst, slots,
 * loop ordinal), into fn; *nloops receives how many loops it can enter.
 * with_start: ordinal LOWER_OSR_START enters at the function's start (the
 * locals read from the slots like a loop's), for lower_osr_wrapper. */
#define LOWER_OSR_START 0xFFFFFFFFu
/* Emits the body of `fn`, a copy of the typed entry of def_idx whose
 * self-calls call the entry itself (M->rec: the entry calls the copy). */
bool lower_function_copy(lower_module_t *M, uint32_t def_idx, LLVMValueRef fn, char *err, size_t errlen);
bool lower_osr_function(lower_module_t *M, uint32_t def_idx, LLVMValueRef fn, bool with_start,
                        uint32_t *nloops, char *err, size_t errlen);
/* M->funcs[def_idx] as a wrapper of its OSR entry `osr` (lowered
 * with_start): one lowering for both entries, for level 0, where the OSR
 * variant's code is as fast as the plain one's and lowering a function
 * twice doubled its compile. false when out of memory. */
bool lower_osr_wrapper(lower_module_t *M, uint32_t def_idx, LLVMValueRef osr);

/* llvm_simd.c: the 0xFD instructions. Which ones the lowering takes (a
 * function using any other stays interpreted). */
bool lower_simd_supported(bin_op_t op);
/* Lowers SIMD instruction `in` at b's position: args are its operands in
 * the order of its opcodes.def signature (v128 as M->v128), mem the base
 * of memory 0; *result receives its value (NULL when it has none). false
 * with a message for an instruction lower_simd_supported refuses. */
bool lower_simd(lower_module_t *M, LLVMBuilderRef b, LLVMValueRef mem, const bin_instr_t *in,
                LLVMValueRef *args, LLVMValueRef *result, char *err, size_t errlen);

#endif
