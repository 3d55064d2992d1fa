/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* module.c — text module -> binary module (spec "Text Format: Modules").
 * Pass 1 collects the $ids of every index space (imports come first, so
 * order of appearance is index order), then the type definitions; pass 2
 * encodes the other fields into per-section buffers, which are assembled
 * in binary section order with a name section for the $ids. */
#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/utf8.h"

/* A name string: UTF-8 checked (names in imports and exports). */
static bool parse_name(txt_parser_t *p, txt_buf_t *out)
{
    const txt_tok_t *t = txt_cur(p);
    txt_buf_t b = {0};
    if (p->pos >= p->end || t->kind != TK_STRING)
        return txt_expected(p, "a name string");
    txt_string_decode(t, &b);
    p->pos++;
    bool ok = base_utf8_valid(b.data, b.len);
    if (ok)
        txt_buf_name(out, b.data, b.len);
    txt_buf_fini(&b);
    return ok || txt_fail(p, t, "malformed UTF-8 encoding");
}

/* ---- pass 1: names ------------------------------------------------------------- */

static bool declare(txt_parser_t *p, int space, txt_name_t name, const txt_tok_t *at)
{
    if (name.s && txt_names_find(&p->names[space], name.s, name.n) >= 0)
        return txt_fail(p, at, "duplicate %s $%.*s", txt_space_name(space), (int)name.n, name.s);
    if (!txt_names_push(&p->names[space], name))
        return txt_fail(p, at, "out of memory");
    return true;
}

static int field_space(const txt_tok_t *kw)
{
    static const char *const kws[] = {"func", "table", "memory", "global", "tag", "elem", "data"};
    static const int spaces[] = {SP_FUNC, SP_TABLE, SP_MEM, SP_GLOBAL, SP_TAG, SP_ELEM, SP_DATA};
    for (size_t i = 0; i < sizeof kws / sizeof kws[0]; i++)
        if (txt_tok_is(kw, kws[i]))
            return spaces[i];
    return -1;
}

/* Does the field at toks[at] ("(" kw ...) contain a top-level "(" sub ...? */
static bool has_child(const txt_parser_t *p, size_t at, const char *sub)
{
    size_t end = p->t[at].match;
    for (size_t i = at + 2; i < end; i++) {
        if (p->t[i].kind != TK_LPAREN)
            continue;
        if (txt_tok_is(&p->t[i + 1], sub))
            return true;
        i = p->t[i].match;
    }
    return false;
}

static bool collect_names(txt_parser_t *p, size_t begin, size_t end)
{
    for (size_t i = begin; i < end; i = p->t[i].match + 1) {
        if (p->t[i].kind != TK_LPAREN)
            return txt_fail(p, &p->t[i], "unexpected token, expected a module field");
        const txt_tok_t *kw = &p->t[i + 1];
        const txt_tok_t *id = &p->t[i + 2];
        txt_name_t name = {id->kind == TK_ID ? id->name : NULL, id->kind == TK_ID ? id->name_len : 0};
        int space = field_space(kw);
        if (txt_tok_is(kw, "type")) {
            if (!declare(p, SP_TYPE, name, id))
                return false;
        } else if (txt_tok_is(kw, "rec")) {
            for (size_t j = i + 2; j < p->t[i].match; j = p->t[j].match + 1) {
                if (p->t[j].kind != TK_LPAREN)
                    return txt_fail(p, &p->t[j], "unexpected token, expected (type ...)");
                const txt_tok_t *rid = &p->t[j + 2];
                txt_name_t rn = {rid->kind == TK_ID ? rid->name : NULL,
                                 rid->kind == TK_ID ? rid->name_len : 0};
                if (!declare(p, SP_TYPE, rn, rid))
                    return false;
            }
        } else if (txt_tok_is(kw, "import")) {
            /* (import "m" "n" (kind $id? ...)) */
            size_t d = i + 2;
            while (d < p->t[i].match && p->t[d].kind == TK_STRING)
                d++;
            if (d < p->t[i].match && p->t[d].kind == TK_LPAREN &&
                (space = field_space(&p->t[d + 1])) >= 0 && space < SP_ELEM) {
                const txt_tok_t *iid = &p->t[d + 2];
                txt_name_t in = {iid->kind == TK_ID ? iid->name : NULL,
                                 iid->kind == TK_ID ? iid->name_len : 0};
                if (!declare(p, space, in, iid))
                    return false;
            }
        } else if (space >= 0) {
            if (!declare(p, space, name, id))
                return false;
            /* inline (elem ...) / (data ...) define an anonymous segment */
            if (space == SP_TABLE && has_child(p, i, "elem") && !declare(p, SP_ELEM, (txt_name_t){0}, id))
                return false;
            if (space == SP_MEM && has_child(p, i, "data") && !declare(p, SP_DATA, (txt_name_t){0}, id))
                return false;
        }
    }
    return true;
}

/* ---- pass 2: fields ------------------------------------------------------------- */

/* Inline exports: (export "name")* for the item `idx` of `kind`. */
static bool inline_exports(txt_parser_t *p, uint8_t kind, uint32_t idx)
{
    while (txt_at_lparen_kw(p, "export")) {
        p->pos += 2;
        if (!parse_name(p, &p->sec[SEC_EXPORT]) || !txt_expect_rparen(p))
            return false;
        txt_buf_byte(&p->sec[SEC_EXPORT], kind);
        txt_buf_u64(&p->sec[SEC_EXPORT], idx);
        p->count[SEC_EXPORT]++;
    }
    return true;
}

/* (import "m" "n") inside a definition: writes the module/name pair. */
static bool inline_import(txt_parser_t *p, bool *is_import)
{
    *is_import = false;
    if (!txt_at_lparen_kw(p, "import"))
        return true;
    const txt_tok_t *at = txt_cur(p);
    if (p->seen_definition)
        return txt_fail(p, at, "import after definition (imports must come first)");
    p->pos += 2;
    *is_import = true;
    p->count[SEC_IMPORT]++;
    return parse_name(p, &p->sec[SEC_IMPORT]) && parse_name(p, &p->sec[SEC_IMPORT]) &&
           txt_expect_rparen(p);
}

static void add_name(txt_parser_t *p, txt_name_t name, uint32_t func_idx)
{
    if (!name.s)
        return;
    txt_buf_u64(&p->func_names, func_idx);
    txt_buf_name(&p->func_names, name.s, name.n);
    p->nfunc_names++;
}

/* Local names of one function (name section subsection 2). */
static void add_local_names(txt_parser_t *p, uint32_t func_idx)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->locals.len; i++)
        n += p->locals.v[i].s != NULL;
    if (!n)
        return;
    txt_buf_u64(&p->local_names, func_idx);
    txt_buf_u64(&p->local_names, n);
    for (uint32_t i = 0; i < p->locals.len; i++)
        if (p->locals.v[i].s) {
            txt_buf_u64(&p->local_names, i);
            txt_buf_name(&p->local_names, p->locals.v[i].s, p->locals.v[i].n);
        }
    p->nlocal_funcs++;
}

/* Appends one run (count, type) of the local declarations to decls. */
static void flush_run(txt_buf_t *decls, const txt_buf_t *type, uint32_t *count, uint32_t *nruns)
{
    if (!*count)
        return;
    txt_buf_u64(decls, *count);
    txt_buf_bytes(decls, type->data, type->len);
    (*nruns)++;
    *count = 0;
}

/* (local $x t) | (local t*): consecutive locals of one type share a run
 * (as wabt and the reference encoder write them). */
static bool locals(txt_parser_t *p, txt_buf_t *decls, uint32_t *nruns)
{
    txt_buf_t run = {0}, t = {0};
    uint32_t count = 0;
    bool ok = true;
    while (ok && txt_at_lparen_kw(p, "local")) {
        p->pos += 2;
        txt_name_t id = txt_opt_id(p);
        if (id.s && txt_names_find(&p->locals, id.s, id.n) >= 0)
            ok = txt_fail(p, &p->t[p->pos - 1], "duplicate local $%.*s", (int)id.n, id.s);
        /* a named local has exactly one type; (local) may be empty */
        for (bool first = true; ok && (id.s ? first : txt_at_valtype(p)); first = false) {
            t.len = 0;
            ok = txt_valtype(p, &t) &&
                 (txt_names_push(&p->locals, id) || txt_fail(p, txt_cur(p), "out of memory"));
            if (ok && (t.len != run.len || (t.len && memcmp(t.data, run.data, t.len) != 0))) {
                flush_run(decls, &run, &count, nruns);
                run.len = 0;
                txt_buf_bytes(&run, t.data, t.len);
            }
            count++;
        }
        ok = ok && txt_expect_rparen(p);
    }
    if (ok)
        flush_run(decls, &run, &count, nruns);
    decls->oom |= run.oom || t.oom;
    txt_buf_fini(&run);
    txt_buf_fini(&t);
    return ok;
}

static bool func_field(txt_parser_t *p, uint32_t func_idx)
{
    txt_name_t name = txt_opt_id(p);
    bool imported;
    add_name(p, name, func_idx);
    if (!inline_exports(p, 0, func_idx) || !inline_import(p, &imported))
        return false;
    uint32_t type_idx;
    txt_names_clear(&p->locals);
    if (!txt_typeuse(p, &type_idx, &p->locals))
        return false;
    if (imported) {
        txt_buf_byte(&p->sec[SEC_IMPORT], 0x00);
        txt_buf_u64(&p->sec[SEC_IMPORT], type_idx);
        add_local_names(p, func_idx);
        return txt_expect_rparen(p);
    }
    p->seen_definition = true;
    txt_buf_u64(&p->sec[SEC_FUNC], type_idx);
    p->count[SEC_FUNC]++;
    txt_buf_t body = {0}, decls = {0};
    uint32_t nruns = 0;
    bool ok = locals(p, &decls, &nruns);
    if (ok) {
        txt_buf_u64(&body, nruns);
        txt_buf_bytes(&body, decls.data, decls.len);
        p->labels.len = 0;
        ok = txt_expr(p, &body) && txt_expect_rparen(p);
    }
    if (ok) {
        txt_buf_name(&p->sec[SEC_CODE], body.data, body.len);
        p->sec[SEC_CODE].oom |= body.oom || decls.oom;
        p->count[SEC_CODE]++;
        add_local_names(p, func_idx);
    }
    txt_buf_fini(&body);
    txt_buf_fini(&decls);
    return ok;
}

/* limits: i64? min max? shared? -> flags + values. Numbers are read as
 * u64 for either index type: a 32-bit limit above 2^32 is then the
 * validator's verdict (3.0), as the binary format would give it. */
static bool limits(txt_parser_t *p, txt_buf_t *out, bool *is64, uint8_t extra_flags_ok)
{
    *is64 = false;
    if (txt_at_kw(p, "i64") || txt_at_kw(p, "i32")) {
        *is64 = txt_at_kw(p, "i64");
        p->pos++;
    }
    uint64_t min, max = 0;
    bool has_max = false;
    if (!txt_parse_u64(p, &min))
        return false;
    if (p->pos < p->end && txt_cur(p)->kind == TK_NUM) {
        has_max = true;
        if (!txt_parse_u64(p, &max))
            return false;
    }
    bool shared = extra_flags_ok && txt_at_kw(p, "shared");
    if (shared)
        p->pos++;
    txt_buf_byte(out, (uint8_t)(has_max | (shared << 1) | (*is64 << 2)));
    txt_buf_u64(out, min);
    if (has_max)
        txt_buf_u64(out, max);
    return true;
}

static bool push_flag(txt_parser_t *p, uint8_t **v, uint32_t idx, bool value)
{
    uint8_t *n = base_realloc(*v, idx + 1);
    if (!n)
        return txt_fail(p, txt_cur(p), "out of memory");
    n[idx] = value;
    *v = n;
    return true;
}

/* An active segment's offset: (offset instr*) or one folded instruction. */
static bool offset_expr(txt_parser_t *p, txt_buf_t *out)
{
    if (txt_at_lparen_kw(p, "offset")) {
        p->pos += 2;
        return txt_expr(p, out) && txt_expect_rparen(p);
    }
    if (p->pos >= p->end || txt_cur(p)->kind != TK_LPAREN)
        return txt_expected(p, "an offset expression");
    size_t close = txt_cur(p)->match;
    size_t saved_end = p->end;
    p->end = close + 1; /* exactly one folded instruction */
    bool ok = txt_expr(p, out);
    p->end = saved_end;
    return ok;
}

static void const_zero(txt_buf_t *out, bool is64)
{
    txt_buf_byte(out, is64 ? 0x42 : 0x41);
    txt_buf_byte(out, 0x00);
    txt_buf_byte(out, 0x0B);
}

/* Function indices as an element list (inline table elem, legacy forms). */
static bool func_indices(txt_parser_t *p, txt_buf_t *items, uint32_t *n)
{
    while (txt_at_idx(p)) {
        uint32_t f;
        if (!txt_parse_idx(p, SP_FUNC, &f))
            return false;
        txt_buf_u64(items, f);
        (*n)++;
    }
    return true;
}

/* Function indices written as `ref.func f end` expressions. */
static bool func_index_exprs(txt_parser_t *p, txt_buf_t *items, uint32_t *n)
{
    while (txt_at_idx(p)) {
        uint32_t f;
        if (!txt_parse_idx(p, SP_FUNC, &f))
            return false;
        txt_buf_byte(items, 0xD2);
        txt_buf_u64(items, f);
        txt_buf_byte(items, 0x0B);
        (*n)++;
    }
    return true;
}

/* Element expressions: (item instr*) or one folded instruction each. */
static bool elem_exprs(txt_parser_t *p, txt_buf_t *items, uint32_t *n)
{
    while (p->pos < p->end && txt_cur(p)->kind == TK_LPAREN) {
        if (txt_at_lparen_kw(p, "item")) {
            p->pos += 2;
            if (!txt_expr(p, items) || !txt_expect_rparen(p))
                return false;
        } else if (!offset_expr(p, items)) {
            return false;
        }
        (*n)++;
    }
    return true;
}

/* An active elem segment for table `table_idx` at offset 0 (inline elem),
 * with the same flags an (elem ...) field would get. */
static void inline_elem_segment(txt_parser_t *p, uint32_t table_idx, bool is64, bool exprs,
                                const txt_buf_t *rt, const txt_buf_t *items, uint32_t n)
{
    txt_buf_t *e = &p->sec[SEC_ELEM];
    bool funcref = !exprs || (rt->len == 1 && rt->data[0] == 0x70);
    bool explicit_table = table_idx != 0 || !funcref;
    txt_buf_u64(e, (exprs ? 4 : 0) | (explicit_table ? 2 : 0));
    if (explicit_table)
        txt_buf_u64(e, table_idx);
    const_zero(e, is64);
    if (explicit_table && exprs)
        txt_buf_bytes(e, rt->data, rt->len);
    else if (explicit_table)
        txt_buf_byte(e, 0x00);
    txt_buf_u64(e, n);
    txt_buf_bytes(e, items->data, items->len);
    p->count[SEC_ELEM]++;
}

static bool table_field(txt_parser_t *p, uint32_t table_idx)
{
    txt_opt_id(p);
    bool imported, is64 = false, inline_elem = false, exprs = false;
    if (!inline_exports(p, 1, table_idx) || !inline_import(p, &imported))
        return false;
    txt_buf_t *out = imported ? &p->sec[SEC_IMPORT] : &p->sec[SEC_TABLE];
    if (imported) {
        txt_buf_byte(out, 0x01);
    } else {
        p->seen_definition = true;
        p->count[SEC_TABLE]++;
    }
    txt_buf_t lim = {0}, rt = {0}, items = {0};
    uint32_t n = 0;
    bool ok;
    size_t save = p->pos;
    if (txt_at_kw(p, "i64") || txt_at_kw(p, "i32"))
        p->pos++;
    bool has_limits = p->pos < p->end && txt_cur(p)->kind == TK_NUM;
    p->pos = save;
    if (has_limits) {
        ok = limits(p, &lim, &is64, 0) && txt_reftype(p, &rt);
    } else {
        /* (table i64? reftype (elem ...)): the size is the element count */
        if (txt_at_kw(p, "i64") || txt_at_kw(p, "i32"))
            is64 = txt_at_kw(p, "i64"), p->pos++;
        inline_elem = true;
        ok = txt_reftype(p, &rt) && txt_expect_lparen(p) && txt_expect_kw(p, "elem");
        exprs = ok && !txt_at_idx(p) && txt_cur(p)->kind == TK_LPAREN;
        /* Function indices for a table of another type than funcref, e.g.
         * (ref null $t): (ref.func f) expressions of the table's type. */
        bool as_exprs = ok && !exprs && !(rt.len == 1 && rt.data[0] == 0x70);
        if (ok)
            ok = exprs ? elem_exprs(p, &items, &n)
                       : as_exprs ? func_index_exprs(p, &items, &n) : func_indices(p, &items, &n);
        exprs = exprs || as_exprs;
        ok = ok && txt_expect_rparen(p);
        txt_buf_byte(&lim, (uint8_t)(0x01 | (is64 << 2)));
        txt_buf_u64(&lim, n);
        txt_buf_u64(&lim, n);
    }
    bool has_init = ok && !imported && !inline_elem && p->pos < p->end &&
                    txt_cur(p)->kind != TK_RPAREN;
    if (has_init) { /* 3.0: a table with an initializer expression */
        txt_buf_byte(out, 0x40);
        txt_buf_byte(out, 0x00);
    }
    txt_buf_bytes(out, rt.data, rt.len);
    txt_buf_bytes(out, lim.data, lim.len);
    if (has_init)
        ok = txt_expr(p, out);
    ok = ok && txt_expect_rparen(p) && push_flag(p, &p->table_is64, table_idx, is64);
    if (ok && inline_elem)
        inline_elem_segment(p, table_idx, is64, exprs, &rt, &items, n);
    txt_buf_fini(&lim);
    txt_buf_fini(&rt);
    txt_buf_fini(&items);
    return ok;
}

static bool memory_field(txt_parser_t *p, uint32_t mem_idx)
{
    txt_opt_id(p);
    bool imported, is64 = false;
    if (!inline_exports(p, 2, mem_idx) || !inline_import(p, &imported))
        return false;
    txt_buf_t *out = imported ? &p->sec[SEC_IMPORT] : &p->sec[SEC_MEM];
    if (imported) {
        txt_buf_byte(out, 0x02);
    } else {
        p->seen_definition = true;
        p->count[SEC_MEM]++;
    }
    size_t save = p->pos;
    if (txt_at_kw(p, "i64") || txt_at_kw(p, "i32"))
        is64 = txt_at_kw(p, "i64"), p->pos++;
    if (!txt_at_lparen_kw(p, "data")) {
        p->pos = save;
        return limits(p, out, &is64, 1) && txt_expect_rparen(p) &&
               push_flag(p, &p->mem_is64, mem_idx, is64);
    }
    /* (memory (data "...")): min = max = the pages the bytes need */
    p->pos += 2;
    txt_buf_t bytes = {0};
    bool ok = txt_parse_strings(p, &bytes, false) && txt_expect_rparen(p) && txt_expect_rparen(p);
    uint64_t pages = (bytes.len + 65535) / 65536;
    txt_buf_byte(out, (uint8_t)(0x01 | (is64 << 2)));
    txt_buf_u64(out, pages);
    txt_buf_u64(out, pages);
    txt_buf_t *d = &p->sec[SEC_DATA];
    txt_buf_u64(d, mem_idx ? 2 : 0);
    if (mem_idx)
        txt_buf_u64(d, mem_idx);
    const_zero(d, is64);
    txt_buf_name(d, bytes.data, bytes.len);
    p->count[SEC_DATA]++;
    txt_buf_fini(&bytes);
    return ok && push_flag(p, &p->mem_is64, mem_idx, is64);
}

/* globaltype: t | (mut t) */
static bool global_type(txt_parser_t *p, txt_buf_t *out)
{
    if (txt_at_lparen_kw(p, "mut")) {
        p->pos += 2;
        bool ok = txt_valtype(p, out) && txt_expect_rparen(p);
        txt_buf_byte(out, 0x01);
        return ok;
    }
    bool ok = txt_valtype(p, out);
    txt_buf_byte(out, 0x00);
    return ok;
}

static bool global_field(txt_parser_t *p, uint32_t global_idx)
{
    txt_opt_id(p);
    bool imported;
    if (!inline_exports(p, 3, global_idx) || !inline_import(p, &imported))
        return false;
    if (imported) {
        txt_buf_byte(&p->sec[SEC_IMPORT], 0x03);
        return global_type(p, &p->sec[SEC_IMPORT]) && txt_expect_rparen(p);
    }
    p->seen_definition = true;
    p->count[SEC_GLOBAL]++;
    return global_type(p, &p->sec[SEC_GLOBAL]) && txt_expr(p, &p->sec[SEC_GLOBAL]) &&
           txt_expect_rparen(p);
}

static bool tag_field(txt_parser_t *p, uint32_t tag_idx)
{
    txt_opt_id(p);
    bool imported;
    if (!inline_exports(p, 4, tag_idx) || !inline_import(p, &imported))
        return false;
    txt_buf_t *out = imported ? &p->sec[SEC_IMPORT] : &p->sec[SEC_TAG];
    if (imported) {
        txt_buf_byte(out, 0x04);
    } else {
        p->seen_definition = true;
        p->count[SEC_TAG]++;
    }
    uint32_t type_idx;
    if (!txt_typeuse(p, &type_idx, NULL))
        return false;
    txt_buf_byte(out, 0x00);
    txt_buf_u64(out, type_idx);
    return txt_expect_rparen(p);
}

/* (import "m" "n" (func|table|memory|global|tag $id? ...)) */
static bool import_field(txt_parser_t *p, uint32_t idx[SP_COUNT])
{
    const txt_tok_t *at = &p->t[p->pos - 1]; /* the keyword */
    if (p->seen_definition)
        return txt_fail(p, at, "import after definition (imports must come first)");
    txt_buf_t *out = &p->sec[SEC_IMPORT];
    p->count[SEC_IMPORT]++;
    if (!parse_name(p, out) || !parse_name(p, out) || !txt_expect_lparen(p))
        return false;
    const txt_tok_t *kw = txt_cur(p);
    int space = field_space(kw);
    p->pos++;
    txt_name_t name = txt_opt_id(p);
    uint32_t type_idx;
    bool is64, ok;
    switch (space) {
    case SP_FUNC:
        add_name(p, name, idx[SP_FUNC]);
        txt_names_clear(&p->locals);
        ok = txt_typeuse(p, &type_idx, &p->locals);
        txt_buf_byte(out, 0x00);
        txt_buf_u64(out, type_idx);
        add_local_names(p, idx[SP_FUNC]);
        break;
    case SP_TABLE: {
        txt_buf_t rt = {0}, lim = {0};
        ok = limits(p, &lim, &is64, 0) && txt_reftype(p, &rt);
        txt_buf_byte(out, 0x01);
        txt_buf_bytes(out, rt.data, rt.len);
        txt_buf_bytes(out, lim.data, lim.len);
        txt_buf_fini(&rt);
        txt_buf_fini(&lim);
        ok = ok && push_flag(p, &p->table_is64, idx[SP_TABLE], is64);
        break;
    }
    case SP_MEM:
        txt_buf_byte(out, 0x02);
        ok = limits(p, out, &is64, 1) && push_flag(p, &p->mem_is64, idx[SP_MEM], is64);
        break;
    case SP_GLOBAL:
        txt_buf_byte(out, 0x03);
        ok = global_type(p, out);
        break;
    case SP_TAG:
        ok = txt_typeuse(p, &type_idx, NULL);
        txt_buf_byte(out, 0x04);
        txt_buf_byte(out, 0x00);
        txt_buf_u64(out, type_idx);
        break;
    default:
        return txt_fail(p, kw, "unexpected token, expected an import description");
    }
    if (ok)
        idx[space]++;
    return ok && txt_expect_rparen(p) && txt_expect_rparen(p);
}

static bool export_field(txt_parser_t *p)
{
    txt_buf_t *out = &p->sec[SEC_EXPORT];
    if (!parse_name(p, out) || !txt_expect_lparen(p))
        return false;
    static const char *const kinds[] = {"func", "table", "memory", "global", "tag"};
    static const int spaces[] = {SP_FUNC, SP_TABLE, SP_MEM, SP_GLOBAL, SP_TAG};
    for (uint8_t k = 0; k < 5; k++) {
        if (!txt_at_kw(p, kinds[k]))
            continue;
        p->pos++;
        uint32_t i;
        if (!txt_parse_idx(p, spaces[k], &i))
            return false;
        txt_buf_byte(out, k);
        txt_buf_u64(out, i);
        p->count[SEC_EXPORT]++;
        return txt_expect_rparen(p) && txt_expect_rparen(p);
    }
    return txt_expected(p, "an export kind (func, table, memory, global, tag)");
}

static bool start_field(txt_parser_t *p)
{
    const txt_tok_t *at = &p->t[p->pos - 1]; /* the keyword */
    uint32_t f;
    if (p->has_start)
        return txt_fail(p, at, "multiple start sections");
    p->has_start = true;
    if (!txt_parse_idx(p, SP_FUNC, &f))
        return false;
    txt_buf_u64(&p->sec[SEC_START], f);
    return txt_expect_rparen(p);
}

/* elem: (elem $id? [declare | (table x)? offset]? elemlist) */
static bool elem_field(txt_parser_t *p)
{
    txt_opt_id(p);
    bool declare = false, active = false, has_table = false, exprs = false;
    uint32_t table_idx = 0, n = 0;
    txt_buf_t off = {0}, rt = {0}, items = {0};
    bool ok = true;
    if (txt_at_kw(p, "declare")) {
        declare = true;
        p->pos++;
    } else {
        if (txt_at_lparen_kw(p, "table")) {
            p->pos += 2;
            has_table = active = true;
            ok = txt_parse_idx(p, SP_TABLE, &table_idx) && txt_expect_rparen(p);
        } else if (txt_at_idx(p) && p->pos + 1 < p->end && txt_peek(p, 1)->kind == TK_LPAREN) {
            /* legacy: (elem 0 (offset ...) ...) with a bare table index */
            has_table = active = true;
            ok = txt_parse_idx(p, SP_TABLE, &table_idx);
        }
        if (ok && (active || (txt_cur(p)->kind == TK_LPAREN && !txt_at_lparen_kw(p, "ref")))) {
            active = true;
            ok = offset_expr(p, &off);
        }
    }
    bool legacy_funcs = false;
    if (ok) {
        if (txt_at_kw(p, "func")) {
            p->pos++;
        } else if (txt_at_valtype(p)) {
            exprs = true;
            ok = txt_reftype(p, &rt);
        } else {
            legacy_funcs = true; /* (elem offset funcidx*) */
        }
        (void)legacy_funcs;
        if (ok)
            ok = exprs ? elem_exprs(p, &items, &n) : func_indices(p, &items, &n);
        ok = ok && txt_expect_rparen(p);
    }
    if (ok) {
        txt_buf_t *e = &p->sec[SEC_ELEM];
        bool funcref = !exprs || (rt.len == 1 && rt.data[0] == 0x70);
        uint32_t flags = !active ? (declare ? 3 : 1) : table_idx == 0 && funcref ? 0 : 2;
        if (exprs)
            flags |= 4;
        (void)has_table;
        txt_buf_u64(e, flags);
        if (active && (flags & 2))
            txt_buf_u64(e, table_idx);
        if (active)
            txt_buf_bytes(e, off.data, off.len);
        if (flags & 3) {
            if (exprs)
                txt_buf_bytes(e, rt.data, rt.len);
            else
                txt_buf_byte(e, 0x00);
        }
        txt_buf_u64(e, n);
        txt_buf_bytes(e, items.data, items.len);
        p->count[SEC_ELEM]++;
    }
    txt_buf_fini(&off);
    txt_buf_fini(&rt);
    txt_buf_fini(&items);
    return ok;
}

/* data: (data $id? [(memory x)? offset]? string*) */
static bool data_field(txt_parser_t *p)
{
    txt_opt_id(p);
    uint32_t mem_idx = 0;
    bool active = false, ok = true;
    txt_buf_t off = {0}, bytes = {0};
    if (txt_at_lparen_kw(p, "memory")) {
        p->pos += 2;
        active = true;
        ok = txt_parse_idx(p, SP_MEM, &mem_idx) && txt_expect_rparen(p);
    } else if (txt_at_idx(p)) { /* legacy bare memory index */
        active = true;
        ok = txt_parse_idx(p, SP_MEM, &mem_idx);
    }
    if (ok && (active || txt_cur(p)->kind == TK_LPAREN)) {
        active = true;
        ok = offset_expr(p, &off);
    }
    ok = ok && txt_parse_strings(p, &bytes, false) && txt_expect_rparen(p);
    if (ok) {
        txt_buf_t *d = &p->sec[SEC_DATA];
        txt_buf_u64(d, !active ? 1 : mem_idx ? 2 : 0);
        if (active && mem_idx)
            txt_buf_u64(d, mem_idx);
        txt_buf_bytes(d, off.data, off.len);
        txt_buf_name(d, bytes.data, bytes.len);
        p->count[SEC_DATA]++;
    }
    txt_buf_fini(&off);
    txt_buf_fini(&bytes);
    return ok;
}

/* ---- the module -------------------------------------------------------------------- */

static bool fields(txt_parser_t *p, size_t begin, size_t end)
{
    uint32_t idx[SP_COUNT] = {0};
    /* type definitions first: typeuses anywhere may refer to them */
    for (size_t i = begin; i < end && !p->failed; i = p->t[i].match + 1) {
        p->pos = i;
        if (txt_at_lparen_kw(p, "type") || txt_at_lparen_kw(p, "rec"))
            txt_type_field(p);
    }
    for (size_t i = begin; i < end && !p->failed; i = p->t[i].match + 1) {
        p->pos = i + 2;
        const txt_tok_t *kw = &p->t[i + 1];
        int space = field_space(kw);
        bool ok = true;
        if (txt_tok_is(kw, "type") || txt_tok_is(kw, "rec"))
            continue;
        if (txt_tok_is(kw, "import"))
            ok = import_field(p, idx);
        else if (txt_tok_is(kw, "export"))
            ok = export_field(p);
        else if (txt_tok_is(kw, "start"))
            ok = start_field(p);
        else if (space == SP_FUNC)
            ok = func_field(p, idx[SP_FUNC]);
        else if (space == SP_TABLE)
            ok = table_field(p, idx[SP_TABLE]);
        else if (space == SP_MEM)
            ok = memory_field(p, idx[SP_MEM]);
        else if (space == SP_GLOBAL)
            ok = global_field(p, idx[SP_GLOBAL]);
        else if (space == SP_TAG)
            ok = tag_field(p, idx[SP_TAG]);
        else if (space == SP_ELEM)
            ok = elem_field(p);
        else if (space == SP_DATA)
            ok = data_field(p);
        else
            ok = txt_fail(p, kw, "unknown module field '%.*s'", (int)kw->len, kw->text);
        if (!ok)
            return false;
        if (space >= 0 && space != SP_ELEM && space != SP_DATA)
            idx[space]++;
        if (space == SP_TABLE && has_child(p, i, "elem"))
            idx[SP_ELEM]++;
        if (space == SP_MEM && has_child(p, i, "data"))
            idx[SP_DATA]++;
        if (p->pos != p->t[i].match + 1)
            return txt_fail(p, txt_cur(p), "unexpected token in module field");
    }
    return !p->failed;
}

static void name_section(txt_parser_t *p, txt_buf_t *out)
{
    txt_buf_t body = {0}, sub = {0};
    if (!p->module_name && !p->nfunc_names && !p->nlocal_funcs)
        return;
    txt_buf_name(&body, "name", 4);
    if (p->module_name) {
        txt_buf_name(&sub, p->module_name, p->module_name_len);
        txt_buf_byte(&body, 0);
        txt_buf_name(&body, sub.data, sub.len);
        sub.len = 0;
    }
    if (p->nfunc_names) {
        txt_buf_u64(&sub, p->nfunc_names);
        txt_buf_bytes(&sub, p->func_names.data, p->func_names.len);
        txt_buf_byte(&body, 1);
        txt_buf_name(&body, sub.data, sub.len);
        sub.len = 0;
    }
    if (p->nlocal_funcs) {
        txt_buf_u64(&sub, p->nlocal_funcs);
        txt_buf_bytes(&sub, p->local_names.data, p->local_names.len);
        txt_buf_byte(&body, 2);
        txt_buf_name(&body, sub.data, sub.len);
    }
    txt_buf_byte(out, 0);
    txt_buf_name(out, body.data, body.len);
    out->oom |= body.oom || sub.oom || p->func_names.oom || p->local_names.oom;
    txt_buf_fini(&body);
    txt_buf_fini(&sub);
}

/* Binary section order: type import func table memory tag global export
 * start elem datacount code data, then the name section. */
static void assemble(txt_parser_t *p, txt_buf_t *out)
{
    static const uint8_t order[] = {SEC_TYPE, SEC_IMPORT, SEC_FUNC, SEC_TABLE, SEC_MEM, SEC_TAG,
                                    SEC_GLOBAL, SEC_EXPORT};
    txt_buf_bytes(out, "\0asm\1\0\0\0", 8);
    for (size_t i = 0; i < sizeof order; i++)
        txt_buf_section(out, order[i], p->count[order[i]], &p->sec[order[i]], false);
    if (p->has_start) {
        txt_buf_byte(out, SEC_START);
        txt_buf_name(out, p->sec[SEC_START].data, p->sec[SEC_START].len);
    }
    txt_buf_section(out, SEC_ELEM, p->count[SEC_ELEM], &p->sec[SEC_ELEM], false);
    if (p->uses_data_idx) { /* only when an instruction names a data segment, as wabt */
        txt_buf_t empty = {0};
        txt_buf_section(out, SEC_DATACOUNT, p->count[SEC_DATA], &empty, true);
    }
    txt_buf_section(out, SEC_CODE, p->count[SEC_CODE], &p->sec[SEC_CODE], false);
    txt_buf_section(out, SEC_DATA, p->count[SEC_DATA], &p->sec[SEC_DATA], false);
    name_section(p, out);
}

static void parser_fini(txt_parser_t *p)
{
    for (int i = 0; i < SP_COUNT; i++)
        txt_names_fini(&p->names[i]);
    for (uint32_t i = 0; i < p->ntypes; i++) {
        txt_buf_fini(&p->types[i].sig);
        txt_names_fini(&p->types[i].fields);
    }
    base_free(p->types);
    for (int i = 0; i < SEC_COUNT; i++)
        txt_buf_fini(&p->sec[i]);
    base_free(p->mem_is64);
    base_free(p->table_is64);
    txt_names_fini(&p->locals);
    txt_names_fini(&p->labels);
    txt_buf_fini(&p->func_names);
    txt_buf_fini(&p->local_names);
}

void txt_encode_module(const txt_lexed_t *lx, size_t begin, size_t end, txt_result_t *res)
{
    txt_parser_t *p = base_calloc(1, sizeof *p);
    memset(res, 0, sizeof *res);
    if (!p) {
        txt_oom_note();
        res->status = 7; /* WASMCELL_ERR_NOMEM */
        snprintf(res->message, sizeof res->message, "out of memory");
        return;
    }
    p->t = lx->toks;
    p->end = end;
    if (begin < end && lx->toks[begin].kind == TK_ID) { /* (module $name ...) */
        p->module_name = lx->toks[begin].name;
        p->module_name_len = lx->toks[begin].name_len;
        begin++;
    }
    txt_buf_t out = {0};
    unsigned long oom_before = txt_oom_count();
    /* false without a message: only an allocation failure does that */
    if (collect_names(p, begin, end) && fields(p, begin, end))
        assemble(p, &out);
    else if (!p->failed)
        txt_oom_note();
    bool oom = out.oom || txt_oom_count() != oom_before;
    for (int i = 0; i < SEC_COUNT; i++)
        oom |= p->sec[i].oom;
    if (p->failed || oom) {
        res->status = oom ? 7 /* WASMCELL_ERR_NOMEM */ : 1 /* WASMCELL_ERR_MALFORMED */;
        snprintf(res->message, sizeof res->message, "%s", oom ? "out of memory" : p->msg);
        txt_buf_fini(&out);
    } else {
        res->bytes = out.data;
        res->size = out.len;
    }
    parser_fini(p);
    base_free(p);
}

void txt_wat_to_wasm(const char *text, size_t len, txt_result_t *res)
{
    txt_lexed_t lx;
    memset(res, 0, sizeof *res);
    unsigned long oom_before = txt_oom_count();
    if (!txt_lex(text, len, &lx, res->message, sizeof res->message)) {
        res->status = txt_oom_count() != oom_before ? 7 : 1;
        return;
    }
    size_t begin = 0, end = lx.count - 1;
    if (lx.count > 2 && lx.toks[0].kind == TK_LPAREN && txt_tok_is(&lx.toks[1], "module")) {
        if (lx.toks[0].match != end - 1) {
            const txt_tok_t *t = &lx.toks[lx.toks[0].match + 1];
            res->status = 1;
            snprintf(res->message, sizeof res->message, "%u:%u: unexpected token after the module",
                     t->line, t->col);
            txt_lexed_fini(&lx);
            return;
        }
        begin = 2;
        end = lx.toks[0].match;
    }
    txt_encode_module(&lx, begin, end, res);
    txt_lexed_fini(&lx);
}
