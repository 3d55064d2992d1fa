/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* lexer.c — WebAssembly text tokens (spec "Text Format: Lexical Format"):
 * parentheses, keywords, numbers, $ids (also $"quoted"), strings; drops
 * whitespace, line/block comments and annotations (@name ...). Also the
 * byte buffer helpers the encoder writes with. */
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"

#include "../base/utf8.h"

/* ---- buffers ------------------------------------------------------------------ */

static _Thread_local unsigned long oom_count;

unsigned long txt_oom_count(void) { return oom_count; }
void txt_oom_note(void) { oom_count++; }

void txt_buf_fini(txt_buf_t *b)
{
    base_free(b->data);
    memset(b, 0, sizeof *b);
}

static bool buf_reserve(txt_buf_t *b, size_t n)
{
    if (b->oom)
        return false;
    if (b->len + n <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n)
        cap *= 2;
    uint8_t *d = base_realloc(b->data, cap);
    if (!d) {
        txt_oom_note();
        b->oom = true;
        return false;
    }
    b->data = d;
    b->cap = cap;
    return true;
}

void txt_buf_byte(txt_buf_t *b, uint8_t v)
{
    if (buf_reserve(b, 1))
        b->data[b->len++] = v;
}

void txt_buf_bytes(txt_buf_t *b, const void *p, size_t n)
{
    if (n && buf_reserve(b, n)) {
        memcpy(b->data + b->len, p, n);
        b->len += n;
    }
}

void txt_buf_u64(txt_buf_t *b, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7F;
        v >>= 7;
        txt_buf_byte(b, byte | (v ? 0x80 : 0));
    } while (v);
}

void txt_buf_s64(txt_buf_t *b, int64_t v)
{
    for (;;) {
        uint8_t byte = (uint8_t)(v & 0x7F);
        v >>= 7; /* arithmetic shift (gcc/clang) */
        bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
        txt_buf_byte(b, done ? byte : (byte | 0x80));
        if (done)
            return;
    }
}

void txt_buf_name(txt_buf_t *b, const void *p, size_t n)
{
    txt_buf_u64(b, n);
    txt_buf_bytes(b, p, n);
}

void txt_buf_section(txt_buf_t *out, uint8_t id, uint32_t count, const txt_buf_t *body, bool always)
{
    if (!always && count == 0)
        return;
    txt_buf_t head = {0};
    txt_buf_u64(&head, count);
    txt_buf_byte(out, id);
    txt_buf_u64(out, head.len + body->len);
    txt_buf_bytes(out, head.data, head.len);
    txt_buf_bytes(out, body->data, body->len);
    out->oom |= head.oom || body->oom;
    txt_buf_fini(&head);
}

/* ---- lexer --------------------------------------------------------------------- */

typedef struct lexer {
    const char *src, *end, *p;
    uint32_t line;
    const char *line_start;
    txt_lexed_t *out;
    size_t cap;
    char *err;
    size_t err_size;
} lexer_t;

static bool lex_fail(lexer_t *l, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool lex_fail(lexer_t *l, const char *at, const char *fmt, ...)
{
    if (strcmp(fmt, "out of memory") == 0)
        txt_oom_note();
    /* column: count from the line start (bytes, 1-based) */
    uint32_t line = l->line;
    const char *ls = l->line_start;
    if (at < ls) { /* an error inside a multi-line token: recount */
        line = 1;
        ls = l->src;
        for (const char *q = l->src; q < at; q++)
            if (*q == '\n') {
                line++;
                ls = q + 1;
            }
    }
    int n = snprintf(l->err, l->err_size, "%u:%u: ", line, (unsigned)(at - ls + 1));
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < l->err_size)
        vsnprintf(l->err + n, l->err_size - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

static bool is_idchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return c && strchr("!#$%&'*+-./:<=>?@\\^_`|~", c) != NULL;
}

static void newline(lexer_t *l, const char *after)
{
    l->line++;
    l->line_start = after;
}

/* Skips a block comment starting at p ("(;"); nested comments nest. */
static bool skip_block_comment(lexer_t *l)
{
    const char *start = l->p;
    int depth = 0;
    while (l->p < l->end) {
        if (l->p + 1 < l->end && l->p[0] == '(' && l->p[1] == ';') {
            depth++;
            l->p += 2;
        } else if (l->p + 1 < l->end && l->p[0] == ';' && l->p[1] == ')') {
            l->p += 2;
            if (--depth == 0)
                return true;
        } else if ((unsigned char)*l->p >= 0x80) { /* comments are UTF-8 text too */
            unsigned char c = (unsigned char)*l->p;
            size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if ((size_t)(l->end - l->p) < n || !base_utf8_valid((const uint8_t *)l->p, n))
                return lex_fail(l, l->p, "malformed UTF-8 encoding");
            l->p += n;
        } else {
            if (*l->p == '\n')
                newline(l, l->p + 1);
            l->p++;
        }
    }
    return lex_fail(l, start, "unclosed block comment");
}

/* Scans a string body from p (just after the opening quote); leaves p after
 * the closing quote. Checks escapes and that raw bytes are UTF-8. */
static bool scan_string(lexer_t *l)
{
    const char *start = l->p - 1;
    while (l->p < l->end && *l->p != '"') {
        unsigned char c = (unsigned char)*l->p;
        if (c < 0x20 || c == 0x7F)
            return lex_fail(l, l->p, "illegal control character in string");
        if (c == '\\') {
            l->p++;
            if (l->p >= l->end)
                break;
            char e = *l->p;
            if (strchr("tnr\"'\\", e)) {
                l->p++;
            } else if (e == 'u') {
                l->p++;
                if (l->p >= l->end || *l->p != '{')
                    return lex_fail(l, l->p, "malformed unicode escape");
                l->p++;
                uint32_t cp = 0;
                int digits = 0;
                while (l->p < l->end && *l->p != '}') {
                    char h = *l->p;
                    int v = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                          : h >= 'A' && h <= 'F' ? h - 'A' + 10 : h == '_' && digits ? -2 : -1;
                    if (v == -1)
                        return lex_fail(l, l->p, "malformed unicode escape");
                    if (v >= 0) {
                        cp = cp * 16 + (uint32_t)v;
                        digits++;
                        if (cp > 0x10FFFF)
                            return lex_fail(l, l->p, "unicode escape out of range");
                    }
                    l->p++;
                }
                if (l->p >= l->end || !digits || (cp >= 0xD800 && cp < 0xE000))
                    return lex_fail(l, start, "malformed unicode escape");
                l->p++;
            } else {
                bool hex2 = l->p + 1 < l->end && strchr("0123456789abcdefABCDEF", e) &&
                            strchr("0123456789abcdefABCDEF", l->p[1]) && l->p[1];
                if (!hex2 || !e)
                    return lex_fail(l, l->p - 1, "illegal escape");
                l->p += 2;
            }
        } else if (c >= 0x80) {
            size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if ((size_t)(l->end - l->p) < n || !base_utf8_valid((const uint8_t *)l->p, n))
                return lex_fail(l, l->p, "malformed UTF-8 encoding");
            l->p += n;
        } else {
            l->p++;
        }
    }
    if (l->p >= l->end)
        return lex_fail(l, start, "unclosed string");
    l->p++;
    return true;
}

static txt_tok_t *push(lexer_t *l, txt_tok_kind_t kind, const char *at, size_t len)
{
    txt_lexed_t *o = l->out;
    if (o->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        txt_tok_t *t = base_realloc(o->toks, cap * sizeof *t);
        if (!t)
            return NULL;
        o->toks = t;
        l->cap = cap;
    }
    txt_tok_t *t = &o->toks[o->count++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->line = l->line;
    t->col = (uint32_t)(at - l->line_start + 1);
    t->text = at;
    t->len = (uint32_t)len;
    return t;
}

/* $"quoted": the decoded name must be UTF-8 and not empty. */
static bool quoted_id(lexer_t *l, txt_tok_t *t)
{
    txt_tok_t s = *t;
    s.text++;
    s.len--;
    txt_buf_t b = {0};
    txt_string_decode(&s, &b);
    if (b.oom || !base_utf8_valid(b.data, b.len) || b.len == 0) {
        bool oom = b.oom;
        txt_buf_fini(&b);
        return lex_fail(l, t->text, oom ? "out of memory" : b.len ? "malformed UTF-8 encoding"
                                                                  : "empty identifier");
    }
    char **owned = base_realloc(l->out->owned, (l->out->nowned + 1) * sizeof *owned);
    if (!owned) {
        txt_buf_fini(&b);
        return lex_fail(l, t->text, "out of memory");
    }
    l->out->owned = owned;
    owned[l->out->nowned++] = (char *)b.data;
    t->name = (const char *)b.data;
    t->name_len = (uint32_t)b.len;
    return true;
}

/* "(@id ...)" or "(@"name" ...)": checks the id, then skips to the
 * matching ')'. Inside, anything but unbalanced parentheses, bad strings,
 * control characters and malformed UTF-8 goes (spec "Annotations"). */
static bool begin_annotation(lexer_t *l)
{
    const char *at = l->p;
    l->p += 2;
    if (l->p < l->end && *l->p == '"') {
        txt_tok_t t = {0};
        const char *q = l->p;
        l->p++;
        if (!scan_string(l))
            return false;
        t.text = q;
        t.len = (uint32_t)(l->p - q);
        txt_buf_t b = {0};
        txt_string_decode(&t, &b);
        bool empty = b.len == 0, utf8 = base_utf8_valid(b.data, b.len);
        txt_buf_fini(&b);
        if (empty || !utf8)
            return lex_fail(l, at, empty ? "empty annotation id" : "malformed UTF-8 encoding");
    } else {
        const char *q = l->p;
        while (l->p < l->end && is_idchar((unsigned char)*l->p))
            l->p++;
        if (l->p == q)
            return lex_fail(l, at, "empty annotation id");
    }
    int depth = 1;
    while (l->p < l->end) {
        unsigned char c = (unsigned char)*l->p;
        if (c == '(' && l->p + 1 < l->end && l->p[1] == ';') {
            if (!skip_block_comment(l))
                return false;
        } else if (c == ';' && l->p + 1 < l->end && l->p[1] == ';') {
            while (l->p < l->end && *l->p != '\n' && *l->p != '\r')
                l->p++;
        } else if (c == '"') {
            l->p++;
            if (!scan_string(l))
                return false;
        } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
            return lex_fail(l, l->p, "illegal character");
        } else if (c >= 0x80) {
            size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if ((size_t)(l->end - l->p) < n || !base_utf8_valid((const uint8_t *)l->p, n))
                return lex_fail(l, l->p, "malformed UTF-8 encoding");
            return lex_fail(l, l->p, "illegal character"); /* non-ASCII only in strings */
        } else {
            if (c == '\n')
                newline(l, l->p + 1);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            l->p++;
            if (depth == 0)
                return true;
        }
    }
    return lex_fail(l, at, "unclosed annotation");
}

/* A character that starts no token: control characters and non-ASCII. */
static bool illegal_char(lexer_t *l)
{
    unsigned char c = (unsigned char)*l->p;
    if (c >= 0x80) {
        size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if ((size_t)(l->end - l->p) < n || !base_utf8_valid((const uint8_t *)l->p, n))
            return lex_fail(l, l->p, "malformed UTF-8 encoding");
    }
    return lex_fail(l, l->p, "illegal character");
}

static bool lex_atom(lexer_t *l)
{
    const char *at = l->p;
    if (*at == '"') {
        l->p++;
        if (!scan_string(l))
            return false;
        if (!push(l, TK_STRING, at, (size_t)(l->p - at)))
            return lex_fail(l, at, "out of memory");
    } else {
        while (l->p < l->end && is_idchar((unsigned char)*l->p))
            l->p++;
        bool quoted = l->p == at + 1 && *at == '$' && l->p < l->end && *l->p == '"';
        if (quoted) {
            l->p++;
            if (!scan_string(l))
                return false;
        }
        if (l->p == at)
            return illegal_char(l);
        char c = *at;
        txt_tok_kind_t kind = c == '$' ? TK_ID
                              : (c >= 'a' && c <= 'z') ? TK_KEYWORD
                              : (c >= '0' && c <= '9') || c == '+' || c == '-' ? TK_NUM
                                                                               : TK_RESERVED;
        if (kind == TK_ID && l->p == at + 1)
            kind = TK_RESERVED; /* a lone '$' */
        txt_tok_t *t = push(l, kind, at, (size_t)(l->p - at));
        if (!t)
            return lex_fail(l, at, "out of memory");
        if (quoted) {
            if (!quoted_id(l, t))
                return false;
        } else if (kind == TK_ID) {
            t->name = at + 1;
            t->name_len = t->len - 1;
        }
    }
    /* Tokens must be separated: "1x" or "a"b are errors, not two tokens. */
    if (l->p < l->end && (is_idchar((unsigned char)*l->p) || *l->p == '"'))
        return lex_fail(l, at, "unknown token (tokens must be separated)");
    return true;
}

bool txt_lex(const char *text, size_t len, txt_lexed_t *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    lexer_t l = {.src = text, .end = text + len, .p = text, .line = 1, .line_start = text,
                 .out = out, .err = err, .err_size = err_size};
    uint32_t *stack = NULL;
    size_t depth = 0, stack_cap = 0;
    bool ok = true;
    while (ok && l.p < l.end) {
        unsigned char c = (unsigned char)*l.p;
        if (c == ' ' || c == '\t' || c == '\r') {
            l.p++;
        } else if (c == '\n') {
            l.p++;
            newline(&l, l.p);
        } else if (c == ';' && l.p + 1 < l.end && l.p[1] == ';') {
            while (l.p < l.end && *l.p != '\n' && *l.p != '\r') { /* either ends it */
                if ((unsigned char)*l.p >= 0x80) { /* comments are text too */
                    size_t n = (unsigned char)*l.p >= 0xF0 ? 4 : (unsigned char)*l.p >= 0xE0 ? 3 : 2;
                    if ((size_t)(l.end - l.p) < n || !base_utf8_valid((const uint8_t *)l.p, n)) {
                        ok = lex_fail(&l, l.p, "malformed UTF-8 encoding");
                        break;
                    }
                    l.p += n;
                } else {
                    l.p++;
                }
            }
        } else if (c == '(' && l.p + 1 < l.end && l.p[1] == ';') {
            ok = skip_block_comment(&l);
        } else if (c == '(' && l.p + 1 < l.end && l.p[1] == '@') {
            ok = begin_annotation(&l);
        } else if (c == '(') {
            if (depth == stack_cap) {
                stack_cap = stack_cap ? stack_cap * 2 : 64;
                uint32_t *s = base_realloc(stack, stack_cap * sizeof *s);
                if (!s) {
                    ok = lex_fail(&l, l.p, "out of memory");
                    break;
                }
                stack = s;
            }
            stack[depth++] = (uint32_t)out->count;
            ok = push(&l, TK_LPAREN, l.p, 1) != NULL || lex_fail(&l, l.p, "out of memory");
            l.p++;
        } else if (c == ')') {
            if (depth == 0) {
                ok = lex_fail(&l, l.p, "unexpected ')'");
                break;
            }
            out->toks[stack[--depth]].match = (uint32_t)out->count;
            ok = push(&l, TK_RPAREN, l.p, 1) != NULL || lex_fail(&l, l.p, "out of memory");
            l.p++;
        } else {
            ok = lex_atom(&l);
        }
    }
    if (ok && depth > 0) {
        const txt_tok_t *open = &out->toks[stack[depth - 1]];
        snprintf(err, err_size, "%u:%u: unclosed '('", open->line, open->col);
        ok = false;
    }
    base_free(stack);
    if (ok && !push(&l, TK_EOF, l.end, 0))
        ok = lex_fail(&l, l.end, "out of memory");
    if (ok)
        out->toks[out->count - 1].match = (uint32_t)(out->count - 1);
    if (!ok)
        txt_lexed_fini(out);
    return ok;
}

void txt_lexed_fini(txt_lexed_t *lx)
{
    for (size_t i = 0; i < lx->nowned; i++)
        base_free(lx->owned[i]);
    base_free(lx->owned);
    base_free(lx->toks);
    memset(lx, 0, sizeof *lx);
}

bool txt_tok_is(const txt_tok_t *t, const char *keyword)
{
    return t->kind == TK_KEYWORD && strlen(keyword) == t->len && memcmp(t->text, keyword, t->len) == 0;
}
