/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* wasmcell_text.h — the WebAssembly text format: .wat modules to binary
 * modules, and .wast spec-test scripts as a list of commands.
 *
 * Conventions as in wasmcell.h (status + owned error). Errors in text carry
 * "line:column: what was expected". A module that is malformed as text
 * fails with WASMCELL_ERR_MALFORMED; one that is well formed but invalid
 * converts fine and is rejected later by wasmcell_module_new.
 */
#ifndef WASMCELL_TEXT_H
#define WASMCELL_TEXT_H

#include "wasmcell.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Converts text[0..len) — `(module ...)` or bare module fields — to the
 * binary format. Function, local and module $names go into a "name"
 * section. *bytes is owned: free it with wasmcell_bytes_delete. */
WASMCELL_API wasmcell_status_t wasmcell_wat_to_wasm(const char *text, size_t len, uint8_t **bytes,
                                                    size_t *size, wasmcell_error_t **error);
WASMCELL_API void wasmcell_bytes_delete(uint8_t *bytes);
/* The other way: decodes bytes[0..size) (not validated) and prints it as
 * text with numeric indices and exact constants; converting that text
 * back gives the same sections (custom sections aside). *text is owned
 * (NUL terminated): free it with wasmcell_string_delete. Malformed bytes
 * fail with the decoder's error. */
WASMCELL_API wasmcell_status_t wasmcell_wasm_to_wat(const uint8_t *bytes, size_t size, char **text,
                                                    wasmcell_error_t **error);


/* ---- .wast scripts ---------------------------------------------------------- */

typedef enum wasmcell_wast_kind {
    WASMCELL_WAST_MODULE,           /* define (and, unless `definition`, instantiate) */
    WASMCELL_WAST_MODULE_INSTANCE,  /* (module instance $i? $def?) */
    WASMCELL_WAST_REGISTER,
    WASMCELL_WAST_ACTION,           /* a bare invoke/get */
    WASMCELL_WAST_ASSERT_RETURN,
    WASMCELL_WAST_ASSERT_TRAP,      /* on an action, or on a module (instantiation traps) */
    WASMCELL_WAST_ASSERT_EXHAUSTION,
    WASMCELL_WAST_ASSERT_EXCEPTION,
    WASMCELL_WAST_ASSERT_INVALID,
    WASMCELL_WAST_ASSERT_MALFORMED,
    WASMCELL_WAST_ASSERT_UNLINKABLE,
    WASMCELL_WAST_ASSERT_UNINSTANTIABLE,
} wasmcell_wast_kind_t;

/* An argument or an expected result. */
typedef enum wasmcell_wast_vkind {
    WASMCELL_WAST_NUM,        /* type i32/i64/f32/f64, bytes = little-endian bits */
    WASMCELL_WAST_VEC,        /* v128: bytes, lane_bits, lane_float */
    WASMCELL_WAST_REF_NULL,   /* heap names the type ("func", "extern", "$t"...; "" = any null) */
    WASMCELL_WAST_REF_EXTERN, /* ref.extern N / ref.host N (has_payload); no N: any non-null */
    WASMCELL_WAST_REF_FUNC,   /* ref.func: any non-null function reference */
    WASMCELL_WAST_REF_OTHER,  /* ref.any ref.eq ref.i31 ref.struct ref.array ref.exn: heap */
    WASMCELL_WAST_EITHER,     /* (either v...): alternatives */
} wasmcell_wast_vkind_t;

typedef struct wasmcell_wast_value {
    wasmcell_wast_vkind_t kind;
    wasmcell_valtype_t type; /* NUM and VEC */
    uint8_t bytes[16];
    uint8_t lane_bits;       /* VEC: 8, 16, 32 or 64 */
    uint8_t lane_float;      /* VEC: f32x4 / f64x2 */
    uint8_t nan[16];         /* 0 exact, 1 nan:canonical, 2 nan:arithmetic; [0] for scalars */
    uint8_t has_payload;
    uint64_t payload;        /* ref.extern / ref.host N */
    char heap[32];
    const struct wasmcell_wast_value *alternatives; /* EITHER */
    size_t nalternatives;
} wasmcell_wast_value_t;

typedef struct wasmcell_wast_command {
    wasmcell_wast_kind_t kind;
    uint32_t line;
    /* MODULE and assert_* on modules: the binary module, or NULL with the
     * text error ("line:col: ...") when the text did not encode. */
    const uint8_t *module_bytes;
    size_t module_size;
    const char *module_error;
    int module_is_text;      /* 1 for text and `quote` modules, 0 for `binary` */
    int module_definition;   /* (module definition ...): compile, do not instantiate */
    const char *module_id;   /* $id (without '$') of the module / instance / target; NULL: latest */
    const char *instance_of; /* MODULE_INSTANCE: the definition's $id; NULL: latest */
    /* REGISTER: the "as" name; actions: the export name (may contain NUL) */
    const char *name;
    size_t name_len;
    int has_action;          /* assert_* on an action (else on a module) */
    int action_is_get;
    const wasmcell_wast_value_t *args;
    size_t nargs;
    const wasmcell_wast_value_t *expected;
    size_t nexpected;
    const char *message;     /* the expected failure text */
} wasmcell_wast_command_t;

typedef struct wasmcell_wast wasmcell_wast_t;

/* Parses a script. On a syntax error outside any module, returns
 * WASMCELL_ERR_MALFORMED with "line:col: ..." and still sets *out (owned)
 * to the commands before it; a module whose text does not encode is a
 * command with module_error set. */
WASMCELL_API wasmcell_status_t wasmcell_wast_parse(const char *text, size_t len,
                                                   wasmcell_wast_t **out, wasmcell_error_t **error);
WASMCELL_API size_t wasmcell_wast_count(const wasmcell_wast_t *script);
/* Borrowed: valid until wasmcell_wast_delete. */
WASMCELL_API const wasmcell_wast_command_t *wasmcell_wast_at(const wasmcell_wast_t *script, size_t i);
WASMCELL_API void wasmcell_wast_delete(wasmcell_wast_t *script);

#ifdef __cplusplus
}
#endif
#endif /* WASMCELL_TEXT_H */
