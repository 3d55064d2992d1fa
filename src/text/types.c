/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* types.c — value types, heap types, type uses and block types, and the
 * type definitions (func, struct, array, sub, rec) of the text format;
 * typeuse abbreviations reuse or append function types (spec "Type
 * Uses"). */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"

static const struct { const char *name; uint8_t code; } valtypes[] = {
    {"i32", 0x7F}, {"i64", 0x7E}, {"f32", 0x7D}, {"f64", 0x7C}, {"v128", 0x7B},
    {"funcref", 0x70}, {"externref", 0x6F}, {"anyref", 0x6E}, {"eqref", 0x6D},
    {"i31ref", 0x6C}, {"structref", 0x6B}, {"arrayref", 0x6A}, {"exnref", 0x69},
    {"nullexnref", 0x74}, {"nullfuncref", 0x73}, {"nullexternref", 0x72}, {"nullref", 0x71},
};

static const struct { const char *name; uint8_t code; } heaptypes[] = {
    {"func", 0x70}, {"extern", 0x6F}, {"any", 0x6E}, {"eq", 0x6D}, {"i31", 0x6C},
    {"struct", 0x6B}, {"array", 0x6A}, {"exn", 0x69}, {"noexn", 0x74}, {"nofunc", 0x73},
    {"noextern", 0x72}, {"none", 0x71},
};

static int keyword_code(const txt_parser_t *p, bool heap, bool ref_only)
{
    if (p->pos >= p->end || txt_cur(p)->kind != TK_KEYWORD)
        return -1;
    if (heap) {
        for (size_t i = 0; i < sizeof heaptypes / sizeof heaptypes[0]; i++)
            if (txt_tok_is(txt_cur(p), heaptypes[i].name))
                return heaptypes[i].code;
        return -1;
    }
    for (size_t i = ref_only ? 5 : 0; i < sizeof valtypes / sizeof valtypes[0]; i++)
        if (txt_tok_is(txt_cur(p), valtypes[i].name))
            return valtypes[i].code;
    return -1;
}

bool txt_at_valtype(const txt_parser_t *p)
{
    return keyword_code(p, false, false) >= 0 || txt_at_lparen_kw(p, "ref");
}

bool txt_heaptype(txt_parser_t *p, txt_buf_t *out)
{
    int code = keyword_code(p, true, false);
    if (code >= 0) {
        txt_buf_byte(out, (uint8_t)code);
        p->pos++;
        return true;
    }
    uint32_t type_idx;
    if (!txt_at_idx(p))
        return txt_expected(p, "a heap type");
    if (!txt_parse_idx(p, SP_TYPE, &type_idx))
        return false;
    txt_buf_s64(out, type_idx);
    return true;
}

/* (ref null? heaptype) */
static bool ref_type(txt_parser_t *p, txt_buf_t *out)
{
    p->pos += 2;
    bool null = txt_at_kw(p, "null");
    if (null)
        p->pos++;
    txt_buf_byte(out, null ? 0x63 : 0x64);
    return txt_heaptype(p, out) && txt_expect_rparen(p);
}

bool txt_reftype(txt_parser_t *p, txt_buf_t *out)
{
    int code = keyword_code(p, false, true);
    if (code >= 0) {
        txt_buf_byte(out, (uint8_t)code);
        p->pos++;
        return true;
    }
    if (txt_at_lparen_kw(p, "ref"))
        return ref_type(p, out);
    return txt_expected(p, "a reference type");
}

bool txt_valtype(txt_parser_t *p, txt_buf_t *out)
{
    int code = keyword_code(p, false, false);
    if (code >= 0) {
        txt_buf_byte(out, (uint8_t)code);
        p->pos++;
        return true;
    }
    if (txt_at_lparen_kw(p, "ref"))
        return ref_type(p, out);
    return txt_expected(p, "a value type");
}

/* (param $x t) | (param t*) ... then (result t*) ...; counts and bytes. */
static bool signature(txt_parser_t *p, txt_buf_t *params, uint32_t *np, txt_buf_t *results,
                      uint32_t *nr, txt_names_t *names, bool allow_names)
{
    while (txt_at_lparen_kw(p, "param")) {
        p->pos += 2;
        txt_name_t id = txt_opt_id(p);
        if (id.s && !allow_names)
            return txt_fail(p, &p->t[p->pos - 1], "unexpected token, no names here");
        if (id.s && names && txt_names_find(names, id.s, id.n) >= 0)
            return txt_fail(p, &p->t[p->pos - 1], "duplicate local $%.*s", (int)id.n, id.s);
        while (txt_at_valtype(p)) {
            if (!txt_valtype(p, params))
                return false;
            (*np)++;
            if (names && !txt_names_push(names, id))
                return txt_fail(p, txt_cur(p), "out of memory");
            if (id.s)
                break;
        }
        if (id.s && txt_cur(p)->kind != TK_RPAREN)
            return txt_expected(p, "')' (one type per named parameter)");
        if (!txt_expect_rparen(p))
            return false;
    }
    while (txt_at_lparen_kw(p, "result")) {
        p->pos += 2;
        while (txt_at_valtype(p)) {
            if (!txt_valtype(p, results))
                return false;
            (*nr)++;
        }
        if (!txt_expect_rparen(p))
            return false;
    }
    return true;
}

static void make_sig(txt_buf_t *sig, const txt_buf_t *params, uint32_t np, const txt_buf_t *results,
                     uint32_t nr)
{
    txt_buf_u64(sig, np);
    txt_buf_bytes(sig, params->data, params->len);
    txt_buf_u64(sig, nr);
    txt_buf_bytes(sig, results->data, results->len);
}

static txt_type_t *new_type(txt_parser_t *p)
{
    if (p->ntypes == p->types_cap) {
        uint32_t cap = p->types_cap ? p->types_cap * 2 : 16;
        txt_type_t *t = base_realloc(p->types, cap * sizeof *t);
        if (!t)
            return NULL;
        p->types = t;
        p->types_cap = cap;
    }
    txt_type_t *t = &p->types[p->ntypes++];
    memset(t, 0, sizeof *t);
    return t;
}

/* The first plain function type equal to sig, else a new one at the end. */
static bool find_or_add(txt_parser_t *p, const txt_buf_t *sig, uint32_t np, uint32_t *type_idx)
{
    for (uint32_t i = 0; i < p->ntypes; i++) {
        const txt_type_t *t = &p->types[i];
        if (t->plain && t->sig.len == sig->len && memcmp(t->sig.data, sig->data, sig->len) == 0) {
            *type_idx = i;
            return true;
        }
    }
    txt_type_t *t = new_type(p);
    if (!t)
        return txt_fail(p, txt_cur(p), "out of memory");
    t->kind = 0x60;
    t->plain = true;
    t->nparams = np;
    txt_buf_bytes(&t->sig, sig->data, sig->len);
    txt_buf_byte(&p->sec[SEC_TYPE], 0x60);
    txt_buf_bytes(&p->sec[SEC_TYPE], sig->data, sig->len);
    p->count[SEC_TYPE]++;
    *type_idx = p->ntypes - 1;
    return true;
}

/* typeuse; for blocks (names == NULL and block != NULL) also the short forms. */
static bool typeuse(txt_parser_t *p, uint32_t *type_idx, txt_names_t *names, txt_buf_t *block)
{
    bool has_type = false;
    const txt_tok_t *at = txt_cur(p);
    if (txt_at_lparen_kw(p, "type")) {
        p->pos += 2;
        if (!txt_parse_idx(p, SP_TYPE, type_idx) || !txt_expect_rparen(p))
            return false;
        has_type = true;
    }
    txt_buf_t params = {0}, results = {0}, sig = {0};
    uint32_t np = 0, nr = 0;
    bool ok = signature(p, &params, &np, &results, &nr, names, names != NULL);
    if (ok)
        make_sig(&sig, &params, np, &results, nr);
    if (!ok) {
    } else if (has_type) {
        const txt_type_t *t = *type_idx < p->ntypes ? &p->types[*type_idx] : NULL;
        if ((np || nr) && !t)
            ok = txt_fail(p, at, "unknown type %u (an inline type needs its definition)", *type_idx);
        else if ((np || nr) && t && (t->kind != 0x60 || t->sig.len != sig.len ||
                                memcmp(t->sig.data, sig.data, sig.len) != 0))
            ok = txt_fail(p, at, "inline function type does not match the type definition");
        if (ok && names && !np && t)
            for (uint32_t i = 0; i < t->nparams && ok; i++)
                ok = txt_names_push(names, (txt_name_t){0});
        if (block)
            txt_buf_s64(block, *type_idx);
    } else if (block && np == 0 && nr <= 1) {
        if (nr == 0)
            txt_buf_byte(block, 0x40);
        else
            txt_buf_bytes(block, results.data, results.len);
    } else {
        ok = find_or_add(p, &sig, np, type_idx);
        if (block)
            txt_buf_s64(block, *type_idx);
    }
    txt_buf_fini(&params);
    txt_buf_fini(&results);
    txt_buf_fini(&sig);
    return ok;
}

bool txt_typeuse(txt_parser_t *p, uint32_t *type_idx, txt_names_t *param_names)
{
    return typeuse(p, type_idx, param_names, NULL);
}

bool txt_blocktype(txt_parser_t *p, txt_buf_t *out)
{
    uint32_t type_idx;
    return typeuse(p, &type_idx, NULL, out);
}

/* ---- type definitions ---------------------------------------------------------- */

static bool storage_type(txt_parser_t *p, txt_buf_t *out)
{
    if (txt_at_kw(p, "i8") || txt_at_kw(p, "i16")) {
        txt_buf_byte(out, txt_at_kw(p, "i8") ? 0x78 : 0x77);
        p->pos++;
        return true;
    }
    return txt_valtype(p, out);
}

static bool field_type(txt_parser_t *p, txt_buf_t *out)
{
    if (txt_at_lparen_kw(p, "mut")) {
        p->pos += 2;
        bool ok = storage_type(p, out) && txt_expect_rparen(p);
        txt_buf_byte(out, 0x01);
        return ok;
    }
    bool ok = storage_type(p, out);
    txt_buf_byte(out, 0x00);
    return ok;
}

static bool struct_type(txt_parser_t *p, txt_type_t *t, txt_buf_t *out)
{
    txt_buf_t fields = {0};
    uint32_t n = 0;
    bool ok = true;
    while (ok && txt_at_lparen_kw(p, "field")) {
        p->pos += 2;
        txt_name_t id = txt_opt_id(p);
        if (id.s && txt_names_find(&t->fields, id.s, id.n) >= 0)
            ok = txt_fail(p, &p->t[p->pos - 1], "duplicate field $%.*s", (int)id.n, id.s);
        while (ok && txt_cur(p)->kind != TK_RPAREN) {
            ok = field_type(p, &fields) &&
                 (txt_names_push(&t->fields, id) || txt_fail(p, txt_cur(p), "out of memory"));
            n++;
            if (id.s)
                break;
        }
        ok = ok && txt_expect_rparen(p);
    }
    txt_buf_byte(out, 0x5F);
    txt_buf_u64(out, n);
    txt_buf_bytes(out, fields.data, fields.len);
    txt_buf_fini(&fields);
    return ok;
}

static bool comp_type(txt_parser_t *p, txt_type_t *t, txt_buf_t *out)
{
    if (!txt_expect_lparen(p))
        return false;
    if (txt_at_kw(p, "func")) {
        p->pos++;
        txt_buf_t params = {0}, results = {0};
        uint32_t np = 0, nr = 0;
        bool ok = signature(p, &params, &np, &results, &nr, NULL, true);
        make_sig(&t->sig, &params, np, &results, nr);
        t->kind = 0x60;
        t->nparams = np;
        txt_buf_byte(out, 0x60);
        txt_buf_bytes(out, t->sig.data, t->sig.len);
        txt_buf_fini(&params);
        txt_buf_fini(&results);
        return ok && txt_expect_rparen(p);
    }
    if (txt_at_kw(p, "struct")) {
        p->pos++;
        t->kind = 0x5F;
        return struct_type(p, t, out) && txt_expect_rparen(p);
    }
    if (txt_at_kw(p, "array")) {
        p->pos++;
        t->kind = 0x5E;
        txt_buf_byte(out, 0x5E);
        return field_type(p, out) && txt_expect_rparen(p);
    }
    return txt_expected(p, "func, struct or array");
}

/* (type $id? (sub final? idx* comptype) | comptype) */
static bool sub_type(txt_parser_t *p, bool singleton, txt_buf_t *out)
{
    if (!txt_expect_lparen(p) || !txt_expect_kw(p, "type"))
        return false;
    txt_opt_id(p);
    txt_type_t *t = new_type(p);
    if (!t)
        return txt_fail(p, txt_cur(p), "out of memory");
    uint32_t self = p->ntypes - 1;
    if (!txt_at_lparen_kw(p, "sub")) {
        bool ok = comp_type(p, &p->types[self], out) && txt_expect_rparen(p);
        p->types[self].plain = singleton && p->types[self].kind == 0x60;
        return ok;
    }
    p->pos += 2;
    bool final = txt_at_kw(p, "final");
    if (final)
        p->pos++;
    txt_buf_t supers = {0};
    uint32_t n = 0;
    bool ok = true;
    while (ok && txt_at_idx(p)) {
        uint32_t s;
        ok = txt_parse_idx(p, SP_TYPE, &s);
        txt_buf_u64(&supers, s);
        n++;
    }
    txt_buf_byte(out, final ? 0x4F : 0x50);
    txt_buf_u64(out, n);
    txt_buf_bytes(out, supers.data, supers.len);
    txt_buf_fini(&supers);
    ok = ok && comp_type(p, &p->types[self], out) && txt_expect_rparen(p) && txt_expect_rparen(p);
    p->types[self].plain = singleton && final && n == 0 && p->types[self].kind == 0x60;
    return ok;
}

bool txt_type_field(txt_parser_t *p)
{
    txt_buf_t *out = &p->sec[SEC_TYPE];
    if (txt_at_lparen_kw(p, "type")) {
        p->count[SEC_TYPE]++;
        return sub_type(p, true, out);
    }
    p->pos += 2; /* (rec */
    uint32_t n = 0;
    size_t save = p->pos;
    while (txt_at_lparen_kw(p, "type")) {
        p->pos = txt_cur(p)->match + 1;
        n++;
    }
    p->pos = save;
    txt_buf_byte(out, 0x4E);
    txt_buf_u64(out, n);
    p->count[SEC_TYPE]++;
    for (uint32_t i = 0; i < n; i++)
        if (!sub_type(p, n == 1, out))
            return false;
    return txt_expect_rparen(p);
}

bool txt_parse_field_idx(txt_parser_t *p, uint32_t type_idx, uint32_t *out)
{
    static const txt_names_t none = {0};
    const txt_names_t *fields = type_idx < p->ntypes ? &p->types[type_idx].fields : &none;
    if (!txt_at_idx(p))
        return txt_expected(p, "a field index");
    return txt_resolve(p, fields, &p->t[p->pos++], "field", out);
}
