/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* instr.h — reading one instruction (opcode + immediates) from a body or a
 * constant expression. The single decoder of instructions: the validator,
 * the compiler, the constant evaluator and the disassembler all use it. */
#ifndef BIN_INSTR_H
#define BIN_INSTR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../base/diag.h"
#include "../base/reader.h"
#include "module.h"

/* Immediate kinds (column 5 of opcodes.def). */
typedef enum bin_imm_kind {
    IMM_NONE,
    IMM_BLOCKTYPE,     /* block, loop, if */
    IMM_LABEL,         /* br, br_if: label depth */
    IMM_BR_TABLE,      /* vec(label) label */
    IMM_FUNC,          /* call, return_call, ref.func: func index */
    IMM_CALL_INDIRECT, /* type index, table index */
    IMM_LOCAL,         /* local.get/set/tee */
    IMM_GLOBAL,        /* global.get/set */
    IMM_TABLE,         /* table.get/set/size/grow/fill */
    IMM_MEMARG,        /* loads/stores: align, offset (memory index when multi-memory) */
    IMM_MEMORY,        /* memory.size/grow/fill: memory index (a zero byte in 2.0) */
    IMM_I32, IMM_I64, IMM_F32, IMM_F64, IMM_V128,
    IMM_SELECT_T,      /* vec(valtype), exactly one in 2.0 */
    IMM_REFTYPE,       /* ref.null */
    IMM_MEMORY_INIT,   /* data index, memory index */
    IMM_DATA,          /* data.drop */
    IMM_MEMORY_COPY,   /* dst memory, src memory */
    IMM_TABLE_INIT,    /* elem index, table index */
    IMM_ELEM,          /* elem.drop */
    IMM_TABLE_COPY,    /* dst table, src table */
    IMM_SHUFFLE,       /* i8x16.shuffle: 16 lane indices */
    IMM_LANE,          /* extract/replace lane: one lane index byte */
    IMM_MEMARG_LANE,   /* v128.loadN_lane / storeN_lane: memarg then lane */
    /* Exception handling. */
    IMM_TAG,           /* throw, catch: tag index */
    IMM_TRY_TABLE,     /* blocktype, vec(catch clause) */
    /* Function references. */
    IMM_TYPE,          /* call_ref, return_call_ref: type index */
    IMM_KIND_COUNT_
} bin_imm_kind_t;

typedef enum bin_feature {
    FEAT_MVP, FEAT_SIGNEXT, FEAT_SATCONV, FEAT_MULTIVALUE, FEAT_BULK, FEAT_REFTYPES, FEAT_SIMD,
    FEAT_TAIL_CALL,
    FEAT_RELAXED_SIMD,
    FEAT_EXCEPTIONS,
    FEAT_FUNCREFS,     /* typed function references */
} bin_feature_t;

/* try_table catch clause kinds (their binary encodings). */
enum { CATCH_TAG = 0, CATCH_TAG_REF = 1, CATCH_ALL = 2, CATCH_ALL_REF = 3 };
typedef struct bin_catch {
    uint8_t kind;              /* CATCH_* */
    uint32_t tag_idx;          /* CATCH_TAG, CATCH_TAG_REF */
    uint32_t label;            /* label depth, outside the try_table */
} bin_catch_t;

/* OP_<NAME> for every row of opcodes.def, in table order. */
typedef enum bin_op {
#define OP(name, prefix, code, text, imm, sig, feature) OP_##name,
#include "opcodes.def"
#undef OP
    OP_COUNT_
} bin_op_t;

/* One row of opcodes.def. */
typedef struct bin_opinfo {
    const char *name;      /* text mnemonic, "i32.add" */
    uint8_t prefix;        /* 0, 0xFC or 0xFD */
    uint32_t code;         /* byte or sub-opcode */
    bin_imm_kind_t imm;
    const char *sig;       /* "ii:i" for simple instructions, NULL for special ones */
    bin_feature_t feature;
} bin_opinfo_t;
extern const bin_opinfo_t bin_opinfo[OP_COUNT_];

enum { BT_EMPTY, BT_VALTYPE, BT_TYPEIDX };

typedef struct bin_instr {
    bin_op_t op;
    size_t offset;               /* of the opcode's first byte, in the module */
    union {
        /* block, loop, if, try; try_table adds its catch clauses (scratch
         * storage of the reader, valid until the next read) */
        struct {
            uint8_t kind; bin_valtype_t valtype; uint32_t type_idx;
            uint32_t ncatches; const bin_catch_t *catches;
        } block;
        uint32_t idx;            /* label depth, func/local/global/table/elem/data/memory idx */
        struct { uint32_t type_idx, table_idx; } call_indirect;
        struct { uint32_t align_log2; uint64_t offset; uint32_t mem_idx; uint8_t lane; } memarg;
        struct { uint32_t count; const uint32_t *labels; uint32_t default_label; } br_table;
        struct { uint32_t a, b; } pair; /* memory.init/table.init: (seg, mem/table); copies: (dst, src) */
        int32_t i32;
        int64_t i64;
        uint32_t f32_bits;
        uint64_t f64_bits;
        uint8_t bytes16[16];     /* v128.const value, i8x16.shuffle lanes */
        bin_valtype_t reftype;   /* ref.null: the nullable reference to its heap type */
        struct { uint32_t count; bin_valtype_t type; } select;
        uint8_t lane;
    } imm;
} bin_instr_t;

/* Holds the reader and scratch storage (br_table labels, valid until the
 * next read). */
typedef struct bin_instr_reader {
    base_reader_t r;
    uint32_t *labels;
    size_t labels_cap;
    bin_catch_t *catches;
    size_t catches_cap;
    uint32_t off_features;     /* bit 1 << FEAT_*: that feature's opcodes are illegal */
    /* Immediate forms of later proposals (true until the decoder turns them
     * off): memory indices in memarg (flag bit 6) and in memory.size ...
     * memory.copy instead of a zero byte; 64-bit memarg offsets. */
    bool multi_memory, memory64;
} bin_instr_reader_t;

/* module_start: start of the module bytes (for offsets); code..code+size the
 * instructions to read. Every opcode is legal until off_features is set. */
void bin_instr_reader_init(bin_instr_reader_t *ir, const uint8_t *module_start,
                           const uint8_t *code, size_t size);
void bin_instr_reader_fini(bin_instr_reader_t *ir);
/* Reads one instruction. false on malformed input (diag: "unexpected end",
 * "illegal opcode", "integer too large", "zero byte expected", ...). */
bool bin_read_instr(bin_instr_reader_t *ir, bin_instr_t *out, base_diag_t *diag);

#endif
