/* validate.c — `wasmcell validate FILE...`: decode and validate modules. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char validate_usage[] =
    "usage: wasmcell validate FILE.wasm|FILE.wat...\n"
    "\n"
    "Decodes and validates each module (wasm 2.0 rules).\n"
    "Prints the diagnostic of the first problem of each file on stderr.\n"
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
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (strcmp(argv[first], "-h") == 0 || strcmp(argv[first], "--help") == 0) {
            fputs(validate_usage, stdout);
            return CLI_EXIT_OK;
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
    wasmcell_engine_t *engine = wasmcell_engine_new(NULL);
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
