/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_opcodes.c — the opcode table (opcodes.def) and bin_read_instr: every
 * row decodes back to itself with its immediates, unassigned opcodes are
 * illegal, signatures are well formed and NULL exactly where typing is
 * special. */
#include <stdint.h>
#include "binary/instr.h"
#include "check.h"
#include "instr_encode.h"
#include "wasmcell.h"

/* The reader lives until the next call: br_table labels point into it.
 * wasm20: read with 2.0's immediates (no memory indices, 32-bit offsets). */
static bin_instr_reader_t ir;
static bool wasm20;

static bool read_one(const uint8_t *b, size_t n, bin_instr_t *in, base_diag_t *d, size_t *used)
{
    bin_instr_reader_fini(&ir);
    bin_instr_reader_init(&ir, b, b, n);
    if (wasm20) ir.multi_memory = ir.memory64 = false;
    memset(d, 0, sizeof *d);
    bool ok = bin_read_instr(&ir, in, d);
    *used = base_reader_offset(&ir.r);
    return ok;
}

static void test_opcodes_counts_and_uniqueness(void)
{
    int n[3] = {0, 0, 0}, relaxed = 0;
    for (int i = 0; i < OP_COUNT_; i++) {
        const bin_opinfo_t *a = &bin_opinfo[i];
        CHECK(a->prefix == 0 || a->prefix == 0xFC || a->prefix == 0xFD);
        n[a->prefix == 0 ? 0 : a->prefix == 0xFC ? 1 : 2]++;
        if (a->feature == FEAT_RELAXED_SIMD) {
            relaxed++;
            CHECK_MSG(a->prefix == 0xFD && a->code >= 0x100 && a->code <= 0x113, "%s", a->name);
        }
        CHECK(a->prefix != 0 || a->code < 256);
        for (int k = 0; k < i; k++) {
            const bin_opinfo_t *b = &bin_opinfo[k];
            CHECK_MSG(!(a->prefix == b->prefix && a->code == b->code), "%s / %s", a->name, b->name);
            /* the two `select` rows share a mnemonic, nothing else does */
            CHECK_MSG(strcmp(a->name, b->name) != 0 || !strcmp(a->name, "select"), "%s", a->name);
        }
    }
    CHECK(n[1] == 18);   /* 8 saturating truncations + 10 bulk/table ops */
    CHECK(n[2] == 256);  /* the 2.0 SIMD set (256 codes minus 20 reserved) + relaxed SIMD */
    CHECK(relaxed == 20); /* 0xFD 0x100-0x113 */
    /* 183 of 2.0 + return_call, return_call_indirect (3.0) + 8 exception handling
     * + 5 function references (call_ref, return_call_ref, ref.as_non_null,
     * br_on_null, br_on_non_null) */
    CHECK(n[0] == 198);
    CHECK(bin_opinfo[OP_I32_ADD].code == 0x6A && bin_opinfo[OP_I32_ADD].prefix == 0);
    CHECK(bin_opinfo[OP_I32X4_DOT_I16X8_S].code == 0xBA);
    CHECK(bin_opinfo[OP_F64X2_CONVERT_LOW_I32X4_U].code == 0xFF);
    CHECK(bin_opinfo[OP_I8X16_RELAXED_SWIZZLE].code == 0x100);
    CHECK(bin_opinfo[OP_I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S].code == 0x113);
    CHECK(bin_opinfo[OP_TABLE_FILL].prefix == 0xFC && bin_opinfo[OP_TABLE_FILL].code == 17);
    CHECK(bin_opinfo[OP_SELECT_T].code == 0x1C && bin_opinfo[OP_SELECT_T].imm == IMM_SELECT_T);
    CHECK_STR(bin_opinfo[OP_ELSE].name, "else");
    CHECK_STR(bin_opinfo[OP_END].name, "end");
}

static bool sig_char_ok(char c) { return c && strchr("iIfFvrx", c); }

static void test_opcodes_signatures(void)
{
    static const char *const special[] = {
        "unreachable", "block", "loop", "if", "else", "end", "br", "br_if", "br_table", "return",
        "call", "call_indirect", "return_call", "return_call_indirect", "try", "catch", "throw",
        "rethrow", "throw_ref", "delegate", "catch_all", "try_table", "drop", "select", "local.get", "local.set", "local.tee",
        "global.get", "global.set", "table.get", "table.set", "memory.size", "memory.grow",
        "ref.null", "ref.is_null", "ref.func", "memory.init", "data.drop", "memory.copy",
        "memory.fill", "table.init", "elem.drop", "table.copy", "table.grow", "table.size",
        "table.fill", "call_ref", "return_call_ref", "ref.as_non_null", "br_on_null",
        "br_on_non_null",
    };
    for (int i = 0; i < OP_COUNT_; i++) {
        const bin_opinfo_t *a = &bin_opinfo[i];
        bool is_special = false;
        for (size_t k = 0; k < sizeof special / sizeof special[0]; k++)
            if (!strcmp(a->name, special[k])) is_special = true;
        CHECK_MSG((a->sig == NULL) == is_special, "%s", a->name);
        if (!a->sig) continue;
        const char *colon = strchr(a->sig, ':');
        CHECK_MSG(colon && !strchr(colon + 1, ':'), "%s: %s", a->name, a->sig);
        for (const char *p = a->sig; *p; p++) CHECK_MSG(p == colon || sig_char_ok(*p), "%s: %s", a->name, a->sig);
        /* a few spot checks */
        if (!strcmp(a->name, "i64.extend_i32_u")) CHECK_STR(a->sig, "i:I");
        if (!strcmp(a->name, "v128.bitselect")) CHECK_STR(a->sig, "vvv:v");
        if (!strcmp(a->name, "i64x2.replace_lane")) CHECK_STR(a->sig, "vI:v");
        if (!strcmp(a->name, "f32x4.demote_f64x2_zero")) CHECK_STR(a->sig, "v:v");
        if (!strcmp(a->name, "i8x16.bitmask")) CHECK_STR(a->sig, "v:i");
        if (!strcmp(a->name, "f32x4.relaxed_madd")) CHECK_STR(a->sig, "vvv:v");
        if (!strcmp(a->name, "i32x4.relaxed_trunc_f64x2_u_zero")) CHECK_STR(a->sig, "v:v");
    }
}

static void check_imm(const bin_instr_t *in, bin_imm_kind_t kind)
{
    switch (kind) {
    case IMM_BLOCKTYPE: CHECK(in->imm.block.kind == BT_EMPTY); break;
    case IMM_LABEL: case IMM_FUNC: case IMM_LOCAL: case IMM_GLOBAL: case IMM_TABLE:
    case IMM_DATA: case IMM_ELEM: case IMM_TAG: case IMM_TYPE:
        CHECK(in->imm.idx == 133);
        break;
    case IMM_TRY_TABLE:
        CHECK(in->imm.block.kind == BT_EMPTY && in->imm.block.ncatches == 1 &&
              in->imm.block.catches[0].kind == CATCH_ALL_REF && in->imm.block.catches[0].label == 2);
        break;
    case IMM_BR_TABLE:
        CHECK(in->imm.br_table.count == 2 && in->imm.br_table.labels[0] == 1 &&
              in->imm.br_table.labels[1] == 2 && in->imm.br_table.default_label == 3);
        break;
    case IMM_CALL_INDIRECT: CHECK(in->imm.call_indirect.type_idx == 7 && in->imm.call_indirect.table_idx == 1); break;
    case IMM_MEMARG: CHECK(in->imm.memarg.align_log2 == 2 && in->imm.memarg.offset == 144); break;
    case IMM_I32: CHECK(in->imm.i32 == -1); break;
    case IMM_I64: CHECK(in->imm.i64 == -128); break;
    case IMM_F32: CHECK(in->imm.f32_bits == 0x3F800000u); break;
    case IMM_F64: CHECK(in->imm.f64_bits == 0x3FF0000000000000ull); break;
    case IMM_V128: case IMM_SHUFFLE: CHECK(in->imm.bytes16[0] == 1 && in->imm.bytes16[15] == 16); break;
    case IMM_SELECT_T: CHECK(in->imm.select.count == 1 && in->imm.select.type == VT_V128); break;
    case IMM_REFTYPE: CHECK(in->imm.reftype == VT_EXTERNREF); break;
    case IMM_MEMORY_INIT: CHECK(in->imm.pair.a == 3 && in->imm.pair.b == 0); break;
    case IMM_TABLE_INIT: case IMM_TABLE_COPY: CHECK(in->imm.pair.a == 4 && in->imm.pair.b == 1); break;
    case IMM_LANE: CHECK(in->imm.lane == 3); break;
    case IMM_MEMARG_LANE:
        CHECK(in->imm.memarg.align_log2 == 0 && in->imm.memarg.offset == 4 && in->imm.memarg.lane == 1);
        break;
    case IMM_NONE: case IMM_MEMORY: case IMM_MEMORY_COPY: case IMM_KIND_COUNT_: break;
    }
}

static void test_opcodes_every_row_decodes(void)
{
    for (int i = 0; i < OP_COUNT_; i++) {
        uint8_t buf[32];
        size_t n = enc_row((bin_op_t)i, buf), used;
        buf[n] = 0xEE; /* not consumed */
        bin_instr_t in;
        base_diag_t d;
        CHECK_MSG(read_one(buf, n + 1, &in, &d, &used), "%s: %s", bin_opinfo[i].name, d.message);
        CHECK_MSG(in.op == (bin_op_t)i && used == n && in.offset == 0, "%s", bin_opinfo[i].name);
        check_imm(&in, bin_opinfo[i].imm);
    }
}

/* A prefixed sub-opcode may use a padded LEB128. */
static void test_opcodes_padded_subopcode(void)
{
    const uint8_t b[] = {0xFD, 0x80, 0x80, 0x00, 0x00, 0x00};
    bin_instr_t in;
    base_diag_t d;
    size_t used;
    CHECK(read_one(b, sizeof b, &in, &d, &used) && in.op == OP_V128_LOAD && used == 6);
    const uint8_t c[] = {0xFC, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
    CHECK(!read_one(c, sizeof c, &in, &d, &used));
    CHECK_STR(d.reason, "integer representation too long");
}

static void test_opcodes_unassigned_are_illegal(void)
{
    bool used_byte[256] = {false}, used_fd[300] = {false};
    for (int i = 0; i < OP_COUNT_; i++) {
        if (bin_opinfo[i].prefix == 0) used_byte[bin_opinfo[i].code] = true;
        if (bin_opinfo[i].prefix == 0xFD) used_fd[bin_opinfo[i].code] = true;
    }
    int illegal = 0;
    for (unsigned b = 0; b < 256; b++) {
        if (used_byte[b] || b == 0xFC || b == 0xFD) continue;
        uint8_t buf[4] = {(uint8_t)b, 0, 0, 0};
        bin_instr_t in;
        base_diag_t d;
        size_t used;
        CHECK_MSG(!read_one(buf, sizeof buf, &in, &d, &used), "0x%02x", b);
        CHECK_STR(d.reason, "illegal opcode");
        CHECK(d.status == WASMCELL_ERR_MALFORMED && d.offset == 0);
        illegal++;
    }
    CHECK(illegal == 256 - 198 - 2);
    for (unsigned c = 0; c < 300; c++) {
        uint8_t buf[8] = {0xFD};
        size_t n = 1 + enc_uleb(c, buf + 1);
        bin_instr_t in;
        base_diag_t d;
        size_t used;
        if (used_fd[c]) continue;
        CHECK_MSG(!read_one(buf, n + 4, &in, &d, &used), "0xfd %u", c);
        CHECK_STR(d.reason, "illegal opcode");
    }
    for (unsigned c = 18; c < 200; c++) {
        uint8_t buf[8] = {0xFC};
        size_t n = 1 + enc_uleb(c, buf + 1);
        bin_instr_t in;
        base_diag_t d;
        size_t used;
        CHECK_MSG(!read_one(buf, n, &in, &d, &used), "0xfc %u", c);
        CHECK_STR(d.reason, "illegal opcode");
    }
}

static void test_instr_immediate_errors(void)
{
    bin_instr_t in;
    base_diag_t d;
    size_t used;
    wasm20 = true;
    const uint8_t align32[] = {0x28, 0x20, 0x00};
    CHECK(!read_one(align32, sizeof align32, &in, &d, &used));
    CHECK_STR(d.reason, "malformed memop flags");
    const uint8_t align31[] = {0x28, 0x1F, 0x00};
    CHECK(read_one(align31, sizeof align31, &in, &d, &used) && in.imm.memarg.align_log2 == 31);
    const uint8_t size_nonzero[] = {0x3F, 0x01};
    CHECK(!read_one(size_nonzero, sizeof size_nonzero, &in, &d, &used));
    CHECK_STR(d.reason, "zero byte expected");
    const uint8_t copy_nonzero[] = {0xFC, 0x0A, 0x00, 0x01};
    CHECK(!read_one(copy_nonzero, sizeof copy_nonzero, &in, &d, &used));
    CHECK_STR(d.reason, "zero byte expected");
    /* Wasm 3.0: memarg flag bit 6 announces a memory index, alignments up
     * to 63 decode (validation bounds them), offsets are u64; memory.size
     * and memory.copy take memory indices */
    wasm20 = false;
    CHECK(read_one(align32, sizeof align32, &in, &d, &used) && in.imm.memarg.align_log2 == 32);
    const uint8_t with_idx[] = {0x28, 0x42, 0x07, 0x80, 0x80, 0x80, 0x80, 0x10};
    CHECK(read_one(with_idx, sizeof with_idx, &in, &d, &used) && in.imm.memarg.align_log2 == 2 &&
          in.imm.memarg.mem_idx == 7 && in.imm.memarg.offset == 1ull << 32);
    const uint8_t flags128[] = {0x28, 0x80, 0x01, 0x00};
    CHECK(!read_one(flags128, sizeof flags128, &in, &d, &used));
    CHECK_STR(d.reason, "malformed memop flags");
    CHECK(read_one(size_nonzero, sizeof size_nonzero, &in, &d, &used) && in.imm.idx == 1);
    CHECK(read_one(copy_nonzero, sizeof copy_nonzero, &in, &d, &used) && in.imm.pair.a == 0 &&
          in.imm.pair.b == 1);
    const uint8_t bt_idx[] = {0x02, 0x85, 0x01};
    CHECK(read_one(bt_idx, sizeof bt_idx, &in, &d, &used));
    CHECK(in.imm.block.kind == BT_TYPEIDX && in.imm.block.type_idx == 133);
    const uint8_t bt_val[] = {0x03, 0x7E};
    CHECK(read_one(bt_val, sizeof bt_val, &in, &d, &used));
    CHECK(in.imm.block.kind == BT_VALTYPE && in.imm.block.valtype == VT_I64);
    const uint8_t bt_big[] = {0x04, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
    CHECK(read_one(bt_big, sizeof bt_big, &in, &d, &used) && in.imm.block.type_idx == UINT32_MAX);
    const uint8_t sel0[] = {0x1C, 0x00};
    CHECK(read_one(sel0, sizeof sel0, &in, &d, &used) && in.imm.select.count == 0);
    const uint8_t sel2[] = {0x1C, 0x02, 0x7F, 0x7E};
    CHECK(read_one(sel2, sizeof sel2, &in, &d, &used) && in.imm.select.count == 2 && used == 4);
    /* a br_table much longer than the scratch buffer's first size */
    uint8_t big[1 + 3 + 1000 + 1];
    size_t n = 0;
    big[n++] = 0x0E;
    n += enc_uleb(1000, big + n);
    for (int i = 0; i < 1000; i++) big[n++] = (uint8_t)(i & 0x7F);
    big[n++] = 0x00;
    CHECK(read_one(big, n, &in, &d, &used) && in.imm.br_table.count == 1000 && in.imm.br_table.labels[999] == (999 & 0x7F));
}

int main(void)
{
    RUN(test_opcodes_counts_and_uniqueness);
    RUN(test_opcodes_signatures);
    RUN(test_opcodes_every_row_decodes);
    RUN(test_opcodes_padded_subopcode);
    RUN(test_opcodes_unassigned_are_illegal);
    RUN(test_instr_immediate_errors);
    bin_instr_reader_fini(&ir);
    return 0;
}
