/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* script.c — .wast scripts (spec interpreter's script format): module
 * commands (text, binary, quote, definition, instance), register, actions
 * and the assert_* family, turned into wasmcell_wast_command_t records
 * with modules already encoded to binary. Running them is the caller's. */
#include "script.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"

struct txt_script {
    wasmcell_wast_command_t *cmds;
    size_t count, cap;
    void **allocs; /* everything the commands point to */
    size_t nallocs, allocs_cap;
};

typedef struct sparser {
    txt_lexed_t lx;
    size_t pos;
    txt_script_t *s;
    char *err;
    size_t err_size;
    bool failed;
    bool in_either; /* (either ...) does not nest: bounded recursion */
} sparser_t;

static const txt_tok_t *cur(const sparser_t *sp) { return &sp->lx.toks[sp->pos]; }

static bool sfail(sparser_t *sp, const txt_tok_t *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool sfail(sparser_t *sp, const txt_tok_t *t, const char *fmt, ...)
{
    if (strcmp(fmt, "out of memory") == 0)
        txt_oom_note();
    if (sp->failed)
        return false;
    sp->failed = true;
    int n = snprintf(sp->err, sp->err_size, "%u:%u: ", t->line, t->col);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < sp->err_size)
        vsnprintf(sp->err + n, sp->err_size - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

static void *keep(sparser_t *sp, void *ptr)
{
    txt_script_t *s = sp->s;
    if (!ptr) {
        txt_oom_note();
        return NULL;
    }
    if (s->nallocs == s->allocs_cap) {
        size_t cap = s->allocs_cap ? s->allocs_cap * 2 : 64;
        void **a = base_realloc(s->allocs, cap * sizeof *a);
        if (!a) {
            txt_oom_note();
            base_free(ptr);
            return NULL;
        }
        s->allocs = a;
        s->allocs_cap = cap;
    }
    s->allocs[s->nallocs++] = ptr;
    return ptr;
}

static char *keep_str(sparser_t *sp, const char *p, size_t n)
{
    char *c = base_malloc(n + 1);
    if (!c) {
        txt_oom_note();
        return NULL;
    }
    if (n) memcpy(c, p, n);
    c[n] = '\0';
    return keep(sp, c);
}

static bool expect(sparser_t *sp, txt_tok_kind_t kind, const char *what)
{
    if (cur(sp)->kind != kind)
        return sfail(sp, cur(sp), "unexpected token '%.*s', expected %s",
                     (int)(cur(sp)->len > 40 ? 40 : cur(sp)->len), cur(sp)->text, what);
    sp->pos++;
    return true;
}

static const char *opt_id(sparser_t *sp)
{
    const txt_tok_t *t = cur(sp);
    if (t->kind != TK_ID)
        return NULL;
    sp->pos++;
    return keep_str(sp, t->name, t->name_len);
}

/* Concatenated strings; *n bytes (NUL terminated copy kept by the script). */
static char *strings(sparser_t *sp, size_t *n)
{
    txt_buf_t b = {0};
    while (cur(sp)->kind == TK_STRING)
        txt_string_decode(&sp->lx.toks[sp->pos++], &b);
    txt_buf_byte(&b, 0);
    if (b.oom) {
        txt_buf_fini(&b);
        return NULL;
    }
    *n = b.len - 1;
    return keep(sp, b.data);
}

/* ---- modules ------------------------------------------------------------------ */

static void set_module(sparser_t *sp, wasmcell_wast_command_t *c, txt_result_t *res)
{
    if (res->status == 0) {
        c->module_bytes = keep(sp, res->bytes);
        c->module_size = res->size;
        if (!c->module_bytes)
            c->module_error = "out of memory";
    } else {
        c->module_error = keep_str(sp, res->message, strlen(res->message));
        if (!c->module_error)
            c->module_error = "out of memory";
    }
}

/* (module definition? $id? (binary|quote)? ...) at the cursor ("(" consumed
 * by the caller up to and including "module"). */
static bool module_body(sparser_t *sp, wasmcell_wast_command_t *c, size_t close)
{
    c->module_is_text = 1;
    if (txt_tok_is(cur(sp), "definition")) {
        sp->pos++;
        c->module_definition = 1;
    }
    c->module_id = opt_id(sp);
    if (txt_tok_is(cur(sp), "instance") && !c->module_definition) {
        sp->pos++;
        c->kind = WASMCELL_WAST_MODULE_INSTANCE;
        c->module_id = opt_id(sp);
        c->instance_of = opt_id(sp);
        sp->pos = close + 1;
        return true;
    }
    txt_result_t res;
    if (txt_tok_is(cur(sp), "binary") || txt_tok_is(cur(sp), "quote")) {
        bool binary = txt_tok_is(cur(sp), "binary");
        sp->pos++;
        size_t n;
        char *data = strings(sp, &n);
        if (!data)
            return sfail(sp, cur(sp), "out of memory");
        if (sp->pos != close)
            return sfail(sp, cur(sp), "expected a string or ')'");
        if (binary) {
            c->module_is_text = 0;
            c->module_bytes = (const uint8_t *)data;
            c->module_size = n;
        } else {
            txt_wat_to_wasm(data, n, &res);
            set_module(sp, c, &res);
        }
    } else {
        txt_encode_module(&sp->lx, sp->pos, close, &res);
        set_module(sp, c, &res);
    }
    sp->pos = close + 1;
    return true;
}

/* "(module ...)" at the cursor. */
static bool module_cmd(sparser_t *sp, wasmcell_wast_command_t *c)
{
    size_t close = cur(sp)->match;
    if (cur(sp)->kind != TK_LPAREN || !txt_tok_is(&sp->lx.toks[sp->pos + 1], "module"))
        return sfail(sp, cur(sp), "expected (module ...)");
    sp->pos += 2;
    return module_body(sp, c, close);
}

/* ---- values -------------------------------------------------------------------- */

static bool nan_pattern(const txt_tok_t *t, uint8_t *nan)
{
    if (txt_tok_is(t, "nan:canonical"))
        *nan = 1;
    else if (txt_tok_is(t, "nan:arithmetic"))
        *nan = 2;
    else
        return false;
    return true;
}

static bool number(sparser_t *sp, char kind, unsigned bits, uint8_t *bytes, uint8_t *nan,
                   bool expected)
{
    const txt_tok_t *t = cur(sp);
    uint64_t v = 0;
    uint32_t f32;
    bool ok;
    if (expected && kind == 'f' && nan_pattern(t, nan)) {
        sp->pos++;
        return true;
    }
    if (kind == 'i')
        ok = txt_parse_int(t, bits, &v);
    else if (bits == 32)
        ok = txt_parse_f32(t, &f32), v = f32;
    else
        ok = txt_parse_f64(t, &v);
    if (!ok)
        return sfail(sp, t, "bad %c%u value: %s", kind, bits, txt_number_error(t));
    sp->pos++;
    for (unsigned i = 0; i < bits / 8; i++)
        bytes[i] = (uint8_t)(v >> (8 * i));
    return true;
}

static bool vec_value(sparser_t *sp, wasmcell_wast_value_t *v, bool expected)
{
    static const struct { const char *shape; char kind; unsigned bits; } shapes[] = {
        {"i8x16", 'i', 8}, {"i16x8", 'i', 16}, {"i32x4", 'i', 32}, {"i64x2", 'i', 64},
        {"f32x4", 'f', 32}, {"f64x2", 'f', 64},
    };
    v->kind = WASMCELL_WAST_VEC;
    v->type = WASMCELL_V128;
    for (size_t s = 0; s < 6; s++) {
        if (!txt_tok_is(cur(sp), shapes[s].shape))
            continue;
        sp->pos++;
        v->lane_bits = (uint8_t)shapes[s].bits;
        v->lane_float = shapes[s].kind == 'f';
        for (unsigned i = 0; i < 128 / shapes[s].bits; i++)
            if (!number(sp, shapes[s].kind, shapes[s].bits, v->bytes + i * shapes[s].bits / 8,
                        &v->nan[i], expected))
                return false;
        return true;
    }
    return sfail(sp, cur(sp), "expected a vector shape");
}

static bool value(sparser_t *sp, wasmcell_wast_value_t *v, bool expected);

static bool either(sparser_t *sp, wasmcell_wast_value_t *v)
{
    size_t n = 0, cap = 4;
    wasmcell_wast_value_t *alts = keep(sp, base_calloc(cap, sizeof *alts));
    if (!alts)
        return sfail(sp, cur(sp), "out of memory");
    while (cur(sp)->kind == TK_LPAREN) {
        if (n == cap)
            return sfail(sp, cur(sp), "too many alternatives in (either ...)");
        if (!value(sp, &alts[n++], true))
            return false;
    }
    v->kind = WASMCELL_WAST_EITHER;
    v->alternatives = alts;
    v->nalternatives = n;
    return true;
}

static bool value(sparser_t *sp, wasmcell_wast_value_t *v, bool expected)
{
    memset(v, 0, sizeof *v);
    const txt_tok_t *open = cur(sp);
    if (!expect(sp, TK_LPAREN, "'(' value"))
        return false;
    const txt_tok_t *kw = cur(sp);
    size_t close = open->match;
    sp->pos++;
    static const struct { const char *name; wasmcell_valtype_t type; char kind; unsigned bits; } nums[] = {
        {"i32.const", WASMCELL_I32, 'i', 32}, {"i64.const", WASMCELL_I64, 'i', 64},
        {"f32.const", WASMCELL_F32, 'f', 32}, {"f64.const", WASMCELL_F64, 'f', 64},
    };
    bool ok = true;
    bool matched = false;
    for (size_t i = 0; i < 4 && !matched; i++) {
        if (!txt_tok_is(kw, nums[i].name))
            continue;
        matched = true;
        v->kind = WASMCELL_WAST_NUM;
        v->type = nums[i].type;
        ok = number(sp, nums[i].kind, nums[i].bits, v->bytes, &v->nan[0], expected);
    }
    if (matched) {
    } else if (txt_tok_is(kw, "v128.const")) {
        ok = vec_value(sp, v, expected);
    } else if (txt_tok_is(kw, "either") && expected && !sp->in_either) {
        sp->in_either = true;
        ok = either(sp, v);
        sp->in_either = false;
    } else if (txt_tok_is(kw, "ref.null")) {
        v->kind = WASMCELL_WAST_REF_NULL;
        if (sp->pos < close)
            snprintf(v->heap, sizeof v->heap, "%s%.*s", cur(sp)->kind == TK_ID ? "" : "",
                     (int)(cur(sp)->len >= sizeof v->heap ? sizeof v->heap - 1 : cur(sp)->len),
                     cur(sp)->text);
        sp->pos = close;
    } else if (txt_tok_is(kw, "ref.extern") || txt_tok_is(kw, "ref.host")) {
        v->kind = WASMCELL_WAST_REF_EXTERN;
        snprintf(v->heap, sizeof v->heap, "%s", txt_tok_is(kw, "ref.host") ? "host" : "extern");
        if (sp->pos < close) {
            uint64_t n;
            if (!txt_parse_uint(cur(sp), 64, &n))
                return sfail(sp, cur(sp), "bad reference payload");
            sp->pos++;
            v->has_payload = 1;
            v->payload = n;
        }
    } else if (txt_tok_is(kw, "ref.func") && expected) {
        v->kind = WASMCELL_WAST_REF_FUNC;
        sp->pos = close;
    } else if (kw->kind == TK_KEYWORD && kw->len > 4 && memcmp(kw->text, "ref.", 4) == 0 && expected) {
        v->kind = WASMCELL_WAST_REF_OTHER;
        snprintf(v->heap, sizeof v->heap, "%.*s", (int)(kw->len - 4 > 30 ? 30 : kw->len - 4),
                 kw->text + 4);
        sp->pos = close;
    } else {
        return sfail(sp, kw, "unknown %s '%.*s'", expected ? "result pattern" : "argument",
                     (int)(kw->len > 40 ? 40 : kw->len), kw->text);
    }
    return ok && expect(sp, TK_RPAREN, "')'");
}

static bool values(sparser_t *sp, const wasmcell_wast_value_t **out, size_t *n, bool expected)
{
    size_t count = 0;
    for (size_t i = sp->pos; sp->lx.toks[i].kind == TK_LPAREN; i = sp->lx.toks[i].match + 1)
        count++;
    wasmcell_wast_value_t *v = keep(sp, base_calloc(count + 1, sizeof *v));
    if (!v)
        return sfail(sp, cur(sp), "out of memory");
    for (size_t i = 0; i < count; i++)
        if (!value(sp, &v[i], expected))
            return false;
    *out = v;
    *n = count;
    return true;
}

/* (invoke $id? "name" arg*) | (get $id? "name") */
static bool action(sparser_t *sp, wasmcell_wast_command_t *c)
{
    if (!expect(sp, TK_LPAREN, "'(' action"))
        return false;
    bool get = txt_tok_is(cur(sp), "get");
    if (!get && !txt_tok_is(cur(sp), "invoke"))
        return sfail(sp, cur(sp), "expected invoke or get");
    sp->pos++;
    c->has_action = 1;
    c->action_is_get = get;
    c->module_id = opt_id(sp);
    if (cur(sp)->kind != TK_STRING)
        return sfail(sp, cur(sp), "expected the export name");
    c->name = strings(sp, &c->name_len);
    if (!c->name)
        return sfail(sp, cur(sp), "out of memory");
    if (!get && !values(sp, &c->args, &c->nargs, false))
        return false;
    return expect(sp, TK_RPAREN, "')'");
}

static bool message(sparser_t *sp, wasmcell_wast_command_t *c)
{
    size_t n;
    if (cur(sp)->kind != TK_STRING)
        return sfail(sp, cur(sp), "expected the failure message");
    c->message = strings(sp, &n);
    return c->message || sfail(sp, cur(sp), "out of memory");
}

/* ---- commands -------------------------------------------------------------------- */

static const struct { const char *name; wasmcell_wast_kind_t kind; } asserts[] = {
    {"assert_invalid", WASMCELL_WAST_ASSERT_INVALID},
    {"assert_malformed", WASMCELL_WAST_ASSERT_MALFORMED},
    {"assert_unlinkable", WASMCELL_WAST_ASSERT_UNLINKABLE},
    {"assert_uninstantiable", WASMCELL_WAST_ASSERT_UNINSTANTIABLE},
};

static bool command(sparser_t *sp, wasmcell_wast_command_t *c)
{
    const txt_tok_t *open = cur(sp);
    size_t close = open->match;
    c->line = open->line;
    if (!expect(sp, TK_LPAREN, "'(' command"))
        return false;
    const txt_tok_t *kw = cur(sp);
    if (txt_tok_is(kw, "module")) {
        c->kind = WASMCELL_WAST_MODULE;
        sp->pos++;
        return module_body(sp, c, close);
    }
    sp->pos++;
    if (txt_tok_is(kw, "register")) {
        c->kind = WASMCELL_WAST_REGISTER;
        if (cur(sp)->kind != TK_STRING)
            return sfail(sp, cur(sp), "expected the registered name");
        c->name = strings(sp, &c->name_len);
        c->module_id = opt_id(sp);
    } else if (txt_tok_is(kw, "invoke") || txt_tok_is(kw, "get")) {
        c->kind = WASMCELL_WAST_ACTION;
        sp->pos -= 2;
        if (!action(sp, c))
            return false;
        return true;
    } else if (txt_tok_is(kw, "assert_return")) {
        c->kind = WASMCELL_WAST_ASSERT_RETURN;
        if (!action(sp, c) || !values(sp, &c->expected, &c->nexpected, true))
            return false;
    } else if (txt_tok_is(kw, "assert_trap") || txt_tok_is(kw, "assert_exhaustion") ||
               txt_tok_is(kw, "assert_exception")) {
        c->kind = txt_tok_is(kw, "assert_trap") ? WASMCELL_WAST_ASSERT_TRAP
                  : txt_tok_is(kw, "assert_exhaustion") ? WASMCELL_WAST_ASSERT_EXHAUSTION
                                                        : WASMCELL_WAST_ASSERT_EXCEPTION;
        bool on_module = c->kind == WASMCELL_WAST_ASSERT_TRAP &&
                         txt_tok_is(&sp->lx.toks[sp->pos + 1], "module");
        if (on_module ? !module_cmd(sp, c) : !action(sp, c))
            return false;
        if (c->kind != WASMCELL_WAST_ASSERT_EXCEPTION && !message(sp, c))
            return false;
    } else {
        size_t i = 0;
        while (i < sizeof asserts / sizeof asserts[0] && !txt_tok_is(kw, asserts[i].name))
            i++;
        if (i == sizeof asserts / sizeof asserts[0]) {
            if (txt_tok_is(kw, "script") || txt_tok_is(kw, "input") || txt_tok_is(kw, "output") ||
                txt_tok_is(kw, "meta"))
                return sfail(sp, kw, "unsupported script command '%.*s'", (int)kw->len, kw->text);
            return sfail(sp, kw, "unknown command '%.*s'", (int)(kw->len > 40 ? 40 : kw->len),
                         kw->text);
        }
        c->kind = asserts[i].kind;
        if (!module_cmd(sp, c) || !message(sp, c))
            return false;
    }
    if (sp->pos != close)
        return sfail(sp, cur(sp), "unexpected token in command, expected ')'");
    sp->pos = close + 1;
    return true;
}

static wasmcell_wast_command_t *new_command(txt_script_t *s)
{
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        wasmcell_wast_command_t *c = base_realloc(s->cmds, cap * sizeof *c);
        if (!c)
            return NULL;
        s->cmds = c;
        s->cap = cap;
    }
    wasmcell_wast_command_t *c = &s->cmds[s->count];
    memset(c, 0, sizeof *c);
    return c;
}

txt_script_t *txt_script_parse(const char *text, size_t len, char *err, size_t err_size)
{
    txt_script_t *s = base_calloc(1, sizeof *s);
    if (!s) {
        txt_oom_note();
        snprintf(err, err_size, "out of memory");
        return NULL;
    }
    err[0] = '\0';
    sparser_t sp = {.s = s, .err = err, .err_size = err_size};
    if (!txt_lex(text, len, &sp.lx, err, err_size))
        return s;
    /* A script may also be a bare module (a .wat given to `wast`). */
    bool bare = sp.lx.count > 1 && sp.lx.toks[0].kind == TK_LPAREN && !txt_tok_is(&sp.lx.toks[1], "module") &&
                strncmp(sp.lx.toks[1].text, "assert_", 7) != 0 && !txt_tok_is(&sp.lx.toks[1], "register") &&
                !txt_tok_is(&sp.lx.toks[1], "invoke") && !txt_tok_is(&sp.lx.toks[1], "get");
    if (bare) {
        wasmcell_wast_command_t *c = new_command(s);
        if (c) {
            txt_result_t res;
            c->line = 1;
            c->module_is_text = 1;
            txt_encode_module(&sp.lx, 0, sp.lx.count - 1, &res);
            set_module(&sp, c, &res);
            s->count++;
        } else {
            txt_oom_note();
        }
        txt_lexed_fini(&sp.lx);
        return s;
    }
    while (cur(&sp)->kind != TK_EOF) {
        wasmcell_wast_command_t *c = new_command(s);
        if (!c) {
            sfail(&sp, cur(&sp), "out of memory");
            break;
        }
        if (!command(&sp, c))
            break;
        s->count++;
    }
    txt_lexed_fini(&sp.lx);
    return s;
}

size_t txt_script_count(const txt_script_t *s) { return s ? s->count : 0; }

const wasmcell_wast_command_t *txt_script_at(const txt_script_t *s, size_t i)
{
    return s && i < s->count ? &s->cmds[i] : NULL;
}

void txt_script_free(txt_script_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nallocs; i++)
        base_free(s->allocs[i]);
    base_free(s->allocs);
    base_free(s->cmds);
    base_free(s);
}
