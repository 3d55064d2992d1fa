/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* fuzz_decode.c — libFuzzer target: decode + validate arbitrary bytes.
 *
 * wasmcell_module_validate must return (never crash, hang or leak) for any
 * input; when it accepts a module, wasmcell_module_new must accept it too
 * and translating every function must not crash (it may report an
 * unsupported feature). A disagreement aborts: that is a finding.
 */
#include <stdio.h>
#include <stdlib.h>

#include <wasmcell.h>

#include "fuzz.h"

static wasmcell_engine_t *engine;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine) {
        engine = wasmcell_engine_new(NULL);
        if (!engine)
            abort();
    }
    wasmcell_error_t *error = NULL;
    wasmcell_status_t valid = wasmcell_module_validate(engine, data, size, &error);
    if (valid != WASMCELL_OK) {
        /* A rejected module always carries a message and that status. */
        if (!error || wasmcell_error_status(error) != valid || !wasmcell_error_message(error)) {
            fprintf(stderr, "fuzz_decode: status %d without a matching error\n", (int)valid);
            abort();
        }
        wasmcell_error_delete(error);
        return 0;
    }
    wasmcell_module_t *module = NULL;
    wasmcell_status_t status = wasmcell_module_new(engine, data, size, &module, &error);
    if (status != WASMCELL_OK) {
        if (status == WASMCELL_ERR_NOMEM) {
            wasmcell_error_delete(error);
            return 0;
        }
        fprintf(stderr, "fuzz_decode: validate accepted, module_new said %s: %s\n",
                wasmcell_status_name(status), error ? wasmcell_error_message(error) : "?");
        abort();
    }
    status = wasmcell_module_compile_all(module, &error);
    if (status != WASMCELL_OK && status != WASMCELL_ERR_UNSUPPORTED && status != WASMCELL_ERR_NOMEM) {
        fprintf(stderr, "fuzz_decode: a valid module failed to compile: %s: %s\n",
                wasmcell_status_name(status), error ? wasmcell_error_message(error) : "?");
        abort();
    }
    wasmcell_error_delete(error);
    wasmcell_module_delete(module);
    return 0;
}
