/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* instr.c — decodes one instruction (opcode + immediates) per opcodes.def.
 * Opcode lookup is O(1) through per-prefix tables built once (pthread_once).
 * Structure (block/end nesting) is the caller's business. */
#include "instr.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "../base/alloc.h"
#include "binread.h"
#include "wasmcell.h"

_Static_assert(OP_COUNT_ < 0xFFFF, "opcode ids must fit the lookup tables");

enum { FC_CODES = 32, FD_CODES = 0x114 }; /* 0xFD: up to relaxed SIMD's 0x113 */
/* Entries hold op+1; 0 marks an illegal opcode. */
static uint16_t op_byte[256], op_fc[FC_CODES], op_fd[FD_CODES];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void build_tables(void)
{
    for (unsigned i = 0; i < OP_COUNT_; i++) {
        const bin_opinfo_t *info = &bin_opinfo[i];
        uint16_t v = (uint16_t)(i + 1);
        if (info->prefix == 0) op_byte[info->code] = v;
        else if (info->prefix == 0xFC) op_fc[info->code] = v;
        else op_fd[info->code] = v;
    }
}

const char *bin_rd_reason(base_rd_status_t s)
{
    return s == RD_EOF ? BIN_EOF_REASON : base_rd_status_message(s);
}

static bool is_reftype(uint8_t b) { return b == VT_FUNCREF || b == VT_EXTERNREF || b == VT_EXNREF; }

static bool is_valtype(uint8_t b)
{
    return b == VT_I32 || b == VT_I64 || b == VT_F32 || b == VT_F64 || b == VT_V128 || is_reftype(b);
}

/* The abstract heap types of GC (any, eq, i31, struct, array and the
 * bottoms none, nofunc, noextern, noexn), as type bytes. */
static bool is_gc_heaptype(uint8_t b) { return (b >= 0x6A && b <= 0x6E) || (b >= 0x71 && b <= 0x74); }

const char BIN_GC_REASON[] = "not implemented: GC types (struct, array, any, eq, i31 and the bottom types)";

bool bin_read_heaptype(base_reader_t *r, bin_valtype_t *out, const char **reason)
{
    const uint8_t *at = r->pos;
    int64_t v;
    base_rd_status_t s = base_read_s33(r, &v);
    if (s) {
        *reason = bin_rd_reason(s);
        return false;
    }
    if (v >= 0) {
        if (v > VT_MAX_TYPE_IDX) {
            r->pos = at;
            *reason = "unknown type";
            return false;
        }
        *out = vt_concrete((uint32_t)v, true);
        return true;
    }
    uint8_t b = (uint8_t)(v & 0x7F);
    if (v < -64 || !is_reftype(b)) {
        r->pos = at;
        *reason = v >= -64 && is_gc_heaptype(b) ? BIN_GC_REASON : "malformed reference type";
        return false;
    }
    *out = b;
    return true;
}

static bool read_type(base_reader_t *r, bin_valtype_t *out, const char **reason, bool ref_only,
                      bool typed)
{
    uint8_t b;
    if (base_read_u8(r, &b)) {
        *reason = BIN_EOF_REASON;
        return false;
    }
    if (b & 0x80) {
        *reason = "integer representation too long";
        return false;
    }
    if (typed && (b == 0x63 || b == 0x64)) { /* (ref null ht), (ref ht) */
        if (!bin_read_heaptype(r, out, reason)) return false;
        if (b == 0x64) *out |= VT_NONNULL;
        return true;
    }
    if (ref_only ? !is_reftype(b) : !is_valtype(b)) {
        r->pos--;
        *reason = typed && is_gc_heaptype(b) ? BIN_GC_REASON : "malformed reference type";
        return false;
    }
    *out = b;
    return true;
}

bool bin_read_valtype(base_reader_t *r, bin_valtype_t *out, const char **reason, bool typed)
{
    return read_type(r, out, reason, false, typed);
}

bool bin_read_reftype(base_reader_t *r, bin_valtype_t *out, const char **reason, bool typed)
{
    return read_type(r, out, reason, true, typed);
}

bool bin_read_len(base_reader_t *r, uint32_t *out, const char **reason)
{
    const uint8_t *at = r->pos;
    base_rd_status_t s = base_read_u32(r, out);
    if (s) {
        *reason = bin_rd_reason(s);
        return false;
    }
    /* As in the reference decoder, the bytes of the length itself count
     * as available. */
    if (*out > (size_t)(r->end - at)) {
        r->pos = at;
        *reason = "length out of bounds";
        return false;
    }
    return true;
}

void bin_instr_reader_init(bin_instr_reader_t *ir, const uint8_t *module_start,
                           const uint8_t *code, size_t size)
{
    ir->r.start = module_start;
    ir->r.pos = code;
    ir->r.end = code + size;
    ir->labels = NULL;
    ir->labels_cap = 0;
    ir->catches = NULL;
    ir->catches_cap = 0;
    ir->off_features = 0;
    ir->multi_memory = ir->memory64 = true;
    pthread_once(&tables_once, build_tables);
}

void bin_instr_reader_fini(bin_instr_reader_t *ir)
{
    base_free(ir->labels);
    ir->labels = NULL;
    ir->labels_cap = 0;
    base_free(ir->catches);
    ir->catches = NULL;
    ir->catches_cap = 0;
}

static bool fail_at(bin_instr_reader_t *ir, base_diag_t *d, const char *reason)
{
    int status = reason == BIN_GC_REASON ? WASMCELL_ERR_UNSUPPORTED : WASMCELL_ERR_MALFORMED;
    return base_diag_fail(d, status, base_reader_offset(&ir->r), reason, NULL);
}

static bool fail_rd(bin_instr_reader_t *ir, base_diag_t *d, base_rd_status_t s)
{
    return fail_at(ir, d, bin_rd_reason(s));
}

static bool read_u32(bin_instr_reader_t *ir, uint32_t *out, base_diag_t *d)
{
    base_rd_status_t s = base_read_u32(&ir->r, out);
    return s == RD_OK || fail_rd(ir, d, s);
}

/* memory.size/grow/fill/init/copy carry a reserved memory index that must
 * be the single byte 0x00 in 2.0. */
static bool read_zero(bin_instr_reader_t *ir, base_diag_t *d)
{
    uint8_t b;
    base_rd_status_t s = base_read_u8(&ir->r, &b);
    if (s) return fail_rd(ir, d, s);
    if (b != 0) {
        ir->r.pos--;
        return fail_at(ir, d, "zero byte expected");
    }
    return true;
}

static bool read_bytes16(bin_instr_reader_t *ir, uint8_t *out, base_diag_t *d)
{
    const uint8_t *p;
    base_rd_status_t s = base_read_bytes(&ir->r, 16, &p);
    if (s) return fail_rd(ir, d, s);
    memcpy(out, p, 16);
    return true;
}

static bool read_lane(bin_instr_reader_t *ir, uint8_t *out, base_diag_t *d)
{
    base_rd_status_t s = base_read_u8(&ir->r, out);
    return s == RD_OK || fail_rd(ir, d, s);
}

/* memarg: flags, [memory index], offset. The alignment exponent must be
 * < 32 in 2.0; with multiple memories flag bit 6 announces a memory index
 * (Binary Format: memarg, flags < 128); with memory64 the offset is a u64
 * (the validator bounds it by the memory's address type). Whether the
 * alignment exceeds the natural one is a validation question. */
static bool read_memarg(bin_instr_reader_t *ir, bin_instr_t *out, base_diag_t *d)
{
    uint32_t align, mem_idx = 0;
    uint64_t offset;
    if (!read_u32(ir, &align, d)) return false;
    bool has_idx = ir->multi_memory && (align & 0x40);
    if (has_idx) align &= ~0x40u;
    if (align >= (ir->multi_memory ? 64u : 32u)) {
        ir->r.pos--;
        return fail_at(ir, d, "malformed memop flags");
    }
    if (has_idx && !read_u32(ir, &mem_idx, d)) return false;
    if (ir->memory64) {
        base_rd_status_t s = base_read_u64(&ir->r, &offset);
        if (s) return fail_rd(ir, d, s);
    } else {
        uint32_t off32;
        if (!read_u32(ir, &off32, d)) return false;
        offset = off32;
    }
    out->imm.memarg.align_log2 = align;
    out->imm.memarg.offset = offset;
    out->imm.memarg.mem_idx = mem_idx;
    out->imm.memarg.lane = 0;
    return true;
}

/* A memory index: a u32 with multiple memories, else a reserved zero byte. */
static bool read_memidx(bin_instr_reader_t *ir, uint32_t *out, base_diag_t *d)
{
    *out = 0;
    return ir->multi_memory ? read_u32(ir, out, d) : read_zero(ir, d);
}

#define TYPED(ir) (!((ir)->off_features >> FEAT_FUNCREFS & 1))

/* exnref is no type while exception handling is off (a 2.0 decoder). */
static bool check_exnref(bin_instr_reader_t *ir, bin_valtype_t t, base_diag_t *d)
{
    if (vt_kind(t) != VT_EXNREF || !(ir->off_features >> FEAT_EXCEPTIONS & 1)) return true;
    ir->r.pos--;
    return fail_at(ir, d, "malformed reference type");
}

/* blocktype: a non-negative s33 type index, 0x40 (empty) or a value type,
 * tried in that order as the reference decoder does. */
static bool read_blocktype(bin_instr_reader_t *ir, bin_instr_t *out, base_diag_t *d)
{
    base_reader_t *r = &ir->r;
    const uint8_t *at = r->pos;
    int64_t idx;
    out->imm.block.valtype = 0;
    out->imm.block.type_idx = 0;
    out->imm.block.ncatches = 0;
    out->imm.block.catches = NULL;
    if (base_read_s33(r, &idx) == RD_OK && idx >= 0) {
        out->imm.block.kind = BT_TYPEIDX;
        out->imm.block.type_idx = (uint32_t)idx;
        return true;
    }
    r->pos = at;
    if (r->pos < r->end && *r->pos == 0x40) {
        r->pos++;
        out->imm.block.kind = BT_EMPTY;
        return true;
    }
    const char *reason;
    if (!bin_read_valtype(r, &out->imm.block.valtype, &reason, TYPED(ir))) return fail_at(ir, d, reason);
    out->imm.block.kind = BT_VALTYPE;
    return check_exnref(ir, out->imm.block.valtype, d);
}

static bool read_br_table(bin_instr_reader_t *ir, bin_instr_t *out, base_diag_t *d)
{
    uint32_t count;
    const char *reason;
    if (!bin_read_len(&ir->r, &count, &reason)) return fail_at(ir, d, reason);
    if (count > ir->labels_cap) {
        size_t cap = ir->labels_cap ? ir->labels_cap : 16;
        while (cap < count) cap *= 2;
        uint32_t *p = base_realloc(ir->labels, cap * sizeof *p);
        if (!p)
            return base_diag_fail(d, WASMCELL_ERR_NOMEM, base_reader_offset(&ir->r), "out of memory", NULL);
        ir->labels = p;
        ir->labels_cap = cap;
    }
    for (uint32_t i = 0; i < count; i++)
        if (!read_u32(ir, &ir->labels[i], d)) return false;
    out->imm.br_table.count = count;
    out->imm.br_table.labels = ir->labels;
    return read_u32(ir, &out->imm.br_table.default_label, d);
}

/* try_table: blocktype, then vec(catch): a kind byte (0 catch, 1 catch_ref,
 * 2 catch_all, 3 catch_all_ref), a tag index for the first two, a label. */
static bool read_try_table(bin_instr_reader_t *ir, bin_instr_t *out, base_diag_t *d)
{
    uint32_t count;
    const char *reason;
    if (!read_blocktype(ir, out, d)) return false;
    if (!bin_read_len(&ir->r, &count, &reason)) return fail_at(ir, d, reason);
    if (count > ir->catches_cap) {
        size_t cap = ir->catches_cap ? ir->catches_cap : 8;
        while (cap < count) cap *= 2;
        bin_catch_t *p = base_realloc(ir->catches, cap * sizeof *p);
        if (!p)
            return base_diag_fail(d, WASMCELL_ERR_NOMEM, base_reader_offset(&ir->r), "out of memory", NULL);
        ir->catches = p;
        ir->catches_cap = cap;
    }
    for (uint32_t i = 0; i < count; i++) {
        bin_catch_t *c = &ir->catches[i];
        base_rd_status_t s = base_read_u8(&ir->r, &c->kind);
        if (s) return fail_rd(ir, d, s);
        if (c->kind > CATCH_ALL_REF) {
            ir->r.pos--;
            return fail_at(ir, d, "malformed handler kind");
        }
        c->tag_idx = 0;
        if (c->kind <= CATCH_TAG_REF && !read_u32(ir, &c->tag_idx, d)) return false;
        if (!read_u32(ir, &c->label, d)) return false;
    }
    out->imm.block.ncatches = count;
    out->imm.block.catches = ir->catches;
    return true;
}

/* select t*: the count is kept for the validator (2.0 requires exactly one). */
static bool read_select_t(bin_instr_reader_t *ir, bin_instr_t *out, base_diag_t *d)
{
    uint32_t count;
    const char *reason;
    if (!bin_read_len(&ir->r, &count, &reason)) return fail_at(ir, d, reason);
    out->imm.select.count = count;
    out->imm.select.type = 0;
    for (uint32_t i = 0; i < count; i++) {
        bin_valtype_t t;
        if (!bin_read_valtype(&ir->r, &t, &reason, TYPED(ir))) return fail_at(ir, d, reason);
        if (!check_exnref(ir, t, d)) return false;
        if (i == 0) out->imm.select.type = t;
    }
    return true;
}

static bool read_pair(bin_instr_reader_t *ir, bin_instr_t *out, base_diag_t *d)
{
    return read_u32(ir, &out->imm.pair.a, d) && read_u32(ir, &out->imm.pair.b, d);
}

static bool read_imm(bin_instr_reader_t *ir, bin_imm_kind_t kind, bin_instr_t *out, base_diag_t *d)
{
    base_reader_t *r = &ir->r;
    base_rd_status_t s = RD_OK;
    const char *reason;
    switch (kind) {
    case IMM_NONE: return true;
    case IMM_BLOCKTYPE: return read_blocktype(ir, out, d);
    case IMM_LABEL: case IMM_FUNC: case IMM_LOCAL: case IMM_GLOBAL: case IMM_TABLE:
    case IMM_DATA: case IMM_ELEM: case IMM_TAG: case IMM_TYPE:
        return read_u32(ir, &out->imm.idx, d);
    case IMM_TRY_TABLE: return read_try_table(ir, out, d);
    case IMM_BR_TABLE: return read_br_table(ir, out, d);
    case IMM_CALL_INDIRECT:
        return read_u32(ir, &out->imm.call_indirect.type_idx, d) &&
               read_u32(ir, &out->imm.call_indirect.table_idx, d);
    case IMM_MEMARG: return read_memarg(ir, out, d);
    case IMM_MEMORY: return read_memidx(ir, &out->imm.idx, d);
    case IMM_I32: s = base_read_s32(r, &out->imm.i32); break;
    case IMM_I64: s = base_read_s64(r, &out->imm.i64); break;
    case IMM_F32: s = base_read_f32(r, &out->imm.f32_bits); break;
    case IMM_F64: s = base_read_f64(r, &out->imm.f64_bits); break;
    case IMM_V128: case IMM_SHUFFLE: return read_bytes16(ir, out->imm.bytes16, d);
    case IMM_SELECT_T: return read_select_t(ir, out, d);
    case IMM_REFTYPE:
        /* 2.0: funcref or externref; function references: a heap type. */
        if (!(TYPED(ir) ? bin_read_heaptype(r, &out->imm.reftype, &reason)
                        : bin_read_reftype(r, &out->imm.reftype, &reason, false)))
            return fail_at(ir, d, reason);
        return check_exnref(ir, out->imm.reftype, d);
    case IMM_MEMORY_INIT:
        return read_u32(ir, &out->imm.pair.a, d) && read_memidx(ir, &out->imm.pair.b, d);
    case IMM_MEMORY_COPY:
        return read_memidx(ir, &out->imm.pair.a, d) && read_memidx(ir, &out->imm.pair.b, d);
    case IMM_TABLE_INIT: case IMM_TABLE_COPY: return read_pair(ir, out, d);
    case IMM_LANE: return read_lane(ir, &out->imm.lane, d);
    case IMM_MEMARG_LANE:
        return read_memarg(ir, out, d) && read_lane(ir, &out->imm.memarg.lane, d);
    case IMM_KIND_COUNT_: break;
    }
    return s == RD_OK || fail_rd(ir, d, s);
}

static bool illegal(bin_instr_reader_t *ir, base_diag_t *d, size_t at, unsigned prefix, uint32_t code)
{
    char detail[48];
    if (prefix) snprintf(detail, sizeof detail, "opcode 0x%02x %u", prefix, code);
    else snprintf(detail, sizeof detail, "opcode 0x%02x", code);
    return base_diag_fail(d, WASMCELL_ERR_MALFORMED, at, "illegal opcode", "%s", detail);
}

bool bin_read_instr(bin_instr_reader_t *ir, bin_instr_t *out, base_diag_t *diag)
{
    base_reader_t *r = &ir->r;
    size_t at = base_reader_offset(r);
    uint8_t b;
    base_rd_status_t s = base_read_u8(r, &b);
    if (s) return fail_rd(ir, diag, s);
    uint16_t v;
    unsigned prefix = 0;
    uint32_t code = b;
    if (b == 0xFC || b == 0xFD) {
        prefix = b;
        s = base_read_u32(r, &code);
        if (s) return fail_rd(ir, diag, s);
        if (b == 0xFC) v = code < FC_CODES ? op_fc[code] : 0;
        else v = code < FD_CODES ? op_fd[code] : 0;
    } else {
        v = op_byte[b];
    }
    /* An opcode of a feature turned off reads as before the feature existed. */
    if (!v || (ir->off_features >> bin_opinfo[v - 1].feature & 1))
        return illegal(ir, diag, at, prefix, code);
    out->op = (bin_op_t)(v - 1);
    out->offset = at;
    return read_imm(ir, bin_opinfo[out->op].imm, out, diag);
}
