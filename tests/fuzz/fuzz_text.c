/* fuzz_text.c — libFuzzer target: the text format parser on arbitrary
 * bytes, as a module (wasmcell_wat_to_wasm) and as a script
 * (wasmcell_wast_parse).
 *
 * Both must return (never crash, hang or leak) for any input. A module the
 * parser encodes must then decode without crashing, and a failure must
 * carry a message with the status returned. A disagreement aborts.
 */
#include <stdio.h>
#include <stdlib.h>

#include <wasmcell.h>
#include <wasmcell_text.h>

#include "fuzz.h"

static wasmcell_engine_t *engine;

static void check_error(const char *what, wasmcell_status_t st, wasmcell_error_t *error)
{
    if (!error || wasmcell_error_status(error) != st || !wasmcell_error_message(error)) {
        fprintf(stderr, "fuzz_text: %s: status %d without a matching error\n", what, (int)st);
        abort();
    }
    wasmcell_error_delete(error);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!engine && !(engine = wasmcell_engine_new(NULL)))
        abort();
    uint8_t *bytes = NULL;
    size_t n = 0;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = wasmcell_wat_to_wasm((const char *)data, size, &bytes, &n, &error);
    if (st == WASMCELL_OK) {
        st = wasmcell_module_validate(engine, bytes, n, &error);
        if (st != WASMCELL_OK)
            check_error("validate", st, error);
    } else {
        check_error("wat_to_wasm", st, error);
    }
    wasmcell_bytes_delete(bytes);
    wasmcell_wast_t *script = NULL;
    error = NULL;
    st = wasmcell_wast_parse((const char *)data, size, &script, &error);
    if (st != WASMCELL_OK)
        check_error("wast_parse", st, error);
    size_t count = wasmcell_wast_count(script);
    for (size_t i = 0; i < count; i++) {
        const wasmcell_wast_command_t *c = wasmcell_wast_at(script, i);
        if (!c || (!c->module_bytes && c->module_error == NULL && c->kind == WASMCELL_WAST_MODULE &&
                   c->module_is_text)) {
            fprintf(stderr, "fuzz_text: command %zu: a text module without bytes or error\n", i);
            abort();
        }
    }
    wasmcell_wast_delete(script);
    return 0;
}
