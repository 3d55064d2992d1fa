/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* cursor.c — the encoder's token cursor and index spaces: errors with
 * line:column, expecting keywords and parentheses, indices by number or
 * $id (hashed once a space is long), numbers and strings at the cursor. */
#include "parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../base/alloc.h"

/* ---- cursor helpers ------------------------------------------------------------ */

bool txt_fail(txt_parser_t *p, const txt_tok_t *at, const char *fmt, ...)
{
    if (strcmp(fmt, "out of memory") == 0)
        txt_oom_note();
    if (p->failed)
        return false;
    p->failed = true;
    int n = snprintf(p->msg, sizeof p->msg, "%u:%u: ", at->line, at->col);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < sizeof p->msg)
        vsnprintf(p->msg + n, sizeof p->msg - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

bool txt_expected(txt_parser_t *p, const char *what)
{
    const txt_tok_t *t = txt_cur(p);
    if (t->kind == TK_EOF || p->pos >= p->end)
        return txt_fail(p, t, "unexpected end, expected %s", what);
    return txt_fail(p, t, "unexpected token '%.*s', expected %s", (int)(t->len > 40 ? 40 : t->len),
                    t->text, what);
}

bool txt_at_kw(const txt_parser_t *p, const char *kw)
{
    return p->pos < p->end && txt_tok_is(txt_cur(p), kw);
}

bool txt_at_lparen_kw(const txt_parser_t *p, const char *kw)
{
    return p->pos + 1 < p->end && txt_cur(p)->kind == TK_LPAREN && txt_tok_is(txt_peek(p, 1), kw);
}

bool txt_expect_kw(txt_parser_t *p, const char *kw)
{
    if (!txt_at_kw(p, kw))
        return txt_expected(p, kw);
    p->pos++;
    return true;
}

bool txt_expect_lparen(txt_parser_t *p)
{
    if (p->pos >= p->end || txt_cur(p)->kind != TK_LPAREN)
        return txt_expected(p, "'('");
    p->pos++;
    return true;
}

bool txt_expect_rparen(txt_parser_t *p)
{
    if (p->pos >= p->end || txt_cur(p)->kind != TK_RPAREN)
        return txt_expected(p, "')'");
    p->pos++;
    return true;
}

static uint32_t name_hash(const char *s, uint32_t n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static void hash_insert(txt_names_t *ns, uint32_t i)
{
    const txt_name_t *nm = &ns->v[i];
    if (!nm->s)
        return;
    uint32_t h = name_hash(nm->s, nm->n) & (ns->hash_cap - 1);
    while (ns->hash[h]) {
        const txt_name_t *o = &ns->v[ns->hash[h] - 1];
        if (o->n == nm->n && memcmp(o->s, nm->s, nm->n) == 0)
            return; /* the first of equal names wins */
        h = (h + 1) & (ns->hash_cap - 1);
    }
    ns->hash[h] = i + 1;
}

/* (Re)builds the hash with room for twice the names; on failure lookups
 * fall back to a linear search. Big modules would be quadratic without. */
static void hash_rebuild(txt_names_t *ns)
{
    uint32_t cap = 64;
    while (cap < ns->len * 4u && cap < (1u << 30))
        cap *= 2;
    base_free(ns->hash);
    ns->hash = base_calloc(cap, sizeof *ns->hash);
    ns->hash_cap = ns->hash ? cap : 0;
    for (uint32_t i = 0; ns->hash && i < ns->len; i++)
        hash_insert(ns, i);
}

bool txt_names_push(txt_names_t *ns, txt_name_t name)
{
    if (ns->len == ns->cap) {
        uint32_t cap = ns->cap ? ns->cap * 2 : 16;
        txt_name_t *v = base_realloc(ns->v, cap * sizeof *v);
        if (!v)
            return false;
        ns->v = v;
        ns->cap = cap;
    }
    ns->v[ns->len++] = name;
    if (ns->hash && ns->len * 2u > ns->hash_cap)
        hash_rebuild(ns);
    else if (ns->hash)
        hash_insert(ns, ns->len - 1);
    return true;
}

void txt_names_clear(txt_names_t *ns)
{
    ns->len = 0;
    if (ns->hash)
        memset(ns->hash, 0, ns->hash_cap * sizeof *ns->hash);
}

void txt_names_fini(txt_names_t *ns)
{
    base_free(ns->v);
    base_free(ns->hash);
    memset(ns, 0, sizeof *ns);
}

int64_t txt_names_find(const txt_names_t *ns, const char *s, uint32_t n)
{
    if (!ns->hash && ns->len > 32)
        hash_rebuild((txt_names_t *)ns); /* an index is a cache: logically const */
    if (ns->hash) {
        for (uint32_t h = name_hash(s, n) & (ns->hash_cap - 1); ns->hash[h];
             h = (h + 1) & (ns->hash_cap - 1)) {
            const txt_name_t *o = &ns->v[ns->hash[h] - 1];
            if (o->n == n && memcmp(o->s, s, n) == 0)
                return ns->hash[h] - 1;
        }
        return -1;
    }
    for (uint32_t i = 0; i < ns->len; i++)
        if (ns->v[i].s && ns->v[i].n == n && memcmp(ns->v[i].s, s, n) == 0)
            return i;
    return -1;
}

static const char *const space_names[SP_COUNT] = {"type", "function", "table", "memory",
                                                  "global", "tag", "elem", "data"};

const char *txt_space_name(int space)
{
    return space >= 0 && space < SP_COUNT ? space_names[space] : "?";
}

bool txt_at_idx(const txt_parser_t *p)
{
    const txt_tok_t *t = txt_cur(p);
    return p->pos < p->end && (t->kind == TK_ID || (t->kind == TK_NUM && t->text[0] >= '0' &&
                                                    t->text[0] <= '9'));
}

bool txt_resolve(txt_parser_t *p, const txt_names_t *names, const txt_tok_t *t, const char *what,
                 uint32_t *out)
{
    if (t->kind == TK_ID) {
        int64_t i = txt_names_find(names, t->name, t->name_len);
        if (i < 0)
            return txt_fail(p, t, "unknown %s $%.*s", what, (int)t->name_len, t->name);
        *out = (uint32_t)i;
        return true;
    }
    uint64_t v;
    if (!txt_parse_uint(t, 32, &v))
        return txt_fail(p, t, "%s: expected a %s index or $name",
                        t->kind == TK_NUM ? txt_number_error(t) : "unexpected token", what);
    *out = (uint32_t)v;
    return true;
}

bool txt_parse_idx(txt_parser_t *p, int space, uint32_t *out)
{
    if (!txt_at_idx(p))
        return txt_expected(p, space == SP_FUNC ? "a function index" : "an index");
    return txt_resolve(p, &p->names[space], &p->t[p->pos++], space_names[space], out);
}

bool txt_parse_u64(txt_parser_t *p, uint64_t *out)
{
    const txt_tok_t *t = txt_cur(p);
    if (p->pos >= p->end || t->kind != TK_NUM)
        return txt_expected(p, "a number");
    if (!txt_parse_uint(t, 64, out))
        return txt_fail(p, t, "%s", txt_number_error(t));
    p->pos++;
    return true;
}

bool txt_parse_u32(txt_parser_t *p, uint32_t *out)
{
    const txt_tok_t *t = txt_cur(p);
    uint64_t v;
    if (p->pos >= p->end || t->kind != TK_NUM)
        return txt_expected(p, "a number");
    if (!txt_parse_uint(t, 32, &v))
        return txt_fail(p, t, "%s (i32 constant)", txt_number_error(t));
    *out = (uint32_t)v;
    p->pos++;
    return true;
}

bool txt_parse_strings(txt_parser_t *p, txt_buf_t *out, bool at_least_one)
{
    if (at_least_one && (p->pos >= p->end || txt_cur(p)->kind != TK_STRING))
        return txt_expected(p, "a string");
    while (p->pos < p->end && txt_cur(p)->kind == TK_STRING)
        txt_string_decode(&p->t[p->pos++], out);
    return true;
}

txt_name_t txt_opt_id(txt_parser_t *p)
{
    txt_name_t n = {NULL, 0};
    if (p->pos < p->end && txt_cur(p)->kind == TK_ID) {
        n.s = txt_cur(p)->name;
        n.n = txt_cur(p)->name_len;
        p->pos++;
    }
    return n;
}

