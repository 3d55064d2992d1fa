/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* validate.c — `wasmcell validate FILE...`: decode and validate modules. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char validate_usage[] =
    "usage: wasmcell validate [--wasm 2.0|3.0] FILE.wasm|FILE.wat...\n"
    "\n"
    "Decodes and validates each module.\n"
    "Prints the diagnostic of the first problem of each file on stderr.\n"
    "\n"
    "options:\n"
    "  --wasm 2.0|3.0  the WebAssembly version's rules (default 3.0: every feature\n"
    "                  supported; 2.0 refuses tail calls, extended constant\n"
    "                  expressions, relaxed SIMD, multiple memories,\n"
    "                  memory64/table64, exception handling and typed function\n"
    "                  references)\n"
    "  -h, --help      this help\n"
    "\n"
    "exit status: 0 all valid, 1 some file malformed or invalid,\n"
    "             125 usage error or unreadable file\n";

static int validate_one(wasmcell_engine_t *engine, const char *path)
{
    uint8_t *bytes;
    size_t size;
    wasmcell_status_t load;
    if (!cli_load_wasm_status(path, &bytes, &size, &load))
        return load == WASMCELL_ERR_MALFORMED ? CLI_EXIT_FAILED : CLI_EXIT_ERROR;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = wasmcell_module_validate(engine, bytes, size, &error);
    free(bytes);
    if (st == WASMCELL_OK)
        return CLI_EXIT_OK;
    fprintf(stderr, "%s: %s: %s\n", path, wasmcell_status_name(st),
            error ? wasmcell_error_message(error) : "(no message)");
    wasmcell_error_delete(error);
    return st == WASMCELL_ERR_MALFORMED || st == WASMCELL_ERR_INVALID ? CLI_EXIT_FAILED
                                                                      : CLI_EXIT_ERROR;
}

int cli_validate_main(int argc, char **argv)
{
    wasmcell_config_t config;
    wasmcell_config_init(&config);
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        const char *opt = argv[first];
        if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0) {
            fputs(validate_usage, stdout);
            return CLI_EXIT_OK;
        }
        if (strncmp(opt, "--wasm", 6) == 0 && (opt[6] == '=' || opt[6] == '\0')) {
            const char *value = opt[6] == '=' ? opt + 7 : first + 1 < argc ? argv[++first] : NULL;
            if (!value || !cli_parse_wasm_version(value, &config.wasm_features)) {
                cli_errorf("validate: --wasm needs 2.0 or 3.0");
                return CLI_EXIT_ERROR;
            }
            continue;
        }
        if (strcmp(argv[first], "--") == 0) {
            first++;
            break;
        }
        cli_errorf("validate: unknown option '%s' (try 'wasmcell validate --help')", argv[first]);
        return CLI_EXIT_ERROR;
    }
    if (first >= argc) {
        cli_errorf("validate: missing FILE (try 'wasmcell validate --help')");
        return CLI_EXIT_ERROR;
    }
    wasmcell_engine_t *engine = wasmcell_engine_new(&config);
    if (!engine) {
        cli_errorf("out of memory");
        return CLI_EXIT_ERROR;
    }
    int result = CLI_EXIT_OK;
    for (int i = first; i < argc; i++) {
        int rc = validate_one(engine, argv[i]);
        result = rc > result ? rc : result; /* 125 > 1 > 0 */
    }
    wasmcell_engine_delete(engine);
    return result;
}
