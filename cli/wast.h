/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* wast.h — internals of `wasmcell wast`: the spectest host module and the
 * conversion between script values (wasmcell_text.h) and wasmcell values.
 *
 * externref values: a script writes "ref.extern N". The runner passes it
 * as the host pointer (void *)(uintptr_t)(N + 1), so that
 * N = 0 stays distinct from ref.null (NULL), and maps results back the same
 * way.
 */
#ifndef WASMCELL_CLI_WAST_H
#define WASMCELL_CLI_WAST_H

#include <stdbool.h>
#include <stddef.h>

#include "wasmcell.h"
#include "wasmcell_text.h"

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

/* Argument of an invoke as a wasmcell value; param_type decides the type of
 * a ref.null. False with a reason when the API cannot express it. */
bool wast_arg_to_val(const wasmcell_wast_value_t *arg, wasmcell_valtype_t param_type,
                     wasmcell_val_t *out, char *why, size_t why_size);
/* assert_return: does `actual` match the expected pattern (NaN patterns,
 * lanes, reference patterns, either)? */
bool wast_value_matches(const wasmcell_wast_value_t *expected, const wasmcell_val_t *actual);
/* Text for messages, e.g. "i32:42", "f32:nan:canonical", "externref:3". */
void wast_format_value(const wasmcell_val_t *v, char *buf, size_t size);
void wast_format_expected(const wasmcell_wast_value_t *e, char *buf, size_t size);
const char *wast_type_name(wasmcell_valtype_t type);

#endif
