/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* instr.c — instructions of the text format (spec "Text Format:
 * Instructions"): plain, structured (flat block/loop/if/try_table ... end)
 * and folded (s-expression) forms, with their immediates; labels and
 * locals resolve by name. Opcodes come from the engine's opcodes.def plus
 * ops3.def (3.0 proposals). */
#include "parse.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../binary/instr.h"

/* Immediate kinds beyond bin_imm_kind_t, for ops3.def. */
enum {
    TIMM_TYPE = IMM_KIND_COUNT_ + 1, TIMM_TYPE_FIELD, TIMM_TYPE_U32, TIMM_TYPE_DATA,
    TIMM_TYPE_ELEM, TIMM_TYPE_TYPE, TIMM_TAG, TIMM_REF_TEST, TIMM_BR_ON_CAST,
};

typedef struct txt_op {
    const char *name;
    uint8_t prefix;
    uint32_t code;
    int imm;
} txt_op_t;

static const txt_op_t ops[] = {
#define OP(name, prefix, code, text, imm, sig, feature) {text, prefix, code, imm},
#include "../binary/opcodes.def"
#undef OP
#define X(text, prefix, code, imm) {text, prefix, code, imm},
#include "ops3.def"
#undef X
};
#define NOPS (sizeof ops / sizeof ops[0])

/* Open-addressing hash of mnemonic -> ops[] index, built once. */
#define HASH_SIZE 2048
static uint16_t op_hash[HASH_SIZE]; /* index + 1; 0 = empty */
static pthread_once_t op_hash_once = PTHREAD_ONCE_INIT;

static uint32_t hash_text(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static void build_hash(void)
{
    for (size_t i = 0; i < NOPS; i++) {
        if (i > 0 && strcmp(ops[i].name, ops[i - 1].name) == 0)
            continue; /* select / select (t): the first row; typed select is parsed by hand */
        uint32_t h = hash_text(ops[i].name, strlen(ops[i].name)) & (HASH_SIZE - 1);
        while (op_hash[h])
            h = (h + 1) & (HASH_SIZE - 1);
        op_hash[h] = (uint16_t)(i + 1);
    }
}

static const txt_op_t *find_op(const txt_tok_t *t)
{
    pthread_once(&op_hash_once, build_hash);
    if (t->kind != TK_KEYWORD)
        return NULL;
    for (uint32_t h = hash_text(t->text, t->len) & (HASH_SIZE - 1); op_hash[h];
         h = (h + 1) & (HASH_SIZE - 1)) {
        const txt_op_t *op = &ops[op_hash[h] - 1];
        if (strlen(op->name) == t->len && memcmp(op->name, t->text, t->len) == 0)
            return op;
    }
    return NULL;
}

static void emit_op(txt_buf_t *out, uint8_t prefix, uint32_t code)
{
    if (prefix) {
        txt_buf_byte(out, prefix);
        txt_buf_u64(out, code);
    } else {
        txt_buf_byte(out, (uint8_t)code);
    }
}

static bool is_block_kw(const txt_tok_t *t)
{
    return txt_tok_is(t, "block") || txt_tok_is(t, "loop") || txt_tok_is(t, "if") ||
           txt_tok_is(t, "try_table") || txt_tok_is(t, "try");
}

bool txt_at_instr(const txt_parser_t *p)
{
    const txt_tok_t *t = txt_cur(p);
    if (p->pos >= p->end)
        return false;
    if (t->kind == TK_LPAREN)
        t = txt_peek(p, 1);
    return t->kind == TK_KEYWORD && (is_block_kw(t) || find_op(t));
}

/* ---- labels ------------------------------------------------------------------ */

static bool push_label(txt_parser_t *p, txt_name_t name)
{
    return txt_names_push(&p->labels, name) || txt_fail(p, txt_cur(p), "out of memory");
}

static bool label_idx(txt_parser_t *p, uint32_t *out)
{
    const txt_tok_t *t = txt_cur(p);
    if (!txt_at_idx(p))
        return txt_expected(p, "a label");
    p->pos++;
    if (t->kind == TK_ID) {
        for (uint32_t i = p->labels.len; i-- > 0;) {
            const txt_name_t *l = &p->labels.v[i];
            if (l->s && l->n == t->name_len && memcmp(l->s, t->name, l->n) == 0) {
                *out = p->labels.len - 1 - i;
                return true;
            }
        }
        return txt_fail(p, t, "unknown label $%.*s", (int)t->name_len, t->name);
    }
    uint64_t v;
    if (!txt_parse_uint(t, 32, &v))
        return txt_fail(p, t, "%s", txt_number_error(t));
    *out = (uint32_t)v;
    return true;
}

/* `end $l` / `else $l`: an id, if present, must repeat the block's label. */
static bool closing_id(txt_parser_t *p, txt_name_t label)
{
    const txt_tok_t *t = txt_cur(p);
    if (p->pos >= p->end || t->kind != TK_ID)
        return true;
    p->pos++;
    if (!label.s || label.n != t->name_len || memcmp(label.s, t->name, label.n) != 0)
        return txt_fail(p, t, "mismatching label $%.*s", (int)t->name_len, t->name);
    return true;
}

/* ---- immediates ------------------------------------------------------------------ */

static bool local_idx(txt_parser_t *p, uint32_t *out)
{
    if (!txt_at_idx(p))
        return txt_expected(p, "a local index");
    return txt_resolve(p, &p->locals, &p->t[p->pos++], "local", out);
}

/* The natural alignment (log2 bytes) from the mnemonic: i64.load32_s -> 2. */
static uint32_t natural_align(const char *name)
{
    const char *dot = strchr(name, '.');
    const char *m = dot ? strstr(dot, "load") : NULL;
    if (!m)
        m = dot ? strstr(dot, "store") : NULL;
    unsigned bits = 0;
    if (m) {
        m += m[0] == 'l' ? 4 : 5;
        if (*m >= '0' && *m <= '9') {
            bits = (unsigned)strtoul(m, (char **)&m, 10);
            if (*m == 'x')
                bits *= (unsigned)strtoul(m + 1, NULL, 10);
        }
    }
    if (!bits)
        bits = name[0] == 'v' ? 128 : (unsigned)strtoul(name + 1, NULL, 10);
    uint32_t log2 = 0;
    while ((8u << log2) < bits)
        log2++;
    return log2;
}

/* keyword `offset=N` / `align=N`: the number after '='. */
static bool kw_value(txt_parser_t *p, const char *key, uint64_t *out, bool *present)
{
    const txt_tok_t *t = txt_cur(p);
    size_t n = strlen(key);
    *present = false;
    if (p->pos >= p->end || t->kind != TK_KEYWORD || t->len <= n || memcmp(t->text, key, n) != 0)
        return true;
    txt_tok_t num = *t;
    num.kind = TK_NUM;
    num.text += n;
    num.len -= (uint32_t)n;
    if (num.text[0] == '+' || num.text[0] == '-' || !txt_parse_uint(&num, 64, out))
        return txt_fail(p, t, "malformed %.*s value", (int)(n - 1), key);
    *present = true;
    p->pos++;
    return true;
}

static bool memarg(txt_parser_t *p, const txt_op_t *op, bool mem_first, txt_buf_t *out)
{
    uint32_t mem_idx = 0;
    uint64_t offset = 0, align = 0;
    bool has_offset, has_align;
    if (mem_first && txt_at_idx(p) && !txt_parse_idx(p, SP_MEM, &mem_idx))
        return false;
    if (!kw_value(p, "offset=", &offset, &has_offset) || !kw_value(p, "align=", &align, &has_align))
        return false;
    uint32_t align_log2 = natural_align(op->name);
    if (has_align) {
        if (align == 0 || (align & (align - 1)))
            return txt_fail(p, &p->t[p->pos - 1], "alignment must be a power of two");
        for (align_log2 = 0; (1ull << align_log2) < align; align_log2++)
            ;
    }
    txt_buf_u64(out, align_log2 | (mem_idx ? 0x40 : 0));
    if (mem_idx)
        txt_buf_u64(out, mem_idx);
    txt_buf_u64(out, offset);
    return true;
}

static bool lane_u8(txt_parser_t *p, txt_buf_t *out)
{
    const txt_tok_t *t = txt_cur(p);
    uint64_t v;
    if (p->pos >= p->end || t->kind != TK_NUM)
        return txt_expected(p, "a lane index");
    if (!txt_parse_uint(t, 8, &v))
        return txt_fail(p, t, "malformed lane index");
    p->pos++;
    txt_buf_byte(out, (uint8_t)v);
    return true;
}

static bool number_fail(txt_parser_t *p, const txt_tok_t *t, const char *what)
{
    if (p->pos >= p->end || (t->kind != TK_NUM && t->kind != TK_KEYWORD))
        return txt_expected(p, what);
    return txt_fail(p, t, "%s (%s)", txt_number_error(t), what);
}

/* One lane/scalar of `shape`: i8 i16 i32 i64 f32 f64, little-endian bytes. */
static bool scalar(txt_parser_t *p, char kind, unsigned bits, txt_buf_t *out)
{
    const txt_tok_t *t = txt_cur(p);
    uint64_t v = 0;
    uint32_t f32;
    bool ok;
    if (kind == 'i')
        ok = txt_parse_int(t, bits, &v);
    else if (bits == 32)
        ok = txt_parse_f32(t, &f32), v = f32;
    else
        ok = txt_parse_f64(t, &v);
    if (!ok || p->pos >= p->end)
        return number_fail(p, t, kind == 'i' ? (bits == 64 ? "i64 constant" : "i32 constant")
                                             : "float constant");
    p->pos++;
    for (unsigned i = 0; i < bits / 8; i++)
        txt_buf_byte(out, (uint8_t)(v >> (8 * i)));
    return true;
}

static bool v128_const(txt_parser_t *p, txt_buf_t *out)
{
    static const struct { const char *shape; char kind; unsigned bits; } shapes[] = {
        {"i8x16", 'i', 8}, {"i16x8", 'i', 16}, {"i32x4", 'i', 32}, {"i64x2", 'i', 64},
        {"f32x4", 'f', 32}, {"f64x2", 'f', 64},
    };
    for (size_t s = 0; s < 6; s++) {
        if (!txt_at_kw(p, shapes[s].shape))
            continue;
        p->pos++;
        for (unsigned i = 0; i < 128 / shapes[s].bits; i++)
            if (!scalar(p, shapes[s].kind, shapes[s].bits, out))
                return false;
        return true;
    }
    return txt_expected(p, "a vector shape (i8x16 ... f64x2)");
}

/* A reftype operand of ref.test/ref.cast/br_on_cast: nullable flag + heap type. */
static bool cast_type(txt_parser_t *p, bool *nullable, txt_buf_t *heap)
{
    txt_buf_t rt = {0};
    bool ok = txt_reftype(p, &rt);
    if (ok && rt.len && (rt.data[0] == 0x63 || rt.data[0] == 0x64)) {
        *nullable = rt.data[0] == 0x63;
        txt_buf_bytes(heap, rt.data + 1, rt.len - 1);
    } else if (ok) {
        *nullable = true; /* funcref = (ref null func): same code as the heap type */
        txt_buf_bytes(heap, rt.data, rt.len);
    }
    txt_buf_fini(&rt);
    return ok;
}

static bool idx_pair(txt_parser_t *p, int space, txt_buf_t *out)
{
    uint32_t a = 0, b = 0;
    if (txt_at_idx(p) && (!txt_parse_idx(p, space, &a) || !txt_parse_idx(p, space, &b)))
        return false;
    txt_buf_u64(out, a);
    txt_buf_u64(out, b);
    return true;
}

/* `x? y`: an optional first index, then a required one; written y then x. */
static bool opt_then_idx(txt_parser_t *p, int first_space, int second_space, txt_buf_t *out)
{
    uint32_t a = 0, b;
    size_t save = p->pos;
    if (txt_at_idx(p)) {
        p->pos++;
        bool two = txt_at_idx(p);
        p->pos = save;
        if (two && !txt_parse_idx(p, first_space, &a))
            return false;
    }
    if (!txt_parse_idx(p, second_space, &b))
        return false;
    txt_buf_u64(out, b);
    txt_buf_u64(out, a);
    return true;
}

static bool type_then(txt_parser_t *p, int second_space, txt_buf_t *out)
{
    uint32_t t, x;
    if (!txt_parse_idx(p, SP_TYPE, &t))
        return false;
    txt_buf_u64(out, t);
    if (second_space < 0)
        return true;
    if (second_space == SP_COUNT) { /* a field of t */
        if (!txt_parse_field_idx(p, t, &x))
            return false;
    } else if (second_space == SP_COUNT + 1) { /* a count */
        if (!txt_parse_u32(p, &x))
            return false;
    } else if (!txt_parse_idx(p, second_space, &x)) {
        return false;
    }
    txt_buf_u64(out, x);
    return true;
}

static bool opt_idx(txt_parser_t *p, int space, txt_buf_t *out)
{
    uint32_t x = 0;
    if (txt_at_idx(p) && !txt_parse_idx(p, space, &x))
        return false;
    txt_buf_u64(out, x);
    return true;
}

static bool immediates(txt_parser_t *p, const txt_op_t *op, txt_buf_t *out)
{
    uint32_t x;
    uint64_t v;
    const txt_tok_t *t = txt_cur(p);
    switch (op->imm) {
    case IMM_NONE: return true;
    case IMM_LABEL:
        if (!label_idx(p, &x))
            return false;
        txt_buf_u64(out, x);
        return true;
    case IMM_BR_TABLE: {
        txt_buf_t labels = {0};
        uint32_t n = 0;
        bool ok = true;
        while (ok && txt_at_idx(p)) {
            ok = label_idx(p, &x);
            txt_buf_u64(&labels, x);
            n++;
        }
        if (ok && n == 0)
            ok = txt_expected(p, "a label");
        txt_buf_u64(out, n - 1);
        txt_buf_bytes(out, labels.data, labels.len);
        txt_buf_fini(&labels);
        return ok;
    }
    case IMM_FUNC: case IMM_GLOBAL: case IMM_DATA: case IMM_ELEM: case TIMM_TAG: case IMM_TAG:
        if (!txt_parse_idx(p, op->imm == IMM_FUNC ? SP_FUNC : op->imm == IMM_GLOBAL ? SP_GLOBAL
                              : op->imm == IMM_DATA ? SP_DATA : op->imm == IMM_ELEM ? SP_ELEM
                                                                                    : SP_TAG, &x))
            return false;
        if (op->imm == IMM_DATA)
            p->uses_data_idx = true;
        txt_buf_u64(out, x);
        return true;
    case IMM_CALL_INDIRECT: {
        uint32_t table_idx = 0, type_idx;
        if (txt_at_idx(p) && !txt_parse_idx(p, SP_TABLE, &table_idx))
            return false;
        if (!txt_typeuse(p, &type_idx, NULL))
            return false;
        txt_buf_u64(out, type_idx);
        txt_buf_u64(out, table_idx);
        return true;
    }
    case IMM_LOCAL:
        if (!local_idx(p, &x))
            return false;
        txt_buf_u64(out, x);
        return true;
    case IMM_TABLE: return opt_idx(p, SP_TABLE, out);
    case IMM_MEMORY: return opt_idx(p, SP_MEM, out);
    case IMM_MEMARG: return memarg(p, op, true, out);
    case IMM_MEMARG_LANE: {
        /* memidx? memarg lane: a first index is a memory only if another follows */
        size_t save = p->pos;
        bool mem = false;
        if (txt_at_idx(p)) {
            p->pos++;
            mem = txt_at_idx(p) || txt_cur(p)->kind == TK_KEYWORD;
            p->pos = save;
        }
        return memarg(p, op, mem, out) && lane_u8(p, out);
    }
    case IMM_I32: case IMM_I64:
        if (!txt_parse_int(t, op->imm == IMM_I32 ? 32 : 64, &v) || p->pos >= p->end)
            return number_fail(p, t, op->imm == IMM_I32 ? "i32 constant" : "i64 constant");
        p->pos++;
        txt_buf_s64(out, op->imm == IMM_I32 ? (int64_t)(int32_t)(uint32_t)v : (int64_t)v);
        return true;
    case IMM_F32: return scalar(p, 'f', 32, out);
    case IMM_F64: return scalar(p, 'f', 64, out);
    case IMM_V128: return v128_const(p, out);
    case IMM_REFTYPE: return txt_heaptype(p, out);
    case IMM_MEMORY_INIT: p->uses_data_idx = true; return opt_then_idx(p, SP_MEM, SP_DATA, out);
    case IMM_TABLE_INIT: return opt_then_idx(p, SP_TABLE, SP_ELEM, out);
    case IMM_MEMORY_COPY: return idx_pair(p, SP_MEM, out);
    case IMM_TABLE_COPY: return idx_pair(p, SP_TABLE, out);
    case IMM_SHUFFLE:
        for (int i = 0; i < 16; i++)
            if (!lane_u8(p, out))
                return false;
        return true;
    case IMM_LANE: return lane_u8(p, out);
    case IMM_TYPE: case TIMM_TYPE: return type_then(p, -1, out);
    case TIMM_TYPE_FIELD: return type_then(p, SP_COUNT, out);
    case TIMM_TYPE_U32: return type_then(p, SP_COUNT + 1, out);
    case TIMM_TYPE_DATA: p->uses_data_idx = true; return type_then(p, SP_DATA, out);
    case TIMM_TYPE_ELEM: return type_then(p, SP_ELEM, out);
    case TIMM_TYPE_TYPE: return type_then(p, SP_TYPE, out);
    default: return txt_fail(p, t, "internal: immediate kind %d", op->imm);
    }
}

/* Encodes a plain (non-block) instruction whose keyword is at the cursor. */
static bool plain(txt_parser_t *p, txt_buf_t *out)
{
    const txt_tok_t *t = txt_cur(p);
    const txt_op_t *op = find_op(t);
    if (!op)
        return txt_fail(p, t, "unknown operator '%.*s'", (int)(t->len > 40 ? 40 : t->len), t->text);
    p->pos++;
    if (txt_tok_is(t, "select") && txt_at_lparen_kw(p, "result")) {
        txt_buf_t types = {0};
        uint32_t n = 0;
        bool ok = true;
        while (ok && txt_at_lparen_kw(p, "result")) {
            p->pos += 2;
            while (ok && txt_at_valtype(p))
                ok = txt_valtype(p, &types), n++;
            ok = ok && txt_expect_rparen(p);
        }
        txt_buf_byte(out, 0x1C);
        txt_buf_u64(out, n);
        txt_buf_bytes(out, types.data, types.len);
        txt_buf_fini(&types);
        return ok;
    }
    if (op->imm == TIMM_REF_TEST) {
        bool nullable = false;
        txt_buf_t heap = {0};
        bool ok = cast_type(p, &nullable, &heap);
        emit_op(out, op->prefix, op->code + nullable);
        txt_buf_bytes(out, heap.data, heap.len);
        txt_buf_fini(&heap);
        return ok;
    }
    if (op->imm == TIMM_BR_ON_CAST) {
        uint32_t label;
        bool n1 = false, n2 = false;
        txt_buf_t h1 = {0}, h2 = {0};
        bool ok = label_idx(p, &label) && cast_type(p, &n1, &h1) && cast_type(p, &n2, &h2);
        emit_op(out, op->prefix, op->code);
        txt_buf_byte(out, (uint8_t)(n1 | (n2 << 1)));
        txt_buf_u64(out, label);
        txt_buf_bytes(out, h1.data, h1.len);
        txt_buf_bytes(out, h2.data, h2.len);
        txt_buf_fini(&h1);
        txt_buf_fini(&h2);
        return ok;
    }
    emit_op(out, op->prefix, op->code);
    return immediates(p, op, out);
}

/* ---- blocks ------------------------------------------------------------------------ */

static bool instr(txt_parser_t *p, txt_buf_t *out);

/* try_table catch clauses: (catch x l) (catch_ref x l) (catch_all l) (catch_all_ref l) */
static bool catch_clauses(txt_parser_t *p, txt_buf_t *out)
{
    static const char *const kinds[] = {"catch", "catch_ref", "catch_all", "catch_all_ref"};
    txt_buf_t clauses = {0};
    uint32_t n = 0;
    bool ok = true;
    for (;;) {
        int k = -1;
        for (int i = 0; i < 4; i++)
            if (txt_at_lparen_kw(p, kinds[i]))
                k = i;
        if (k < 0 || !ok)
            break;
        p->pos += 2;
        uint32_t tag = 0, label = 0;
        txt_buf_byte(&clauses, (uint8_t)k);
        if (k < 2) {
            ok = txt_parse_idx(p, SP_TAG, &tag);
            txt_buf_u64(&clauses, tag);
        }
        ok = ok && label_idx(p, &label) && txt_expect_rparen(p);
        txt_buf_u64(&clauses, label);
        n++;
    }
    txt_buf_u64(out, n);
    txt_buf_bytes(out, clauses.data, clauses.len);
    txt_buf_fini(&clauses);
    return ok;
}

static uint8_t block_opcode(const txt_tok_t *t)
{
    return txt_tok_is(t, "block") ? 0x02 : txt_tok_is(t, "loop") ? 0x03 : txt_tok_is(t, "if") ? 0x04
           : txt_tok_is(t, "try") ? 0x06 : 0x1F;
}

/* The else branch of an if: the `else` opcode is left out when the branch
 * is empty (the binary abbreviation the reference encoder and wabt use). */
static bool else_branch(txt_parser_t *p, txt_buf_t *out)
{
    txt_buf_t body = {0};
    bool ok = txt_instrs(p, &body);
    if (body.len)
        txt_buf_byte(out, 0x05);
    txt_buf_bytes(out, body.data, body.len);
    out->oom |= body.oom;
    txt_buf_fini(&body);
    return ok;
}

/* Flat: block label? bt instr* end id? (and if/else, try_table, legacy try). */
static bool flat_block(txt_parser_t *p, txt_buf_t *out)
{
    uint8_t opcode = block_opcode(txt_cur(p));
    p->pos++;
    txt_name_t label = txt_opt_id(p);
    txt_buf_byte(out, opcode);
    if (!txt_blocktype(p, out) || (opcode == 0x1F && !catch_clauses(p, out)) ||
        !push_label(p, label) || !txt_instrs(p, out))
        return false;
    if (opcode == 0x04 && txt_at_kw(p, "else")) {
        p->pos++;
        if (!closing_id(p, label) || !else_branch(p, out))
            return false;
    }
    if (opcode == 0x06) {
        while (txt_at_kw(p, "catch") || txt_at_kw(p, "catch_all")) {
            bool all = txt_at_kw(p, "catch_all");
            p->pos++;
            txt_buf_byte(out, all ? 0x19 : 0x07);
            uint32_t tag;
            if (!all) {
                if (!txt_parse_idx(p, SP_TAG, &tag))
                    return false;
                txt_buf_u64(out, tag);
            }
            if (!txt_instrs(p, out))
                return false;
        }
        if (txt_at_kw(p, "delegate")) {
            p->pos++;
            p->labels.len--;
            uint32_t l;
            if (!label_idx(p, &l))
                return false;
            txt_buf_byte(out, 0x18);
            txt_buf_u64(out, l);
            return true;
        }
    }
    if (!txt_expect_kw(p, "end"))
        return false;
    p->labels.len--;
    txt_buf_byte(out, 0x0B);
    return closing_id(p, label);
}

/* (if label? bt cond* (then instr*) (else instr*)?) */
static bool folded_if(txt_parser_t *p, txt_buf_t *out)
{
    txt_name_t label = txt_opt_id(p);
    txt_buf_t bt = {0};
    bool ok = txt_blocktype(p, &bt);
    while (ok && p->pos < p->end && txt_cur(p)->kind == TK_LPAREN && !txt_at_lparen_kw(p, "then"))
        ok = instr(p, out);
    txt_buf_byte(out, 0x04);
    txt_buf_bytes(out, bt.data, bt.len);
    txt_buf_fini(&bt);
    if (!ok || !txt_expect_lparen(p) || !txt_expect_kw(p, "then") || !push_label(p, label) ||
        !txt_instrs(p, out) || !txt_expect_rparen(p))
        return false;
    if (txt_at_lparen_kw(p, "else")) {
        p->pos += 2;
        if (!else_branch(p, out) || !txt_expect_rparen(p))
            return false;
    }
    p->labels.len--;
    txt_buf_byte(out, 0x0B);
    return txt_expect_rparen(p);
}

/* (try label? bt (do instr*) (catch x instr*)* (catch_all instr*)? | (delegate l)) */
static bool folded_try(txt_parser_t *p, txt_buf_t *out)
{
    txt_name_t label = txt_opt_id(p);
    txt_buf_byte(out, 0x06);
    if (!txt_blocktype(p, out) || !push_label(p, label) || !txt_expect_lparen(p) ||
        !txt_expect_kw(p, "do") || !txt_instrs(p, out) || !txt_expect_rparen(p))
        return false;
    while (txt_at_lparen_kw(p, "catch") || txt_at_lparen_kw(p, "catch_all")) {
        bool all = txt_at_lparen_kw(p, "catch_all");
        p->pos += 2;
        txt_buf_byte(out, all ? 0x19 : 0x07);
        uint32_t tag;
        if (!all) {
            if (!txt_parse_idx(p, SP_TAG, &tag))
                return false;
            txt_buf_u64(out, tag);
        }
        if (!txt_instrs(p, out) || !txt_expect_rparen(p))
            return false;
    }
    p->labels.len--;
    if (txt_at_lparen_kw(p, "delegate")) {
        p->pos += 2;
        uint32_t l;
        if (!label_idx(p, &l) || !txt_expect_rparen(p))
            return false;
        txt_buf_byte(out, 0x18);
        txt_buf_u64(out, l);
        return txt_expect_rparen(p);
    }
    txt_buf_byte(out, 0x0B);
    return txt_expect_rparen(p);
}

static bool folded(txt_parser_t *p, txt_buf_t *out)
{
    p->pos++; /* "(" */
    const txt_tok_t *kw = txt_cur(p);
    if (txt_tok_is(kw, "if")) {
        p->pos++;
        return folded_if(p, out);
    }
    if (txt_tok_is(kw, "try")) {
        p->pos++;
        return folded_try(p, out);
    }
    if (is_block_kw(kw)) {
        uint8_t opcode = block_opcode(kw);
        p->pos++;
        txt_name_t label = txt_opt_id(p);
        txt_buf_byte(out, opcode);
        if (!txt_blocktype(p, out) || (opcode == 0x1F && !catch_clauses(p, out)) ||
            !push_label(p, label) || !txt_instrs(p, out))
            return false;
        p->labels.len--;
        txt_buf_byte(out, 0x0B);
        return txt_expect_rparen(p);
    }
    /* (plain imm* folded*): operands first, then the instruction */
    txt_buf_t self = {0};
    bool ok = plain(p, &self);
    while (ok && p->pos < p->end && txt_cur(p)->kind == TK_LPAREN)
        ok = instr(p, out);
    txt_buf_bytes(out, self.data, self.len);
    out->oom |= self.oom;
    txt_buf_fini(&self);
    return ok && txt_expect_rparen(p);
}

static bool instr(txt_parser_t *p, txt_buf_t *out)
{
    const txt_tok_t *t = txt_cur(p);
    if (p->depth >= TXT_MAX_DEPTH)
        return txt_fail(p, t, "instructions nested too deeply (limit %d)", TXT_MAX_DEPTH);
    if (t->kind == TK_LPAREN || is_block_kw(t)) {
        p->depth++;
        bool ok = t->kind == TK_LPAREN ? folded(p, out) : flat_block(p, out);
        p->depth--;
        return ok;
    }
    if (t->kind != TK_KEYWORD)
        return txt_expected(p, "an instruction");
    return plain(p, out);
}

static bool at_terminator(const txt_parser_t *p)
{
    const txt_tok_t *t = txt_cur(p);
    return p->pos >= p->end || t->kind == TK_RPAREN || t->kind == TK_EOF ||
           txt_tok_is(t, "end") || txt_tok_is(t, "else") || txt_tok_is(t, "catch") ||
           txt_tok_is(t, "catch_all") || txt_tok_is(t, "delegate");
}

bool txt_instrs(txt_parser_t *p, txt_buf_t *out)
{
    while (!at_terminator(p))
        if (!instr(p, out))
            return false;
    return true;
}

bool txt_expr(txt_parser_t *p, txt_buf_t *out)
{
    if (!txt_instrs(p, out))
        return false;
    if (p->pos < p->end && txt_cur(p)->kind != TK_RPAREN && txt_cur(p)->kind != TK_EOF)
        return txt_expected(p, "an instruction or ')'");
    txt_buf_byte(out, 0x0B);
    return true;
}
