/* wast_value.c — wast2json values <-> wasmcell values, and the NaN rules
 * of assert_return (spec interpreter: "nan:canonical" is a NaN whose
 * payload is exactly the canonical one, either sign; "nan:arithmetic" is
 * any NaN with the quiet bit set).
 */
#include "wast.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *name; wasmcell_valtype_t type; } type_names[] = {
    {"i32", WASMCELL_I32}, {"i64", WASMCELL_I64}, {"f32", WASMCELL_F32},
    {"f64", WASMCELL_F64}, {"v128", WASMCELL_V128}, {"funcref", WASMCELL_FUNCREF},
    {"externref", WASMCELL_EXTERNREF},
};

const char *wast_type_name(wasmcell_valtype_t type)
{
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        if (type_names[i].type == type)
            return type_names[i].name;
    return "?";
}

static bool type_of_name(const char *name, wasmcell_valtype_t *out)
{
    for (size_t i = 0; name && i < sizeof type_names / sizeof type_names[0]; i++)
        if (strcmp(type_names[i].name, name) == 0) {
            *out = type_names[i].type;
            return true;
        }
    return false;
}

/* A decimal integer (wast2json writes bit patterns unsigned; accept a
 * sign too), truncated to `bits` by the caller. */
static bool parse_bits(const char *s, uint64_t *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    if (s[0] == '-')
        *out = (uint64_t)strtoll(s, &end, 10);
    else
        *out = strtoull(s, &end, 10);
    return errno == 0 && *end == '\0';
}

static wast_nan_t nan_kind(const char *s)
{
    if (s && strcmp(s, "nan:canonical") == 0)
        return WAST_NAN_CANONICAL;
    if (s && strcmp(s, "nan:arithmetic") == 0)
        return WAST_NAN_ARITHMETIC;
    return WAST_NAN_NONE;
}

static unsigned lane_bytes(const char *lane_type)
{
    if (strcmp(lane_type, "i8") == 0)
        return 1;
    if (strcmp(lane_type, "i16") == 0)
        return 2;
    if (strcmp(lane_type, "i32") == 0 || strcmp(lane_type, "f32") == 0)
        return 4;
    if (strcmp(lane_type, "i64") == 0 || strcmp(lane_type, "f64") == 0)
        return 8;
    return 0;
}

static void store_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t load_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* v128: "lane_type" and an array of lane strings; NaN patterns allowed
 * when nan is non-NULL. */
static bool parse_v128(const json_t *j, uint8_t bytes[16], char lane_type[4], wast_nan_t *nan,
                       char *why, size_t why_size)
{
    const char *lt = json_get_str(j, "lane_type");
    const json_t *lanes = json_get(j, "value");
    unsigned width = lt ? lane_bytes(lt) : 0;
    if (!width || json_len(lanes) != 16 / width) {
        snprintf(why, why_size, "bad v128 value (lane type %s)", lt ? lt : "missing");
        return false;
    }
    snprintf(lane_type, 4, "%s", lt);
    for (unsigned i = 0; i < 16 / width; i++) {
        const json_t *lane = json_at(lanes, i);
        const char *s = lane && lane->kind == JSON_STRING ? lane->str : NULL;
        uint64_t bits = 0;
        wast_nan_t k = nan_kind(s);
        if (k != WAST_NAN_NONE && nan && lt[0] == 'f') {
            nan[i] = k;
        } else if (!parse_bits(s, &bits)) {
            snprintf(why, why_size, "bad v128 lane \"%s\"", s ? s : "?");
            return false;
        }
        store_le(bytes + i * width, bits, width);
    }
    return true;
}

/* The scalar/reference part shared by arguments and expected values. */
static bool parse_plain(const json_t *j, wasmcell_val_t *out, wast_nan_t *nan,
                        bool *any_nonnull_ref, char *why, size_t why_size)
{
    const char *type = json_get_str(j, "type");
    const char *s = json_get_str(j, "value");
    uint64_t bits = 0;
    memset(out, 0, sizeof *out);
    if (!type_of_name(type, &out->type)) {
        snprintf(why, why_size, "unknown value type \"%s\"", type ? type : "?");
        return false;
    }
    if (out->type == WASMCELL_FUNCREF || out->type == WASMCELL_EXTERNREF) {
        if (s && strcmp(s, "null") == 0)
            return true;
        if (out->type == WASMCELL_FUNCREF && any_nonnull_ref) {
            *any_nonnull_ref = true;
            return true;
        }
        if (out->type == WASMCELL_EXTERNREF && parse_bits(s, &bits)) {
            out->of.externref = (void *)(uintptr_t)(bits + 1); /* see wast.h */
            return true;
        }
        snprintf(why, why_size, "unsupported %s value \"%s\"", type, s ? s : "?");
        return false;
    }
    if (nan && (out->type == WASMCELL_F32 || out->type == WASMCELL_F64) &&
        (*nan = nan_kind(s)) != WAST_NAN_NONE)
        return true;
    if (!parse_bits(s, &bits)) {
        snprintf(why, why_size, "bad %s value \"%s\"", type, s ? s : "?");
        return false;
    }
    uint32_t b32 = (uint32_t)bits;
    switch (out->type) {
    case WASMCELL_I32: out->of.i32 = (int32_t)b32; break;
    case WASMCELL_I64: out->of.i64 = (int64_t)bits; break;
    case WASMCELL_F32: memcpy(&out->of.f32, &b32, 4); break;
    case WASMCELL_F64: memcpy(&out->of.f64, &bits, 8); break;
    default: break;
    }
    return true;
}

bool wast_parse_arg(const json_t *j, wasmcell_val_t *out, char *why, size_t why_size)
{
    const char *type = json_get_str(j, "type");
    if (type && strcmp(type, "v128") == 0) {
        char lane_type[4];
        memset(out, 0, sizeof *out);
        out->type = WASMCELL_V128;
        return parse_v128(j, out->of.v128, lane_type, NULL, why, why_size);
    }
    return parse_plain(j, out, NULL, NULL, why, why_size);
}

bool wast_parse_expected(const json_t *j, wast_expected_t *out, char *why, size_t why_size)
{
    const char *type = json_get_str(j, "type");
    memset(out, 0, sizeof *out);
    if (type && strcmp(type, "v128") == 0) {
        out->type = out->value.type = WASMCELL_V128;
        return parse_v128(j, out->value.of.v128, out->lane_type, out->nan, why, why_size);
    }
    if (!parse_plain(j, &out->value, &out->nan[0], &out->any_nonnull_ref, why, why_size))
        return false;
    out->type = out->value.type;
    return true;
}

static bool f32_matches(uint32_t actual, uint32_t expected, wast_nan_t nan)
{
    switch (nan) {
    case WAST_NAN_CANONICAL: return (actual & 0x7FFFFFFFu) == 0x7FC00000u;
    case WAST_NAN_ARITHMETIC: return (actual & 0x7FC00000u) == 0x7FC00000u;
    default: return actual == expected;
    }
}

static bool f64_matches(uint64_t actual, uint64_t expected, wast_nan_t nan)
{
    const uint64_t quiet_nan = 0x7FF8000000000000ull;
    switch (nan) {
    case WAST_NAN_CANONICAL: return (actual & 0x7FFFFFFFFFFFFFFFull) == quiet_nan;
    case WAST_NAN_ARITHMETIC: return (actual & quiet_nan) == quiet_nan;
    default: return actual == expected;
    }
}

static bool v128_matches(const wast_expected_t *e, const uint8_t *actual)
{
    unsigned width = lane_bytes(e->lane_type);
    for (unsigned i = 0; i < 16 / width; i++) {
        uint64_t a = load_le(actual + i * width, width);
        uint64_t x = load_le(e->value.of.v128 + i * width, width);
        bool ok = strcmp(e->lane_type, "f32") == 0   ? f32_matches((uint32_t)a, (uint32_t)x, e->nan[i])
                  : strcmp(e->lane_type, "f64") == 0 ? f64_matches(a, x, e->nan[i])
                                                     : a == x;
        if (!ok)
            return false;
    }
    return true;
}

bool wast_value_matches(const wast_expected_t *e, const wasmcell_val_t *actual)
{
    if (actual->type != e->type)
        return false;
    uint32_t a32, x32;
    uint64_t a64, x64;
    switch (e->type) {
    case WASMCELL_I32: return actual->of.i32 == e->value.of.i32;
    case WASMCELL_I64: return actual->of.i64 == e->value.of.i64;
    case WASMCELL_F32:
        memcpy(&a32, &actual->of.f32, 4);
        memcpy(&x32, &e->value.of.f32, 4);
        return f32_matches(a32, x32, e->nan[0]);
    case WASMCELL_F64:
        memcpy(&a64, &actual->of.f64, 8);
        memcpy(&x64, &e->value.of.f64, 8);
        return f64_matches(a64, x64, e->nan[0]);
    case WASMCELL_V128: return v128_matches(e, actual->of.v128);
    case WASMCELL_FUNCREF:
        return e->any_nonnull_ref ? actual->of.funcref != NULL : actual->of.funcref == NULL;
    case WASMCELL_EXTERNREF: return actual->of.externref == e->value.of.externref;
    }
    return false;
}

static void format_v128(const uint8_t *bytes, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "v128:0x");
    for (int i = 15; i >= 0 && n < size; i--)
        n += (size_t)snprintf(buf + n, size - n, "%02x", bytes[i]);
}

void wast_format_value(const wasmcell_val_t *v, char *buf, size_t size)
{
    uint32_t b32;
    uint64_t b64;
    switch (v->type) {
    case WASMCELL_I32: snprintf(buf, size, "i32:%" PRIu32, (uint32_t)v->of.i32); return;
    case WASMCELL_I64: snprintf(buf, size, "i64:%" PRIu64, (uint64_t)v->of.i64); return;
    case WASMCELL_F32:
        memcpy(&b32, &v->of.f32, 4);
        snprintf(buf, size, "f32:%.9g (0x%08" PRIx32 ")", (double)v->of.f32, b32);
        return;
    case WASMCELL_F64:
        memcpy(&b64, &v->of.f64, 8);
        snprintf(buf, size, "f64:%.17g (0x%016" PRIx64 ")", v->of.f64, b64);
        return;
    case WASMCELL_V128: format_v128(v->of.v128, buf, size); return;
    case WASMCELL_FUNCREF:
        snprintf(buf, size, "funcref:%s", v->of.funcref ? "<func>" : "null");
        return;
    case WASMCELL_EXTERNREF:
        if (v->of.externref)
            snprintf(buf, size, "externref:%" PRIuPTR, (uintptr_t)v->of.externref - 1);
        else
            snprintf(buf, size, "externref:null");
        return;
    }
    snprintf(buf, size, "<type 0x%x>", (unsigned)v->type);
}

void wast_format_expected(const wast_expected_t *e, char *buf, size_t size)
{
    if ((e->type == WASMCELL_F32 || e->type == WASMCELL_F64) && e->nan[0] != WAST_NAN_NONE) {
        snprintf(buf, size, "%s:nan:%s", wast_type_name(e->type),
                 e->nan[0] == WAST_NAN_CANONICAL ? "canonical" : "arithmetic");
        return;
    }
    if (e->any_nonnull_ref) {
        snprintf(buf, size, "funcref:<non-null>");
        return;
    }
    wast_format_value(&e->value, buf, size);
    if (e->type == WASMCELL_V128) {
        size_t n = strlen(buf);
        bool has_nan = false;
        for (int i = 0; i < 16; i++)
            has_nan |= e->nan[i] != WAST_NAN_NONE;
        snprintf(buf + n, size - n, " (%s lanes%s)", e->lane_type, has_nan ? ", NaN patterns" : "");
    }
}
