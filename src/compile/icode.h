/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* icode.h — internal opcodes (icode.def), their formats and operand packing. */
#ifndef CMP_ICODE_H
#define CMP_ICODE_H
#include <stdbool.h>
#include <stdint.h>

typedef enum icode_format {
    FMT_N, FMT_D, FMT_DA, FMT_DAB, FMT_DABC, FMT_DA_O, FMT_VA_O, FMT_DA_W, FMT_D_I, FMT_A_I,
    FMT_BR, FMT_BR_C, FMT_BR_AB, FMT_BR_TABLE, FMT_CALL, FMT_CALL_IND, FMT_DAB_X, FMT_ADD_BR,
    FMT_CALL_A, FMT_BR_MOV, FMT_RCALL, FMT_RCALL_IND, FMT_MEM,
    /* SIMD: named after opcodes.def's immediate kinds (icode.def) */
    FMT_SIMD_IMM_NONE, FMT_SIMD_IMM_LANE, FMT_SIMD_IMM_MEMARG, FMT_SIMD_IMM_MEMARG_LANE,
    FMT_SIMD_IMM_SHUFFLE, FMT_SIMD_IMM_V128,
} icode_format_t;

typedef enum icode_op {
#define IC(name, fmt, meaning) IC_##name,
#include "icode.def"
#undef IC
    IC_COUNT_
} icode_op_t;

typedef struct icode_info {
    const char *name;
    icode_format_t format;
    const char *meaning;
} icode_info_t;
extern const icode_info_t icode_info[IC_COUNT_];

/* Words an instruction of this format occupies (BR_TABLE: without its
 * table; ternary SIMD ops: one more, see icode_simd_ternary). */
static inline uint32_t icode_format_words(icode_format_t f)
{
    switch (f) {
    case FMT_DABC: case FMT_DA_W: case FMT_BR_AB: case FMT_CALL_IND: case FMT_DAB_X:
    case FMT_ADD_BR: case FMT_CALL_A: case FMT_BR_MOV: case FMT_RCALL: case FMT_RCALL_IND:
    case FMT_SIMD_IMM_LANE:
    case FMT_SIMD_IMM_MEMARG: case FMT_SIMD_IMM_MEMARG_LANE: case FMT_SIMD_IMM_SHUFFLE:
        return 2;
    case FMT_MEM: return 3;
    default: return 1;
    }
}

/* SIMD ops with three v128 operands: d a b | c (a second word). */
static inline bool icode_simd_ternary(icode_op_t op)
{
    switch (op) {
    case IC_V128_BITSELECT:
    case IC_F32X4_RELAXED_MADD: case IC_F32X4_RELAXED_NMADD:
    case IC_F64X2_RELAXED_MADD: case IC_F64X2_RELAXED_NMADD:
    case IC_I8X16_RELAXED_LANESELECT: case IC_I16X8_RELAXED_LANESELECT:
    case IC_I32X4_RELAXED_LANESELECT: case IC_I64X2_RELAXED_LANESELECT:
    case IC_I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S:
        return true;
    default: return false;
    }
}

/* Words of one instruction of `op` (BR_TABLE: without its table). */
static inline uint32_t icode_op_words(icode_op_t op)
{
    return icode_format_words(icode_info[op].format) + icode_simd_ternary(op);
}

/* Word 0: bits 0-15 the handler (an offset from the lowest handler
 * address), then fields f0 f1 f2 (16 bits each) — or f0 and a 32-bit
 * immediate "imm0" in bits 32-63. Word 1, when present: fields f3 f4 f5 f6
 * — or f3 f4 and "imm1" in bits 32-63. */
#define ICODE_HANDLER(w0) ((uint32_t)(uint16_t)(w0))
static inline uint32_t icode_field(const uint64_t *ins, uint32_t k)
{
    return k < 3 ? (uint32_t)(uint16_t)(ins[0] >> (16 + 16 * k))
                 : (uint32_t)(uint16_t)(ins[1] >> (16 * (k - 3)));
}
static inline uint32_t icode_imm0(const uint64_t *ins) { return (uint32_t)(ins[0] >> 32); }
static inline uint32_t icode_imm1(const uint64_t *ins) { return (uint32_t)(ins[1] >> 32); }
/* Branch table entries and rel32 immediates: signed word offsets. */
#define ICODE_REL(w) ((int32_t)(uint32_t)((w) >> 32))

/* Word 0's low 16 bits name the handler. Optimized builds store its offset
 * from the lowest handler address (dispatch: one add). Unoptimized and
 * sanitizer builds, whose dispatch function exceeds 64 KiB, store the op
 * number instead (dispatch: one table load). */
#if defined(__OPTIMIZE__) && !defined(WASMCELL_HANDLER_INDEX)
#define ICODE_HANDLER_OFFSETS 1
#else
#define ICODE_HANDLER_OFFSETS 0
#endif

/* The lowest handler address of a handler table. */
uintptr_t icode_handler_base(const void *const *handlers);
/* The 16-bit handler codes of every op for this build; false when an offset
 * does not fit in 16 bits. */
bool icode_handler_codes(const void *const *handlers, uint16_t codes[IC_COUNT_]);

/* Memory accesses: the bounds-checked twin of a guarded access op (icode.def,
 * IC_MEMORY_ACCESS and IC_SIMD_MEMORY_ACCESS), and back; any other op is
 * returned unchanged. */
icode_op_t icode_checked_twin(icode_op_t op);
icode_op_t icode_guarded_twin(icode_op_t op);

/* Frames are limited to what a 16-bit slot field can name. */
#define ICODE_MAX_SLOTS 65535u

#endif
