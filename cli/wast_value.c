/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* wast_value.c — script values (wasmcell_text.h) <-> wasmcell values, and the NaN rules
 * of assert_return (spec interpreter: "nan:canonical" is a NaN whose
 * payload is exactly the canonical one, either sign; "nan:arithmetic" is
 * any NaN with the quiet bit set).
 */
#include "wast.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* nan[] of wasmcell_wast_value_t */
typedef enum wast_nan { WAST_NAN_NONE, WAST_NAN_CANONICAL, WAST_NAN_ARITHMETIC } wast_nan_t;

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

static uint64_t load_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static bool is_ref(wasmcell_valtype_t t)
{
    return t == WASMCELL_FUNCREF || t == WASMCELL_EXTERNREF || t == WASMCELL_EXNREF;
}

bool wast_arg_to_val(const wasmcell_wast_value_t *arg, wasmcell_valtype_t param_type,
                     wasmcell_val_t *out, char *why, size_t why_size)
{
    memset(out, 0, sizeof *out);
    switch (arg->kind) {
    case WASMCELL_WAST_NUM:
        out->type = arg->type;
        switch (arg->type) {
        case WASMCELL_I32: out->of.i32 = (int32_t)(uint32_t)load_le(arg->bytes, 4); break;
        case WASMCELL_I64: out->of.i64 = (int64_t)load_le(arg->bytes, 8); break;
        case WASMCELL_F32: memcpy(&out->of.f32, arg->bytes, 4); break;
        default: memcpy(&out->of.f64, arg->bytes, 8); break;
        }
        return true;
    case WASMCELL_WAST_VEC:
        out->type = WASMCELL_V128;
        memcpy(out->of.v128, arg->bytes, 16);
        return true;
    case WASMCELL_WAST_REF_NULL:
        out->type = is_ref(param_type) ? param_type
                    : strcmp(arg->heap, "extern") == 0 ? WASMCELL_EXTERNREF : WASMCELL_FUNCREF;
        return true;
    case WASMCELL_WAST_REF_EXTERN:
        if (arg->has_payload) {
            out->type = WASMCELL_EXTERNREF;
            out->of.externref = (void *)(uintptr_t)(arg->payload + 1); /* see wast.h */
            return true;
        }
        break;
    default: break;
    }
    snprintf(why, why_size, "argument not expressible in the API (reference kind %d)", (int)arg->kind);
    return false;
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

static bool v128_matches(const wasmcell_wast_value_t *e, const uint8_t *actual)
{
    unsigned width = e->lane_bits / 8u;
    if (!width)
        return false;
    for (unsigned i = 0; i < 16 / width; i++) {
        uint64_t a = load_le(actual + i * width, width);
        uint64_t x = load_le(e->bytes + i * width, width);
        bool ok = e->lane_float && width == 4 ? f32_matches((uint32_t)a, (uint32_t)x, e->nan[i])
                  : e->lane_float ? f64_matches(a, x, e->nan[i])
                                  : a == x;
        if (!ok)
            return false;
    }
    return true;
}

bool wast_value_matches(const wasmcell_wast_value_t *e, const wasmcell_val_t *actual)
{
    switch (e->kind) {
    case WASMCELL_WAST_NUM:
        if (actual->type != e->type)
            return false;
        switch (e->type) {
        case WASMCELL_I32: return (uint32_t)actual->of.i32 == (uint32_t)load_le(e->bytes, 4);
        case WASMCELL_I64: return (uint64_t)actual->of.i64 == load_le(e->bytes, 8);
        case WASMCELL_F32: {
            uint32_t a;
            memcpy(&a, &actual->of.f32, 4);
            return f32_matches(a, (uint32_t)load_le(e->bytes, 4), (wast_nan_t)e->nan[0]);
        }
        case WASMCELL_F64: {
            uint64_t a;
            memcpy(&a, &actual->of.f64, 8);
            return f64_matches(a, load_le(e->bytes, 8), (wast_nan_t)e->nan[0]);
        }
        default: return false;
        }
    case WASMCELL_WAST_VEC: return actual->type == WASMCELL_V128 && v128_matches(e, actual->of.v128);
    case WASMCELL_WAST_REF_NULL:
        return (actual->type == WASMCELL_FUNCREF && !actual->of.funcref &&
                strcmp(e->heap, "extern") != 0 && strcmp(e->heap, "noextern") != 0) ||
               (actual->type == WASMCELL_EXTERNREF && !actual->of.externref &&
                strcmp(e->heap, "func") != 0 && strcmp(e->heap, "nofunc") != 0) ||
               (actual->type == WASMCELL_EXNREF && !actual->of.exnref &&
                (strcmp(e->heap, "exn") == 0 || strcmp(e->heap, "noexn") == 0));
    case WASMCELL_WAST_REF_OTHER:
        return strcmp(e->heap, "exn") == 0 && actual->type == WASMCELL_EXNREF && actual->of.exnref;
    case WASMCELL_WAST_REF_EXTERN:
        return actual->type == WASMCELL_EXTERNREF && actual->of.externref &&
               (!e->has_payload || actual->of.externref == (void *)(uintptr_t)(e->payload + 1));
    case WASMCELL_WAST_REF_FUNC: return actual->type == WASMCELL_FUNCREF && actual->of.funcref;
    case WASMCELL_WAST_EITHER:
        for (size_t i = 0; i < e->nalternatives; i++)
            if (wast_value_matches(&e->alternatives[i], actual))
                return true;
        return false;
    default: return false;
    }
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
    case WASMCELL_EXNREF:
        snprintf(buf, size, "exnref:%s", v->of.exnref ? "<exception>" : "null");
        return;
    }
    snprintf(buf, size, "<type 0x%x>", (unsigned)v->type);
}

void wast_format_expected(const wasmcell_wast_value_t *e, char *buf, size_t size)
{
    wasmcell_val_t v;
    char why[8];
    switch (e->kind) {
    case WASMCELL_WAST_NUM:
        if (e->nan[0]) {
            snprintf(buf, size, "%s:nan:%s", wast_type_name(e->type),
                     e->nan[0] == WAST_NAN_CANONICAL ? "canonical" : "arithmetic");
            return;
        }
        break;
    case WASMCELL_WAST_VEC: {
        bool has_nan = false;
        for (int i = 0; i < 16; i++)
            has_nan |= e->nan[i] != WAST_NAN_NONE;
        format_v128(e->bytes, buf, size);
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, " (%c%u lanes%s)", e->lane_float ? 'f' : 'i', e->lane_bits,
                 has_nan ? ", NaN patterns" : "");
        return;
    }
    case WASMCELL_WAST_REF_NULL: snprintf(buf, size, "ref.null %s", e->heap); return;
    case WASMCELL_WAST_REF_FUNC: snprintf(buf, size, "funcref:<non-null>"); return;
    case WASMCELL_WAST_REF_EXTERN:
        if (!e->has_payload) {
            snprintf(buf, size, "externref:<non-null>");
            return;
        }
        break;
    case WASMCELL_WAST_REF_OTHER: snprintf(buf, size, "ref.%s", e->heap); return;
    case WASMCELL_WAST_EITHER: {
        size_t n = (size_t)snprintf(buf, size, "either(");
        for (size_t i = 0; i < e->nalternatives && n < size; i++) {
            wast_format_expected(&e->alternatives[i], buf + n, size - n);
            n = strlen(buf);
            if (n + 2 < size && i + 1 < e->nalternatives)
                n += (size_t)snprintf(buf + n, size - n, ", ");
        }
        if (n + 2 < size)
            snprintf(buf + n, size - n, ")");
        return;
    }
    }
    if (wast_arg_to_val(e, WASMCELL_I32, &v, why, sizeof why))
        wast_format_value(&v, buf, size);
    else
        snprintf(buf, size, "?");
}
