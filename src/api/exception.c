/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exception.c (api) — exception handling for embedders: host-made tags,
 * exceptions a host function throws, and the tag and payload of an
 * exception that reached the embedder uncaught. */
#include <string.h>
#include "../runtime/runtime.h"
#include "../base/alloc.h"

static bool letter_type(char ch, bin_valtype_t *out)
{
    static const char letters[] = "iIfFvrxe";
    static const bin_valtype_t types[] = {VT_I32, VT_I64, VT_F32, VT_F64, VT_V128,
                                          VT_FUNCREF, VT_EXTERNREF, VT_EXNREF};
    const char *k = ch ? strchr(letters, ch) : NULL;
    if (!k) return false;
    *out = types[k - letters];
    return true;
}

wasmcell_tag_t *wasmcell_tag_new(wasmcell_engine_t *engine, const char *params, wasmcell_error_t **error)
{
    if (!engine || !params) {
        rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE, "wasmcell_tag_new: NULL engine or params"));
        return NULL;
    }
    size_t n = strlen(params);
    if (n && params[n - 1] == ':') n--; /* "ii:" as wasmcell_tag_signature prints it */
    bin_valtype_t *types = base_alloc_array(n ? n : 1, sizeof *types);
    wasmcell_tag_t *tag = base_calloc(1, sizeof *tag);
    if (!types || !tag) {
        base_free(types);
        base_free(tag);
        rt_fail(error, &rt_error_nomem);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (!letter_type(params[i], &types[i])) {
            base_free(types);
            base_free(tag);
            rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE,
                                        "wasmcell_tag_new: bad type letter in \"%s\"", params));
            return NULL;
        }
    tag->engine = engine;
    tag->sig_id = rt_engine_sig_intern(engine, types, (uint32_t)n, NULL, 0, &tag->type);
    base_free(types);
    if (tag->sig_id == UINT32_MAX) {
        base_free(tag);
        rt_fail(error, &rt_error_nomem);
        return NULL;
    }
    pthread_mutex_lock(&engine->exn_lock);
    tag->next_host = engine->host_tags;
    engine->host_tags = tag;
    pthread_mutex_unlock(&engine->exn_lock);
    return tag;
}

const char *wasmcell_tag_signature(const wasmcell_tag_t *tag)
{
    if (!tag) return "";
    wasmcell_engine_t *e = tag->engine;
    pthread_mutex_lock(&e->lock);
    const char *sig = tag->sig_id < e->nsigs ? e->sigs[tag->sig_id] : "";
    pthread_mutex_unlock(&e->lock);
    return sig;
}

/* One value into its slots; false when its type is not `want`. */
static bool value_slots(const wasmcell_val_t *v, bin_valtype_t want, uint64_t *s, uint32_t *n)
{
    if ((bin_valtype_t)v->type != vt_kind(want)) return false;
    s[0] = s[1] = 0;
    *n = 1;
    switch (v->type) {
    case WASMCELL_I32: s[0] = (uint32_t)v->of.i32; break;
    case WASMCELL_I64: s[0] = (uint64_t)v->of.i64; break;
    case WASMCELL_F32: memcpy(s, &v->of.f32, 4); break;
    case WASMCELL_F64: memcpy(s, &v->of.f64, 8); break;
    case WASMCELL_V128: memcpy(s, v->of.v128, 16); *n = 2; break;
    case WASMCELL_FUNCREF: s[0] = (uintptr_t)v->of.funcref; break;
    case WASMCELL_EXTERNREF: s[0] = (uintptr_t)v->of.externref; break;
    case WASMCELL_EXNREF: s[0] = (uintptr_t)v->of.exnref; break;
    }
    return true;
}

wasmcell_error_t *wasmcell_exception_new(wasmcell_tag_t *tag, const wasmcell_val_t *values,
                                         size_t nvalues, wasmcell_error_t **error)
{
    if (!tag || (nvalues && !values) || nvalues != tag->type->nparams) {
        rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE,
                                    "wasmcell_exception_new: NULL tag or wrong number of values"));
        return NULL;
    }
    uint64_t small[16] = {0}, *slots = small;
    if (2 * nvalues > 16 && !(slots = base_alloc_array(2 * nvalues, sizeof *slots))) {
        rt_fail(error, &rt_error_nomem);
        return NULL;
    }
    uint32_t k = 0;
    for (size_t i = 0; i < nvalues; i++) {
        uint32_t n;
        if (!value_slots(&values[i], tag->type->params[i], slots + k, &n)) {
            if (slots != small) base_free(slots);
            rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE,
                                        "wasmcell_exception_new: value %zu is not of the tag's type", i));
            return NULL;
        }
        k += n;
    }
    rt_exn_t *exn = rt_exn_new(tag->engine, tag, slots);
    if (slots != small) base_free(slots);
    if (!exn) {
        rt_fail(error, &rt_error_nomem);
        return NULL;
    }
    return rt_exn_error(exn);
}

wasmcell_tag_t *wasmcell_error_exception_tag(const wasmcell_error_t *error)
{
    return error && error->status == WASMCELL_ERR_EXCEPTION && error->exn ? error->exn->tag : NULL;
}

/* The payload types (kept in the exception: valid after the tag's instance died). */
static const bin_functype_t *exception_type(const wasmcell_error_t *error)
{
    return error && error->status == WASMCELL_ERR_EXCEPTION && error->exn ? error->exn->type : NULL;
}

size_t wasmcell_error_exception_arity(const wasmcell_error_t *error)
{
    const bin_functype_t *type = exception_type(error);
    return type ? type->nparams : 0;
}

wasmcell_status_t wasmcell_error_exception_value(const wasmcell_error_t *error, size_t index,
                                                 wasmcell_val_t *out)
{
    const bin_functype_t *type = exception_type(error);
    if (!out) return WASMCELL_ERR_MISUSE;
    if (!type || index >= type->nparams) return WASMCELL_ERR_NOT_FOUND;
    const uint64_t *s = error->exn->payload;
    for (size_t i = 0; i < index; i++) s += type->params[i] == VT_V128 ? 2 : 1;
    memset(out, 0, sizeof *out);
    out->type = (wasmcell_valtype_t)vt_kind(type->params[index]);
    switch (out->type) {
    case WASMCELL_I32: out->of.i32 = (int32_t)(uint32_t)s[0]; break;
    case WASMCELL_I64: out->of.i64 = (int64_t)s[0]; break;
    case WASMCELL_F32: memcpy(&out->of.f32, s, 4); break;
    case WASMCELL_F64: memcpy(&out->of.f64, s, 8); break;
    case WASMCELL_V128: memcpy(out->of.v128, s, 16); break;
    case WASMCELL_FUNCREF: out->of.funcref = (wasmcell_func_t *)(uintptr_t)s[0]; break;
    case WASMCELL_EXTERNREF: out->of.externref = (void *)(uintptr_t)s[0]; break;
    case WASMCELL_EXNREF: out->of.exnref = (void *)(uintptr_t)s[0]; break;
    }
    return WASMCELL_OK;
}

wasmcell_tag_t *wasmcell_instance_export_tag(wasmcell_instance_t *instance, const char *name)
{
    wasmcell_extern_t ext;
    if (!instance || !name || !rt_instance_export(instance, name, strlen(name), &ext) ||
        ext.kind != WASMCELL_EXTERN_TAG)
        return NULL;
    return ext.of.tag;
}
