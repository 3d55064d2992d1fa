/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* compile.c — `wasmcell compile`: ahead-of-time compilation of a module to
 * a `.cwasm` artifact (module bytes + native code) that `wasmcell run` and
 * wasmcell_module_deserialize load without LLVM. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const char compile_usage[] =
    "usage: wasmcell compile [options] FILE.wasm|FILE.wat -o FILE.cwasm\n"
    "       wasmcell compile --cache [--cache-dir DIR] [options] FILE.wasm|FILE.wat\n"
    "\n"
    "Compiles every function of the module to native code with LLVM and writes an\n"
    "artifact that `wasmcell run FILE.cwasm` runs at once (no LLVM needed to load\n"
    "it). An artifact is trusted code: run only artifacts you made. It runs only\n"
    "on the same wasmcell version and on CPUs with the features it was made for.\n"
    "\n"
    "options:\n"
    "  -o FILE                     output file (required)\n"
    "  --opt 0|1|2|3               LLVM optimisation level (default 2)\n"
    "  --target-cpu native|generic native (default): use this CPU's features;\n"
    "                              generic: any x86-64\n"
    "  --bounds-checks             code for bounds-checked linear memory (what `run\n"
    "                              --bounds-checks` and hosts without 8 GiB of free\n"
    "                              address space per memory use); an artifact made\n"
    "                              without it is refused there, this one runs anywhere\n"
    "  --cache                     write the code into the code cache, where `run\n"
    "                              --tier auto` finds it, instead of an artifact (a run\n"
    "                              that got hot does this itself, in the background)\n"
    "  --cache-dir DIR             the cache directory (default $XDG_CACHE_HOME/wasmcell)\n"
    "  -h, --help                  this help\n"
    "\n"
    "exit status:\n"
    "  0 written; 1 the module is malformed or invalid, or cannot be compiled;\n"
    "  125 usage error, unreadable input, unwritable output, no LLVM in this build\n";

/* --cache: the whole module into the code cache, under the key `run
 * --tier auto` looks up. */
static int compile_to_cache(const char *in, wasmcell_config_t *config, const char *cache_dir)
{
    if (!in) {
        cli_errorf("compile: no input file (try 'wasmcell compile --help')");
        return CLI_EXIT_ERROR;
    }
    config->tier = WASMCELL_TIER_AUTO;
    config->cache_dir = cache_dir;
    uint8_t *bytes = NULL;
    size_t size = 0;
    if (!cli_load_wasm(in, &bytes, &size)) return CLI_EXIT_ERROR;
    int rc = CLI_EXIT_FAILED;
    wasmcell_error_t *error = NULL;
    wasmcell_module_t *module = NULL;
    wasmcell_engine_t *engine = wasmcell_engine_new(config);
    wasmcell_status_t st = engine ? wasmcell_module_new(engine, bytes, size, &module, &error)
                                  : WASMCELL_ERR_NOMEM;
    if (st == WASMCELL_OK) st = wasmcell_module_cache_fill(module, &error);
    if (st == WASMCELL_OK) rc = CLI_EXIT_OK;
    else cli_errorf("compile: %s: %s", in, error ? wasmcell_error_message(error) : "out of memory");
    wasmcell_error_delete(error);
    wasmcell_module_delete(module);
    wasmcell_engine_delete(engine);
    free(bytes);
    return rc;
}

int cli_compile_main(int argc, char **argv)
{
    const char *in = NULL, *out = NULL, *cache_dir = NULL;
    bool to_cache = false;
    wasmcell_config_t config;
    wasmcell_config_init(&config);
    config.tier = WASMCELL_TIER_INTERP; /* compiled explicitly below, no cache */
    config.cache_dir = "";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(compile_usage, stdout);
            return CLI_EXIT_OK;
        }
        if (strcmp(a, "--cache") == 0) {
            to_cache = true;
            continue;
        }
        if (strcmp(a, "--bounds-checks") == 0) {
            config.bounds_checks = 1;
            continue;
        }
        if (strcmp(a, "-o") == 0 || strcmp(a, "--opt") == 0 || strcmp(a, "--target-cpu") == 0 ||
            strcmp(a, "--cache-dir") == 0) {
            if (i + 1 >= argc) {
                cli_errorf("compile: option %s needs a value (try 'wasmcell compile --help')", a);
                return CLI_EXIT_ERROR;
            }
            const char *v = argv[++i];
            if (strcmp(a, "-o") == 0) out = v;
            else if (strcmp(a, "--cache-dir") == 0) cache_dir = v;
            else if (strcmp(a, "--opt") == 0) {
                if (!cli_parse_opt(v, &config.opt_level)) {
                    cli_errorf("compile: --opt '%s': expected 0, 1, 2 or 3", v);
                    return CLI_EXIT_ERROR;
                }
            } else if (strcmp(v, "native") == 0) config.target_cpu = WASMCELL_TARGET_HOST;
            else if (strcmp(v, "generic") == 0) config.target_cpu = WASMCELL_TARGET_GENERIC;
            else {
                cli_errorf("compile: --target-cpu '%s': expected native or generic", v);
                return CLI_EXIT_ERROR;
            }
            continue;
        }
        if (a[0] == '-' && a[1]) {
            cli_errorf("compile: unknown option '%s' (try 'wasmcell compile --help')", a);
            return CLI_EXIT_ERROR;
        }
        if (in) {
            cli_errorf("compile: one input file only (got '%s' and '%s')", in, a);
            return CLI_EXIT_ERROR;
        }
        in = a;
    }
    if (to_cache && !out) return compile_to_cache(in, &config, cache_dir);
    if (!in || !out) {
        cli_errorf("compile: %s (try 'wasmcell compile --help')",
                   !in ? "no input file" : "no output file: give -o FILE.cwasm");
        return CLI_EXIT_ERROR;
    }
    uint8_t *bytes = NULL;
    size_t size = 0;
    if (!cli_load_wasm(in, &bytes, &size)) return CLI_EXIT_ERROR;
    int rc = CLI_EXIT_ERROR;
    wasmcell_error_t *error = NULL;
    wasmcell_module_t *module = NULL;
    uint8_t *art = NULL;
    size_t art_size = 0;
    wasmcell_engine_t *engine = wasmcell_engine_new(&config);
    if (!engine) {
        cli_errorf("out of memory");
        goto done;
    }
    wasmcell_status_t st = wasmcell_module_new(engine, bytes, size, &module, &error);
    if (st == WASMCELL_OK) st = wasmcell_module_serialize(module, &art, &art_size, &error);
    if (st != WASMCELL_OK) {
        cli_errorf("compile: %s: %s", in, error ? wasmcell_error_message(error) : "out of memory");
        rc = st == WASMCELL_ERR_MALFORMED || st == WASMCELL_ERR_INVALID ? CLI_EXIT_FAILED
             : st == WASMCELL_ERR_UNSUPPORTED && strstr(wasmcell_error_message(error), "without LLVM")
                 ? CLI_EXIT_ERROR
                 : CLI_EXIT_FAILED;
        wasmcell_error_delete(error);
        goto done;
    }
    FILE *f = fopen(out, "wb");
    if (!f || fwrite(art, 1, art_size, f) != art_size || fclose(f) != 0) {
        cli_errorf("compile: cannot write '%s'", out);
        if (f) fclose(f);
        remove(out);
        goto done;
    }
    rc = CLI_EXIT_OK;
done:
    wasmcell_string_delete((char *)art);
    wasmcell_module_delete(module);
    wasmcell_engine_delete(engine);
    free(bytes);
    return rc;
}
