/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_text_roundtrip.c — binary -> text -> binary on every module of the
 * .wast scripts given as arguments (the project's tests/wast; the spec
 * suite when run by hand): a module our parser encoded and the decoder
 * reads is printed (wasmcell_wasm_to_wat), converted back, and must give
 * the same bytes, the "name" section aside (local names are not printed).
 * Usage: test_text_roundtrip FILE.wast... ; prints the modules checked. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasmcell_text.h"

static unsigned long checked, failures;

static uint64_t uleb(const uint8_t *p, size_t *i, size_t size)
{
    uint64_t v = 0;
    for (unsigned shift = 0; *i < size && shift < 64; shift += 7) {
        uint8_t b = p[(*i)++];
        v |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80))
            break;
    }
    return v;
}

/* The module without its "name" custom section (into out, same size cap). */
static size_t strip_names(const uint8_t *p, size_t size, uint8_t *out)
{
    size_t n = 8, i = 8;
    memcpy(out, p, size < 8 ? size : 8);
    while (i < size) {
        size_t start = i;
        uint8_t id = p[i++];
        uint64_t len = uleb(p, &i, size);
        size_t body = i;
        if (len > size - i)
            len = size - i;
        size_t name_at = body;
        uint64_t name_len = id == 0 ? uleb(p, &name_at, size) : 0;
        bool is_name = id == 0 && name_len == 4 && name_at + 4 <= size && memcmp(p + name_at, "name", 4) == 0;
        i = body + len;
        if (!is_name) {
            memcpy(out + n, p + start, i - start);
            n += i - start;
        }
    }
    return n;
}

static void roundtrip(const char *path, uint32_t line, const uint8_t *bytes, size_t size)
{
    char *text = NULL;
    if (wasmcell_wasm_to_wat(bytes, size, &text, NULL) != WASMCELL_OK)
        return; /* not decodable: nothing to print */
    uint8_t *again = NULL;
    size_t again_size = 0;
    wasmcell_error_t *error = NULL;
    checked++;
    if (wasmcell_wat_to_wasm(text, strlen(text), &again, &again_size, &error) != WASMCELL_OK) {
        fprintf(stderr, "%s:%u: printed text does not parse: %s\n%s", path, line,
                wasmcell_error_message(error), text);
        failures++;
    } else {
        uint8_t *a = malloc(size + 1), *b = malloc(again_size + 1);
        size_t na = strip_names(bytes, size, a), nb = strip_names(again, again_size, b);
        if (na != nb || memcmp(a, b, na) != 0) {
            fprintf(stderr, "%s:%u: round trip differs (%zu vs %zu bytes)\n%s", path, line, na, nb, text);
            failures++;
        }
        free(a);
        free(b);
    }
    wasmcell_error_delete(error);
    wasmcell_bytes_delete(again);
    wasmcell_string_delete(text);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    *len = s ? fread(s, 1, (size_t)n, f) : 0;
    fclose(f);
    return s;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        size_t len;
        char *text = slurp(argv[i], &len);
        wasmcell_wast_t *script = NULL;
        if (!text) {
            fprintf(stderr, "cannot read %s\n", argv[i]);
            return 1;
        }
        wasmcell_wast_parse(text, len, &script, NULL);
        for (size_t c = 0; c < wasmcell_wast_count(script); c++) {
            const wasmcell_wast_command_t *cmd = wasmcell_wast_at(script, c);
            if (cmd->module_bytes && cmd->module_is_text)
                roundtrip(argv[i], cmd->line, cmd->module_bytes, cmd->module_size);
        }
        wasmcell_wast_delete(script);
        free(text);
    }
    printf("%lu modules round-tripped, %lu failed\n", checked, failures);
    return failures != 0;
}
