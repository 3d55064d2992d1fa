/* json.c — recursive-descent JSON reader for wast2json output (see json.h).
 * Handles the whole grammar (objects, arrays, strings with \u escapes and
 * surrogate pairs, numbers, true/false/null); depth is bounded.
 */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 200

typedef struct parser {
    const char *p, *end, *start;
    char *err;
    size_t err_size;
    bool failed;
} parser_t;

static json_t *parse_value(parser_t *ps, int depth);

static void fail(parser_t *ps, const char *what)
{
    if (ps->failed)
        return;
    ps->failed = true;
    int line = 1;
    for (const char *q = ps->start; q < ps->p && q < ps->end; q++)
        line += *q == '\n';
    snprintf(ps->err, ps->err_size, "line %d: %s", line, what);
}

static void skip_ws(parser_t *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t'))
        ps->p++;
}

static json_t *new_node(parser_t *ps, json_kind_t kind)
{
    json_t *v = calloc(1, sizeof *v);
    if (!v)
        fail(ps, "out of memory");
    else
        v->kind = kind;
    return v;
}

static bool push_item(parser_t *ps, json_t *container, char *key, json_t *item)
{
    size_t n = container->count + 1;
    if (n > container->cap) { /* grow geometrically: arrays of 10^5 commands */
        size_t cap = container->cap ? container->cap * 2 : 8;
        json_t **items = realloc(container->items, cap * sizeof *items);
        if (!items)
            goto oom;
        container->items = items;
        if (container->kind == JSON_OBJECT) {
            char **keys = realloc(container->keys, cap * sizeof *keys);
            if (!keys)
                goto oom;
            container->keys = keys;
        }
        container->cap = cap;
    }
    if (container->kind == JSON_OBJECT)
        container->keys[n - 1] = key;
    container->items[n - 1] = item;
    container->count = n;
    return true;
oom:
    fail(ps, "out of memory");
    return false;
}

static int hex4(const char *s)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Reads \uXXXX (and a following low surrogate); ps->p is after the 'u'. */
static bool parse_u_escape(parser_t *ps, unsigned *cp)
{
    if (ps->end - ps->p < 4 || hex4(ps->p) < 0) {
        fail(ps, "bad \\u escape");
        return false;
    }
    *cp = (unsigned)hex4(ps->p);
    ps->p += 4;
    if (*cp >= 0xD800 && *cp < 0xDC00 && ps->end - ps->p >= 6 && ps->p[0] == '\\' &&
        ps->p[1] == 'u' && hex4(ps->p + 2) >= 0xDC00 && hex4(ps->p + 2) < 0xE000) {
        *cp = 0x10000 + ((*cp - 0xD800) << 10) + ((unsigned)hex4(ps->p + 2) - 0xDC00);
        ps->p += 6;
    }
    return true;
}

/* Length of the source text of the string starting at p (after the quote). */
static size_t span_of_string(const char *p, const char *end)
{
    const char *q = p;
    while (q < end && *q != '"')
        q += *q == '\\' && q + 1 < end ? 2 : 1;
    return (size_t)(q - p);
}

/* Parses a string; ps->p is at the opening quote. The result is at most as
 * long as its source text (escapes never expand), so one allocation fits. */
static char *parse_string_raw(parser_t *ps, size_t *len_out)
{
    ps->p++;
    char *out = malloc(span_of_string(ps->p, ps->end) + 1);
    size_t n = 0;
    if (!out) {
        fail(ps, "out of memory");
        return NULL;
    }
    while (ps->p < ps->end && *ps->p != '"') {
        char c = *ps->p++;
        if (c != '\\') {
            out[n++] = c;
            continue;
        }
        if (ps->p >= ps->end)
            break;
        c = *ps->p++;
        unsigned cp;
        switch (c) {
        case '"': case '\\': case '/': out[n++] = c; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u':
            if (!parse_u_escape(ps, &cp))
                goto bad;
            n += put_utf8(out + n, cp);
            break;
        default:
            fail(ps, "bad escape in string");
            goto bad;
        }
    }
    if (ps->p >= ps->end) {
        fail(ps, "unterminated string");
        goto bad;
    }
    ps->p++;
    out[n] = '\0';
    *len_out = n;
    return out;
bad:
    free(out);
    return NULL;
}

static json_t *parse_string(parser_t *ps)
{
    json_t *v = new_node(ps, JSON_STRING);
    if (v && !(v->str = parse_string_raw(ps, &v->str_len))) {
        free(v);
        return NULL;
    }
    return v;
}

static json_t *parse_number(parser_t *ps)
{
    char buf[64];
    size_t n = 0;
    while (ps->p < ps->end && n + 1 < sizeof buf && strchr("+-0123456789.eE", *ps->p))
        buf[n++] = *ps->p++;
    buf[n] = '\0';
    char *endp;
    double d = strtod(buf, &endp);
    if (n == 0 || *endp != '\0') {
        fail(ps, "bad number");
        return NULL;
    }
    json_t *v = new_node(ps, JSON_NUMBER);
    if (v)
        v->number = d;
    return v;
}

static json_t *parse_word(parser_t *ps)
{
    static const struct { const char *word; json_kind_t kind; bool b; } words[] = {
        {"true", JSON_BOOL, true}, {"false", JSON_BOOL, false}, {"null", JSON_NULL, false},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t len = strlen(words[i].word);
        if ((size_t)(ps->end - ps->p) >= len && memcmp(ps->p, words[i].word, len) == 0) {
            ps->p += len;
            json_t *v = new_node(ps, words[i].kind);
            if (v)
                v->boolean = words[i].b;
            return v;
        }
    }
    fail(ps, "unexpected character");
    return NULL;
}

/* Array or object; ps->p is at '[' or '{'. */
static json_t *parse_container(parser_t *ps, int depth)
{
    bool is_object = *ps->p == '{';
    char close = is_object ? '}' : ']';
    json_t *v = new_node(ps, is_object ? JSON_OBJECT : JSON_ARRAY);
    if (!v)
        return NULL;
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        return v;
    }
    for (;;) {
        char *key = NULL;
        skip_ws(ps);
        if (is_object) {
            size_t key_len;
            if (ps->p >= ps->end || *ps->p != '"') {
                fail(ps, "expected a key");
                goto bad;
            }
            if (!(key = parse_string_raw(ps, &key_len)))
                goto bad;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':') {
                free(key);
                fail(ps, "expected ':'");
                goto bad;
            }
            ps->p++;
        }
        json_t *item = parse_value(ps, depth + 1);
        if (!item || !push_item(ps, v, key, item)) {
            free(key);
            json_free(item);
            goto bad;
        }
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            return v;
        }
        fail(ps, is_object ? "expected ',' or '}'" : "expected ',' or ']'");
        goto bad;
    }
bad:
    json_free(v);
    return NULL;
}

static json_t *parse_value(parser_t *ps, int depth)
{
    if (depth > JSON_MAX_DEPTH) {
        fail(ps, "nesting too deep");
        return NULL;
    }
    skip_ws(ps);
    if (ps->p >= ps->end) {
        fail(ps, "unexpected end of input");
        return NULL;
    }
    char c = *ps->p;
    if (c == '{' || c == '[')
        return parse_container(ps, depth);
    if (c == '"')
        return parse_string(ps);
    if (c == '-' || (c >= '0' && c <= '9'))
        return parse_number(ps);
    return parse_word(ps);
}

json_t *json_parse(const char *text, size_t len, char *err, size_t err_size)
{
    parser_t ps = {text, text + len, text, err, err_size, false};
    json_t *v = parse_value(&ps, 0);
    skip_ws(&ps);
    if (v && ps.p != ps.end) {
        fail(&ps, "trailing characters after the document");
        json_free(v);
        return NULL;
    }
    return v;
}

void json_free(json_t *value)
{
    if (!value)
        return;
    for (size_t i = 0; i < value->count; i++) {
        json_free(value->items[i]);
        if (value->keys)
            free(value->keys[i]);
    }
    free(value->items);
    free(value->keys);
    free(value->str);
    free(value);
}

const json_t *json_get(const json_t *object, const char *key)
{
    if (!object || object->kind != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < object->count; i++)
        if (strcmp(object->keys[i], key) == 0)
            return object->items[i];
    return NULL;
}

const char *json_get_str(const json_t *object, const char *key)
{
    const json_t *v = json_get(object, key);
    return v && v->kind == JSON_STRING ? v->str : NULL;
}

long json_get_int(const json_t *object, const char *key, long fallback)
{
    const json_t *v = json_get(object, key);
    return v && v->kind == JSON_NUMBER ? (long)v->number : fallback;
}

size_t json_len(const json_t *array)
{
    return array && array->kind == JSON_ARRAY ? array->count : 0;
}

const json_t *json_at(const json_t *array, size_t i)
{
    return array && array->kind == JSON_ARRAY && i < array->count ? array->items[i] : NULL;
}
