/* wast.h — internals of `wasmcell wast`: the spectest host module and the
 * conversion between wast2json values and wasmcell values.
 *
 * externref values: wast2json writes "ref.extern N" as the number N. The
 * runner passes it as the host pointer (void *)(uintptr_t)(N + 1), so that
 * N = 0 stays distinct from ref.null (NULL), and maps results back the same
 * way.
 */
#ifndef WASMCELL_CLI_WAST_H
#define WASMCELL_CLI_WAST_H

#include <stdbool.h>
#include <stddef.h>

#include "json.h"
#include "wasmcell.h"

#define WAST_PRINT_FUNCS 7

struct wast_print_env {
    const char *signature;
    bool verbose; /* print the arguments like the reference interpreter */
};

/* Defines module "spectest" in linker: print, print_i32, print_i64,
 * print_f32, print_f64, print_i32_f32, print_f64_f64, global_i32/i64 = 666,
 * global_f32/f64 = 666.6, table (10..20 funcref), memory (1..2). envs must
 * outlive the linker's instances; *out (owned, may be set even on failure)
 * holds the globals, table and memory. */
wasmcell_status_t wast_spectest_define(wasmcell_engine_t *engine, wasmcell_linker_t *linker,
                                       struct wast_print_env envs[WAST_PRINT_FUNCS],
                                       wasmcell_instance_t **out, wasmcell_error_t **error);

/* An expected result of assert_return. */
typedef enum wast_nan { WAST_NAN_NONE, WAST_NAN_CANONICAL, WAST_NAN_ARITHMETIC } wast_nan_t;
typedef struct wast_expected {
    wasmcell_valtype_t type;
    wasmcell_val_t value;  /* exact value unless a lane/scalar says NaN */
    char lane_type[4];     /* v128: "i8" "i16" "i32" "i64" "f32" "f64" */
    wast_nan_t nan[16];    /* [0] for scalars; per lane for v128 */
    bool any_nonnull_ref;  /* a funcref result that is not null (not comparable) */
} wast_expected_t;

/* Parse an argument / an expected value from wast2json. False with a reason. */
bool wast_parse_arg(const json_t *j, wasmcell_val_t *out, char *why, size_t why_size);
bool wast_parse_expected(const json_t *j, wast_expected_t *out, char *why, size_t why_size);
bool wast_value_matches(const wast_expected_t *expected, const wasmcell_val_t *actual);
/* Text for messages, e.g. "i32:42", "f32:nan:canonical", "externref:3". */
void wast_format_value(const wasmcell_val_t *v, char *buf, size_t size);
void wast_format_expected(const wast_expected_t *e, char *buf, size_t size);
const char *wast_type_name(wasmcell_valtype_t type);

#endif
