/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* module.h — the immutable description of a decoded module (plain data).
 * Produced by bin_decode, checked by val_module, consumed by compile and
 * runtime. Nothing here is modified after decoding (except the lazily
 * compiled code cache, which lives in the runtime, not here). */
#ifndef BIN_MODULE_H
#define BIN_MODULE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "wasmcell.h"
#include "../base/diag.h"

/* Value types use their binary encodings. */
enum {
    VT_I32 = 0x7F, VT_I64 = 0x7E, VT_F32 = 0x7D, VT_F64 = 0x7C, VT_V128 = 0x7B,
    VT_FUNCREF = 0x70, VT_EXTERNREF = 0x6F,
    VT_EXNREF = 0x69,          /* exception handling: (ref null exn) */
};
/* A value type. The low byte is its kind: the encodings above, where a
 * reference type's kind is its abstract heap type (func, extern, exn) and
 * a concrete (ref null? $t) has kind VT_FUNCREF (every defined type is a
 * function type). Function references add VT_NONNULL for (ref ht) and
 * the type index + 1 in the bits from VT_IDX_SHIFT up. The 2.0 types keep
 * their one-byte values, so funcref == (ref null func) == VT_FUNCREF.
 * Everything past validation (runtime, tiers, API) looks at the kind only:
 * every function reference is a function pointer. */
typedef uint32_t bin_valtype_t;
#define VT_NONNULL 0x100u
#define VT_IDX_SHIFT 9
#define VT_MAX_TYPE_IDX ((1u << (32 - VT_IDX_SHIFT)) - 2)

static inline uint8_t vt_kind(bin_valtype_t t) { return (uint8_t)t; }
static inline bool vt_is_ref(bin_valtype_t t)
{
    uint8_t k = vt_kind(t);
    return k == VT_FUNCREF || k == VT_EXTERNREF || k == VT_EXNREF;
}
static inline bool vt_nullable(bin_valtype_t t) { return !(t & VT_NONNULL); }
/* A concrete reference (ref null? $t): its type index, else false. */
static inline bool vt_type_idx(bin_valtype_t t, uint32_t *idx)
{
    if (t >> VT_IDX_SHIFT == 0) return false;
    *idx = (t >> VT_IDX_SHIFT) - 1;
    return true;
}
static inline bin_valtype_t vt_concrete(uint32_t type_idx, bool nullable)
{
    return VT_FUNCREF | (type_idx + 1) << VT_IDX_SHIFT | (nullable ? 0 : VT_NONNULL);
}
/* Has a default value (locals, tables without an initializer): every type
 * but the non-nullable references. */
static inline bool vt_defaultable(bin_valtype_t t) { return !(t & VT_NONNULL); }

enum { EXT_FUNC = 0, EXT_TABLE = 1, EXT_MEMORY = 2, EXT_GLOBAL = 3, EXT_TAG = 4 };

typedef struct bin_functype {
    uint32_t nparams, nresults;
    const bin_valtype_t *params;  /* points into the module's type storage */
    const bin_valtype_t *results;
    /* Its recursion group (function references: `rec`): the types
     * rec_start .. rec_start + rec_count - 1; a type alone is its own group.
     * open: declared `sub` without `final` (it could have subtypes). */
    uint32_t rec_start, rec_count;
    bool open;
} bin_functype_t;

typedef struct bin_limits {
    uint64_t min;
    uint64_t max;     /* valid when has_max */
    bool has_max;
    bool shared;      /* threads proposal; always false in 2.0 */
    bool is64;        /* memory64 proposal; always false in 2.0 */
} bin_limits_t;

/* A constant expression: the raw bytes of the expression including its
 * final `end` (0x0B), validated later; evaluated at instantiation by
 * reading it with bin_read_instr. */
typedef struct bin_constexpr {
    size_t offset;      /* byte offset of the expression in the module */
    const uint8_t *code;
    size_t size;        /* including the final 0x0B */
} bin_constexpr_t;

/* A table; function references add an initializer for its elements
 * (required when elem_type is non-nullable; never on imports). */
typedef struct bin_tabletype {
    bin_valtype_t elem_type;
    bin_limits_t limits;
    bool has_init;
    bin_constexpr_t init;
} bin_tabletype_t;
typedef struct bin_memtype { bin_limits_t limits; } bin_memtype_t;
typedef struct bin_globaltype { bin_valtype_t type; bool mutable_; } bin_globaltype_t;

typedef struct bin_import {
    const char *module; /* NUL terminated copies, valid UTF-8 */
    const char *name;
    uint32_t module_len, name_len; /* lengths (names may contain NUL bytes) */
    uint8_t kind;       /* EXT_* */
    union {
        uint32_t type_idx;           /* EXT_FUNC */
        bin_tabletype_t table;
        bin_memtype_t memory;
        bin_globaltype_t global;
        uint32_t tag_type_idx;       /* EXT_TAG: the tag's function type */
    } desc;
} bin_import_t;

typedef struct bin_export {
    const char *name;   /* NUL terminated copy */
    uint32_t name_len;
    uint8_t kind;       /* EXT_* */
    uint32_t idx;       /* index in that kind's index space */
} bin_export_t;

typedef struct bin_global {
    bin_globaltype_t type;
    bin_constexpr_t init;
} bin_global_t;

/* A function defined in this module (imports are not here). */
typedef struct bin_func {
    uint32_t type_idx;
    uint32_t nlocals;          /* declared locals, parameters excluded */
    bin_valtype_t *local_types;/* nlocals entries, expanded from the groups */
    size_t body_offset;        /* offset of the first instruction (after locals) */
    const uint8_t *body;       /* first instruction */
    size_t body_size;          /* up to and including the final 0x0B */
} bin_func_t;

enum { SEG_ACTIVE = 0, SEG_PASSIVE = 1, SEG_DECLARATIVE = 2 };

typedef struct bin_elem {
    uint8_t mode;              /* SEG_* */
    uint32_t table_idx;        /* active only */
    bin_constexpr_t offset;    /* active only */
    bin_valtype_t elem_type;   /* VT_FUNCREF or VT_EXTERNREF */
    uint32_t count;
    /* Exactly one of these is non-NULL: func indices (elemkind form) or one
     * constant expression per element (expression form). */
    uint32_t *func_idxs;
    bin_constexpr_t *exprs;
} bin_elem_t;

typedef struct bin_data {
    uint8_t mode;              /* SEG_ACTIVE or SEG_PASSIVE */
    uint32_t mem_idx;
    bin_constexpr_t offset;    /* active only */
    const uint8_t *bytes;      /* points into the module's copy of the input */
    uint32_t size;
} bin_data_t;

typedef struct bin_custom {
    const char *name;
    const uint8_t *bytes;
    size_t size;
} bin_custom_t;

typedef struct bin_module {
    uint8_t *bytes;            /* owned copy of the input; bodies point into it */
    size_t size;

    uint32_t ntypes;
    bin_functype_t *types;
    bin_valtype_t *type_storage; /* the params and results of every type */
    /* Per type: the smallest index of a type equivalent to it (the spec's
     * type equivalence: the same rec group structure at the same place), so
     * two types are equivalent when their type_canon values are equal. */
    uint32_t *type_canon;

    uint32_t nimports;
    bin_import_t *imports;

    /* Index spaces: imports first, then definitions. */
    uint32_t nfuncs, nfunc_imports;
    uint32_t *func_type_idxs;  /* nfuncs entries, imports included */
    bin_func_t *funcs;         /* nfuncs - nfunc_imports defined functions */

    uint32_t ntables, ntable_imports;
    bin_tabletype_t *tables;   /* ntables entries, imports included */

    uint32_t nmemories, nmemory_imports;
    bin_memtype_t *memories;   /* nmemories entries, imports included */

    /* Exception tags: their function type indices (results must be empty). */
    uint32_t ntags, ntag_imports;
    uint32_t *tag_type_idxs;   /* ntags entries, imports included */

    uint32_t nglobals, nglobal_imports;
    bin_globaltype_t *global_types; /* nglobals entries, imports included */
    bin_global_t *globals;     /* nglobals - nglobal_imports defined globals */

    uint32_t nexports;
    bin_export_t *exports;

    bool has_start;
    uint32_t start_func_idx;

    uint32_t nelems;
    bin_elem_t *elems;

    bool has_data_count;
    uint32_t data_count;
    uint32_t ndatas;
    bin_data_t *datas;

    uint32_t ncustoms;
    bin_custom_t *customs;

    /* From the "name" custom section when present and well formed (a
     * malformed name section is ignored, as the spec allows). */
    char *module_name;
    char **func_names;         /* nfuncs entries, NULL where unnamed; or NULL */
    /* The WASMCELL_FEATURE_* bits it was decoded (and is validated) with. */
    uint32_t features;
} bin_module_t;

/* Every post-2.0 feature the engine implements (WASMCELL_FEATURE_* bits). */
#define BIN_FEATURES_ALL                                                                  \
    (WASMCELL_FEATURE_EXTENDED_CONST | WASMCELL_FEATURE_TAIL_CALL |                       \
     WASMCELL_FEATURE_RELAXED_SIMD | WASMCELL_FEATURE_EXCEPTIONS |                        \
     WASMCELL_FEATURE_MULTI_MEMORY | WASMCELL_FEATURE_MEMORY64 |                          \
     WASMCELL_FEATURE_FUNCTION_REFERENCES)

/* Decode `bytes` (copied) into *out. On failure returns false, fills `diag`
 * (status WASMCELL_ERR_MALFORMED or _UNSUPPORTED, offset, the spec's wording
 * in diag->reason) and leaves *out NULL. Does not validate. bin_decode allows
 * every feature; bin_decode_features only the WASMCELL_FEATURE_* bits of
 * `features` (opcodes of the others are illegal, as in a 2.0 decoder). */
bool bin_decode(const uint8_t *bytes, size_t size, bin_module_t **out, base_diag_t *diag);
bool bin_decode_features(const uint8_t *bytes, size_t size, uint32_t features, bin_module_t **out,
                         base_diag_t *diag);
/* bin_decode for bytes that validated before (an artifact's or a cache
 * entry's module): function bodies are taken as their entries' sizes
 * say, not walked instruction by instruction. */
bool bin_decode_trusted(const uint8_t *bytes, size_t size, bin_module_t **out, base_diag_t *diag);
void bin_module_free(bin_module_t *m);

/* types.c: fills m->type_canon from m->types (false: out of memory). */
bool bin_canon_types(bin_module_t *m);
/* Subtyping of value types within module m (Matching: Value Types):
 * equal types, and for references (ref ht) <: (ref null ht), a concrete
 * function type <: func, and equivalent concrete types. */
bool bin_vt_match(const bin_module_t *m, bin_valtype_t actual, bin_valtype_t expected);
/* "i32", "funcref", "(ref null 3)", "(ref func)"; buf (>= 32 bytes) holds
 * the text of references that need it. */
enum { BIN_VT_STR = 40 };
const char *bin_valtype_str(bin_valtype_t t, char *buf, size_t size);

/* The type of function `func_idx` (imports included). */
static inline const bin_functype_t *bin_func_type(const bin_module_t *m, uint32_t func_idx)
{
    return &m->types[m->func_type_idxs[func_idx]];
}

#endif
