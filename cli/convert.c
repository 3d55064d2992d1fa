/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* convert.c — `wasmcell convert FILE.wat [-o FILE.wasm]`: the text format
 * to the binary format with wasmcell's own parser (no wabt), and
 * `convert FILE.wasm [-o FILE.wat]` the other way. wabt-style
 * feature flags are accepted and ignored, so scripts written for
 * wat2wasm run unchanged; the output is not validated (like
 * `wat2wasm --no-check`): `wasmcell validate` judges it.
 */
#include "cli.h"
#include "wasmcell_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char convert_usage[] =
    "usage: wasmcell convert [options] FILE.wat [-o FILE.wasm]\n"
    "       wasmcell convert [options] FILE.wasm [-o FILE.wat]\n"
    "\n"
    "Converts a WebAssembly text module to the binary format, with function,\n"
    "local and module $names in a name section; errors give line:column. A\n"
    "binary module (FILE.wasm) is printed as text instead (numeric indices).\n"
    "Without -o, writes beside the input with the other suffix (\"-o -\":\n"
    "stdout).\n"
    "\n"
    "options:\n"
    "  -o FILE         output file\n"
    "  --enable-*, --disable-*, --debug-names, --no-check\n"
    "                  accepted for wat2wasm compatibility; no effect\n"
    "  -h, --help      this help\n"
    "\n"
    "exit status: 0 written, 1 malformed text, 125 usage or file error\n";

static bool is_ignored_flag(const char *opt)
{
    return strncmp(opt, "--enable-", 9) == 0 || strncmp(opt, "--disable-", 10) == 0 ||
           strcmp(opt, "--debug-names") == 0 || strcmp(opt, "--no-check") == 0;
}

static char *default_output(const char *in, bool to_text)
{
    size_t n = strlen(in);
    if (cli_has_suffix(in, to_text ? ".wasm" : ".wat"))
        n -= to_text ? 5 : 4;
    const char *suffix = to_text ? ".wat" : ".wasm";
    char *out = malloc(n + strlen(suffix) + 1);
    if (out) {
        memcpy(out, in, n);
        strcpy(out + n, suffix);
    }
    return out;
}

static int write_output(const char *path, const uint8_t *bytes, size_t size)
{
    bool to_stdout = strcmp(path, "-") == 0;
    FILE *f = to_stdout ? stdout : fopen(path, "wb");
    if (!f) {
        cli_errorf("convert: cannot open %s: %s", path, strerror(errno));
        return CLI_EXIT_ERROR;
    }
    bool ok = fwrite(bytes, 1, size, f) == size;
    ok = (to_stdout ? fflush(f) == 0 : fclose(f) == 0) && ok;
    if (!ok) {
        cli_errorf("convert: cannot write %s: %s", path, strerror(errno));
        return CLI_EXIT_ERROR;
    }
    return CLI_EXIT_OK;
}

/* FILE.wasm -> text. */
static int to_text(const char *in, const char *out)
{
    uint8_t *bytes;
    size_t size;
    if (!cli_read_file(in, &bytes, &size))
        return CLI_EXIT_ERROR;
    char *text = NULL;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = wasmcell_wasm_to_wat(bytes, size, &text, &error);
    free(bytes);
    if (st != WASMCELL_OK) {
        cli_errorf("%s: %s", in, error ? wasmcell_error_message(error) : "out of memory");
        wasmcell_error_delete(error);
        return st == WASMCELL_ERR_MALFORMED ? CLI_EXIT_FAILED : CLI_EXIT_ERROR;
    }
    char *owned = out ? NULL : default_output(in, true);
    int rc = out || owned ? write_output(out ? out : owned, (const uint8_t *)text, strlen(text))
                          : CLI_EXIT_ERROR;
    free(owned);
    wasmcell_string_delete(text);
    return rc;
}

int cli_convert_main(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(convert_usage, stdout);
            return CLI_EXIT_OK;
        } else if (strcmp(a, "-o") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (is_ignored_flag(a)) {
            continue;
        } else if (a[0] == '-' && a[1]) {
            cli_errorf("convert: unknown option '%s' (try 'wasmcell convert --help')", a);
            return CLI_EXIT_ERROR;
        } else if (in) {
            cli_errorf("convert: one input file only");
            return CLI_EXIT_ERROR;
        } else {
            in = a;
        }
    }
    if (!in) {
        cli_errorf("convert: missing FILE.wat (try 'wasmcell convert --help')");
        return CLI_EXIT_ERROR;
    }
    if (cli_has_suffix(in, ".wasm"))
        return to_text(in, out);
    uint8_t *text;
    size_t len;
    if (!cli_read_file(in, &text, &len))
        return CLI_EXIT_ERROR;
    uint8_t *bytes = NULL;
    size_t size = 0;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = wasmcell_wat_to_wasm((const char *)text, len, &bytes, &size, &error);
    free(text);
    if (st != WASMCELL_OK) {
        cli_errorf("%s:%s", in, error ? wasmcell_error_message(error) : " out of memory");
        wasmcell_error_delete(error);
        return st == WASMCELL_ERR_MALFORMED ? CLI_EXIT_FAILED : CLI_EXIT_ERROR;
    }
    char *owned = out ? NULL : default_output(in, false);
    int rc = out || owned ? write_output(out ? out : owned, bytes, size) : CLI_EXIT_ERROR;
    free(owned);
    wasmcell_bytes_delete(bytes);
    return rc;
}
