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
typedef uint8_t bin_valtype_t;

enum { EXT_FUNC = 0, EXT_TABLE = 1, EXT_MEMORY = 2, EXT_GLOBAL = 3, EXT_TAG = 4 };

typedef struct bin_functype {
    uint32_t nparams, nresults;
    const bin_valtype_t *params;  /* points into the module's type storage */
    const bin_valtype_t *results;
} bin_functype_t;

typedef struct bin_limits {
    uint64_t min;
    uint64_t max;     /* valid when has_max */
    bool has_max;
    bool shared;      /* threads proposal; always false in 2.0 */
    bool is64;        /* memory64 proposal; always false in 2.0 */
} bin_limits_t;

typedef struct bin_tabletype { bin_valtype_t elem_type; bin_limits_t limits; } bin_tabletype_t;
typedef struct bin_memtype { bin_limits_t limits; } bin_memtype_t;
typedef struct bin_globaltype { bin_valtype_t type; bool mutable_; } bin_globaltype_t;

/* A constant expression: the raw bytes of the expression including its
 * final `end` (0x0B), validated later; evaluated at instantiation by
 * reading it with bin_read_instr. */
typedef struct bin_constexpr {
    size_t offset;      /* byte offset of the expression in the module */
    const uint8_t *code;
    size_t size;        /* including the final 0x0B */
} bin_constexpr_t;

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
     WASMCELL_FEATURE_MULTI_MEMORY | WASMCELL_FEATURE_MEMORY64)

/* Decode `bytes` (copied) into *out. On failure returns false, fills `diag`
 * (status WASMCELL_ERR_MALFORMED or _UNSUPPORTED, offset, the spec's wording
 * in diag->reason) and leaves *out NULL. Does not validate. bin_decode allows
 * every feature; bin_decode_features only the WASMCELL_FEATURE_* bits of
 * `features` (opcodes of the others are illegal, as in a 2.0 decoder). */
bool bin_decode(const uint8_t *bytes, size_t size, bin_module_t **out, base_diag_t *diag);
bool bin_decode_features(const uint8_t *bytes, size_t size, uint32_t features, bin_module_t **out,
                         base_diag_t *diag);
void bin_module_free(bin_module_t *m);

/* The type of function `func_idx` (imports included). */
static inline const bin_functype_t *bin_func_type(const bin_module_t *m, uint32_t func_idx)
{
    return &m->types[m->func_type_idxs[func_idx]];
}

#endif
