/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* fuzz_text.c — libFuzzer target: the text format parser on arbitrary
 * bytes, as a module (wasmcell_wat_to_wasm) and as a script
 * (wasmcell_wast_parse).
 *
 * Both must return (never crash, hang or leak) for any input. A module the
 * parser encodes must then validate without crashing, and a failure must
 * carry a message with the status returned. When it decodes, printing it
 * (wasmcell_wasm_to_wat) and converting that back must print the same
 * text again (a round trip). A disagreement aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* print -> parse -> print gives the same text. */
static void roundtrip(const uint8_t *bytes, size_t n)
{
    char *text = NULL, *again = NULL;
    uint8_t *bytes2 = NULL;
    size_t n2 = 0;
    if (wasmcell_wasm_to_wat(bytes, n, &text, NULL) != WASMCELL_OK)
        return; /* does not decode (3.0 syntax the decoder does not know yet) */
    wasmcell_error_t *error = NULL;
    if (wasmcell_wat_to_wasm(text, strlen(text), &bytes2, &n2, &error) != WASMCELL_OK ||
        wasmcell_wasm_to_wat(bytes2, n2, &again, NULL) != WASMCELL_OK || strcmp(text, again) != 0) {
        fprintf(stderr, "fuzz_text: round trip differs: %s\n%s\n---\n%s\n",
                error ? wasmcell_error_message(error) : "", text, again ? again : "");
        abort();
    }
    wasmcell_string_delete(text);
    wasmcell_string_delete(again);
    wasmcell_bytes_delete(bytes2);
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
        roundtrip(bytes, n);
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
