/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* instr_encode.h — encodes one instruction of each opcodes.def row with a
 * fixed, recognisable immediate, for the instruction reader tests. */
#ifndef UNIT_INSTR_ENCODE_H
#define UNIT_INSTR_ENCODE_H
#include <stdint.h>
#include <string.h>
#include "binary/instr.h"

static inline size_t enc_uleb(uint32_t v, uint8_t *out)
{
    size_t n = 0;
    do {
        uint8_t b = v & 0x7F;
        v >>= 7;
        out[n++] = b | (v ? 0x80 : 0);
    } while (v);
    return n;
}

static inline size_t enc_imm(bin_imm_kind_t kind, uint8_t *o)
{
    static const uint8_t v16[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    switch (kind) {
    case IMM_NONE: return 0;
    case IMM_BLOCKTYPE: o[0] = 0x40; return 1;
    case IMM_LABEL: case IMM_FUNC: case IMM_LOCAL: case IMM_GLOBAL: case IMM_TABLE:
    case IMM_DATA: case IMM_ELEM: case IMM_TAG: case IMM_TYPE:
        o[0] = 0x85; o[1] = 0x01; return 2; /* 133 */
    case IMM_TRY_TABLE: /* [] with one (catch_all_ref 2) */
        o[0] = 0x40; o[1] = 1; o[2] = 3; o[3] = 2; return 4;
    case IMM_BR_TABLE: memcpy(o, "\x02\x01\x02\x03", 4); return 4;
    case IMM_CALL_INDIRECT: o[0] = 7; o[1] = 1; return 2;
    case IMM_MEMARG: o[0] = 2; o[1] = 0x90; o[2] = 0x01; return 3; /* align 2, offset 144 */
    case IMM_MEMORY: o[0] = 0; return 1;
    case IMM_I32: o[0] = 0x7F; return 1;
    case IMM_I64: o[0] = 0x80; o[1] = 0x7F; return 2; /* -128 */
    case IMM_F32: memcpy(o, "\x00\x00\x80\x3f", 4); return 4;
    case IMM_F64: memcpy(o, "\x00\x00\x00\x00\x00\x00\xf0\x3f", 8); return 8;
    case IMM_V128: case IMM_SHUFFLE: memcpy(o, v16, 16); return 16;
    case IMM_SELECT_T: o[0] = 1; o[1] = 0x7B; return 2;
    case IMM_REFTYPE: o[0] = 0x6F; return 1;
    case IMM_MEMORY_INIT: o[0] = 3; o[1] = 0; return 2;
    case IMM_MEMORY_COPY: o[0] = 0; o[1] = 0; return 2;
    case IMM_TABLE_INIT: case IMM_TABLE_COPY: o[0] = 4; o[1] = 1; return 2;
    case IMM_LANE: o[0] = 3; return 1;
    case IMM_MEMARG_LANE: o[0] = 0; o[1] = 4; o[2] = 1; return 3;
    case IMM_KIND_COUNT_: break;
    }
    return 0;
}

/* Opcode (prefix + LEB sub-opcode) and immediates of row `op`. */
static inline size_t enc_row(bin_op_t op, uint8_t *out)
{
    const bin_opinfo_t *info = &bin_opinfo[op];
    size_t n = 0;
    if (info->prefix) {
        out[n++] = info->prefix;
        n += enc_uleb(info->code, out + n);
    } else {
        out[n++] = (uint8_t)info->code;
    }
    return n + enc_imm(info->imm, out + n);
}

#endif
