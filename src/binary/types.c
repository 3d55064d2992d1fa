/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* types.c — type equivalence of a module's defined types and the text of
 * value types. Equivalence is the spec's iso-recursive one (Types: Type
 * Equivalence): two types are equivalent when their rec groups have the
 * same structure, references inside a group counted relative to it and
 * references outside it compared by equivalence, and they sit at the same
 * place in them. Without rec groups and references that is plain
 * structural equality of function types. */
#include <stdio.h>
#include <string.h>
#include "../base/alloc.h"
#include "module.h"

/* The key of one value type: two words, (kind | nullability, target),
 * where target is 0 for abstract types, 1 + the canonical index for a type
 * outside the group, and 0x80000000 | position for one inside it. */
static void key_valtype(const bin_module_t *m, uint32_t start, uint32_t count, bin_valtype_t t,
                        uint32_t *out)
{
    uint32_t idx;
    out[0] = t & ((1u << VT_IDX_SHIFT) - 1);
    out[1] = 0;
    if (!vt_type_idx(t, &idx)) return;
    if (idx >= start && idx - start < count) out[1] = 0x80000000u | (idx - start);
    else if (idx < start) out[1] = 1 + m->type_canon[idx];
    else out[1] = 0x7FFFFFFFu; /* a later group: invalid, reported by the decoder */
}

static size_t key_words(const bin_module_t *m, uint32_t start, uint32_t count)
{
    size_t n = 1;
    for (uint32_t k = 0; k < count; k++)
        n += 3 + 2 * ((size_t)m->types[start + k].nparams + m->types[start + k].nresults);
    return n;
}

static void build_key(const bin_module_t *m, uint32_t start, uint32_t count, uint32_t *key)
{
    size_t n = 0;
    key[n++] = count;
    for (uint32_t k = 0; k < count; k++) {
        const bin_functype_t *t = &m->types[start + k];
        key[n++] = t->open;
        key[n++] = t->nparams;
        key[n++] = t->nresults;
        for (uint32_t i = 0; i < t->nparams; i++, n += 2)
            key_valtype(m, start, count, t->params[i], key + n);
        for (uint32_t i = 0; i < t->nresults; i++, n += 2)
            key_valtype(m, start, count, t->results[i], key + n);
    }
}

static uint64_t hash_words(const uint32_t *w, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ w[i]) * 1099511628211ull;
    return h;
}

typedef struct group {
    uint32_t start;
    uint64_t hash;
    uint32_t *key;
    size_t len;
} group_t;

bool bin_canon_types(bin_module_t *m)
{
    uint32_t n = m->ntypes;
    if (n == 0) return true;
    m->type_canon = base_malloc((size_t)n * sizeof *m->type_canon);
    group_t *groups = base_calloc(n, sizeof *groups);
    uint32_t nslots = 16;
    while (nslots < 2 * (uint64_t)n) nslots *= 2;
    uint32_t *slots = base_calloc(nslots, sizeof *slots); /* group index + 1 */
    bool ok = m->type_canon && groups && slots;
    uint32_t ngroups = 0;
    for (uint32_t s = 0; ok && s < n;) {
        uint32_t count = m->types[s].rec_count ? m->types[s].rec_count : 1;
        if (count > n - s) count = n - s;
        size_t len = key_words(m, s, count);
        uint32_t *key = base_malloc(len * sizeof *key);
        if (!key) { ok = false; break; }
        build_key(m, s, count, key);
        uint64_t h = hash_words(key, len);
        uint32_t i = (uint32_t)h & (nslots - 1), found = UINT32_MAX;
        for (; slots[i]; i = (i + 1) & (nslots - 1)) {
            const group_t *g = &groups[slots[i] - 1];
            if (g->hash == h && g->len == len && memcmp(g->key, key, len * sizeof *key) == 0) {
                found = g->start;
                break;
            }
        }
        if (found != UINT32_MAX) {
            base_free(key);
            for (uint32_t k = 0; k < count; k++) m->type_canon[s + k] = found + k;
        } else {
            groups[ngroups] = (group_t){.start = s, .hash = h, .key = key, .len = len};
            slots[i] = ++ngroups;
            for (uint32_t k = 0; k < count; k++) m->type_canon[s + k] = s + k;
        }
        s += count;
    }
    for (uint32_t g = 0; g < ngroups; g++) base_free(groups[g].key);
    base_free(groups);
    base_free(slots);
    return ok;
}

bool bin_vt_match(const bin_module_t *m, bin_valtype_t actual, bin_valtype_t expected)
{
    if (actual == expected) return true;
    if (!vt_is_ref(actual) || !vt_is_ref(expected)) return false;
    if (vt_nullable(actual) && !vt_nullable(expected)) return false;
    uint32_t ia, ie;
    bool ca = vt_type_idx(actual, &ia), ce = vt_type_idx(expected, &ie);
    if (ce) return ca && m->type_canon[ia] == m->type_canon[ie];
    /* Expected abstract: a concrete function type is a func. */
    return vt_kind(actual) == vt_kind(expected);
}

const char *bin_valtype_str(bin_valtype_t t, char *buf, size_t size)
{
    static const char *const abstract[] = {[0] = "func", [1] = "extern", [2] = "exn"};
    uint8_t k = vt_kind(t);
    uint32_t idx;
    bool concrete = vt_type_idx(t, &idx);
    if (!vt_is_ref(t) || (vt_nullable(t) && !concrete)) {
        switch (k) {
        case VT_I32: return "i32";
        case VT_I64: return "i64";
        case VT_F32: return "f32";
        case VT_F64: return "f64";
        case VT_V128: return "v128";
        case VT_FUNCREF: return "funcref";
        case VT_EXTERNREF: return "externref";
        case VT_EXNREF: return "exnref";
        default: return "?";
        }
    }
    const char *null = vt_nullable(t) ? "null " : "";
    if (concrete)
        snprintf(buf, size, "(ref %s%u)", null, idx);
    else
        snprintf(buf, size, "(ref %s%s)", null,
                 abstract[k == VT_FUNCREF ? 0 : k == VT_EXTERNREF ? 1 : 2]);
    return buf;
}
