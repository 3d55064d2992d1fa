/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* inspect.c — `wasmcell inspect [--icode] [--native] [--func N] FILE`: a
 * module's imports and exports, the internal code the interpreter runs
 * (for tests and debugging the compiler), and which functions the native
 * tier compiles, with their code sizes. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char inspect_usage[] =
    "usage: wasmcell inspect [options] FILE.wasm|FILE.wat|FILE.cwasm\n"
    "\n"
    "Prints the module's imports and exports (memories and tables with their\n"
    "limits, `i64` for a 64-bit one). With --icode, also the internal\n"
    "code of every defined function (compiled now), one instruction per line:\n"
    "position in words, op (src/compile/icode.def), operand slots (sN), branch\n"
    "offsets (->+N) and immediates (#N). With --native, the tier of every\n"
    "defined function when the module is compiled to native code (now, at\n"
    "the default --opt; a .cwasm as it was compiled) and its code size:\n"
    "`func[N] native 1234 bytes` or `func[N] interpreted`, then a total.\n"
    "\n"
    "options:\n"
    "  --icode        print the internal code\n"
    "  --native       print each function's tier and native code size\n"
    "  --func N       only function N (index space including imports)\n"
    "  -h, --help     this help\n"
    "\n"
    "exit status: 0 done, 1 the module is malformed/invalid or a function\n"
    "             cannot be compiled, 125 usage error or unreadable file\n";

static const char *kind_name(wasmcell_extern_kind_t kind)
{
    switch (kind) {
    case WASMCELL_EXTERN_FUNC: return "func";
    case WASMCELL_EXTERN_TABLE: return "table";
    case WASMCELL_EXTERN_MEMORY: return "memory";
    case WASMCELL_EXTERN_GLOBAL: return "global";
    case WASMCELL_EXTERN_TAG: return "tag";
    }
    return "?";
}

/* The limits of a table or memory, as the text format writes them:
 * " i64 1 3" (the address type only when it is i64); a tag's payload
 * signature (" ii:"). */
static void print_type(wasmcell_status_t st, const wasmcell_externtype_t *t)
{
    if (st != WASMCELL_OK) return;
    if (t->kind == WASMCELL_EXTERN_MEMORY) {
        printf("%s %llu", t->of.memory.is64 ? " i64" : "", (unsigned long long)t->of.memory.min);
        if (t->of.memory.has_max) printf(" %llu", (unsigned long long)t->of.memory.max);
    } else if (t->kind == WASMCELL_EXTERN_TABLE) {
        printf("%s %llu", t->of.table.is64 ? " i64" : "", (unsigned long long)t->of.table.min);
        if (t->of.table.has_max) printf(" %llu", (unsigned long long)t->of.table.max);
    } else if (t->kind == WASMCELL_EXTERN_TAG) {
        printf(" %s", t->of.tag.signature);
    }
}

static void print_interface(const wasmcell_module_t *module)
{
    for (size_t i = 0; i < wasmcell_module_import_count(module); i++) {
        wasmcell_import_desc_t d;
        wasmcell_externtype_t t;
        if (wasmcell_module_import(module, i, &d) != WASMCELL_OK) continue;
        printf("import %s \"%s\" \"%s\"", kind_name(d.kind), d.module, d.name);
        print_type(wasmcell_module_import_type(module, i, &t), &t);
        putchar('\n');
    }
    for (size_t i = 0; i < wasmcell_module_export_count(module); i++) {
        wasmcell_export_desc_t d;
        wasmcell_externtype_t t;
        if (wasmcell_module_export(module, i, &d) != WASMCELL_OK) continue;
        printf("export %s \"%s\"", kind_name(d.kind), d.name);
        print_type(wasmcell_module_export_type(module, i, &t), &t);
        putchar('\n');
    }
}

/* Prints the internal code of one function; false when it cannot compile. */
static bool print_icode(wasmcell_module_t *module, uint32_t func_idx)
{
    char *text = NULL;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = wasmcell_module_icode_text(module, func_idx, &text, &error);
    if (st == WASMCELL_ERR_NOT_FOUND) { /* an import: nothing to print */
        wasmcell_error_delete(error);
        return true;
    }
    if (st != WASMCELL_OK) {
        printf("func[%u]: %s: %s\n", func_idx, wasmcell_status_name(st),
               error ? wasmcell_error_message(error) : "");
        wasmcell_error_delete(error);
        return false;
    }
    fputs(text, stdout);
    wasmcell_string_delete(text);
    return true;
}

/* Each defined function's tier with native code compiled (imports are
 * skipped), then "N of M functions native, B bytes of code". */
static void print_native(const wasmcell_module_t *module, int64_t only_func)
{
    uint32_t nfuncs = wasmcell_module_func_count(module), ndefs = 0, nnative = 0, nimported = 0;
    size_t total = 0;
    for (size_t k = 0; k < wasmcell_module_import_count(module); k++) {
        wasmcell_import_desc_t d;
        if (wasmcell_module_import(module, k, &d) == WASMCELL_OK && d.kind == WASMCELL_EXTERN_FUNC)
            nimported++;
    }
    for (uint32_t i = nimported; i < nfuncs; i++) { /* imports come first */
        if (only_func >= 0 && (int64_t)i != only_func) continue;
        size_t size = 0;
        bool native = wasmcell_module_func_native(module, i, &size) == 1;
        ndefs++;
        nnative += native;
        total += size;
        if (native) printf("func[%u] native %zu bytes\n", i, size);
        else printf("func[%u] interpreted\n", i);
    }
    printf("%u of %u functions native, %zu bytes of code\n", nnative, ndefs, total);
}

static int inspect_file(const char *path, bool icode, bool native, int64_t only_func)
{
    uint8_t *bytes;
    size_t size;
    if (!cli_load_wasm(path, &bytes, &size)) return CLI_EXIT_ERROR;
    wasmcell_config_t config;
    wasmcell_config_init(&config);
    if (native) {
        config.tier = WASMCELL_TIER_NATIVE; /* every function compiled when the module is made */
        config.cache_dir = "";              /* what LLVM makes now, not an older cached copy */
    }
    wasmcell_engine_t *engine = wasmcell_engine_new(&config);
    wasmcell_module_t *module = NULL;
    wasmcell_error_t *error = NULL;
    int rc = CLI_EXIT_OK;
    wasmcell_status_t st = !engine                           ? WASMCELL_ERR_NOMEM
                           : wasmcell_is_artifact(bytes, size) ? wasmcell_module_deserialize(engine, bytes, size, &module, &error)
                                                              : wasmcell_module_new(engine, bytes, size, &module, &error);
    free(bytes);
    if (st != WASMCELL_OK) {
        fprintf(stderr, "%s: %s: %s\n", path, wasmcell_status_name(st),
                error ? wasmcell_error_message(error) : "(no message)");
        wasmcell_error_delete(error);
        wasmcell_engine_delete(engine);
        return CLI_EXIT_FAILED;
    }
    uint32_t nfuncs = wasmcell_module_func_count(module);
    if (only_func >= (int64_t)nfuncs) {
        cli_errorf("inspect: %s has %u functions, no function %lld", path, nfuncs,
                   (long long)only_func);
        rc = CLI_EXIT_ERROR;
    } else if (native) {
        if (icode && only_func < 0) print_interface(module);
        print_native(module, only_func);
        if (only_func >= 0 && !print_icode(module, (uint32_t)only_func)) rc = CLI_EXIT_FAILED;
        for (uint32_t i = 0; icode && only_func < 0 && i < nfuncs; i++)
            if (!print_icode(module, i)) rc = CLI_EXIT_FAILED;
    } else if (only_func >= 0) {
        if (!print_icode(module, (uint32_t)only_func)) rc = CLI_EXIT_FAILED;
    } else {
        print_interface(module);
        for (uint32_t i = 0; icode && i < nfuncs; i++)
            if (!print_icode(module, i)) rc = CLI_EXIT_FAILED;
    }
    wasmcell_module_delete(module);
    wasmcell_engine_delete(engine);
    return rc;
}

int cli_inspect_main(int argc, char **argv)
{
    bool icode = false, native = false;
    int64_t only_func = -1;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(inspect_usage, stdout);
            return CLI_EXIT_OK;
        } else if (strcmp(argv[i], "--icode") == 0) {
            icode = true;
        } else if (strcmp(argv[i], "--native") == 0) {
            native = true;
        } else if (strcmp(argv[i], "--func") == 0 && i + 1 < argc) {
            uint64_t n;
            if (!cli_parse_u64(argv[++i], &n) || n > UINT32_MAX) {
                cli_errorf("inspect: --func needs a function index, got '%s'", argv[i]);
                return CLI_EXIT_ERROR;
            }
            only_func = (int64_t)n;
            icode = true;
        } else {
            cli_errorf("inspect: unknown option '%s' (try 'wasmcell inspect --help')", argv[i]);
            return CLI_EXIT_ERROR;
        }
    }
    if (i + 1 != argc) {
        cli_errorf("inspect: expected one FILE (try 'wasmcell inspect --help')");
        return CLI_EXIT_ERROR;
    }
    return inspect_file(argv[i], icode, native, only_func);
}
