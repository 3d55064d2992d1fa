/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* main.c — `wasmcell` entry point: global options and dispatch to one
 * command per file (run.c, validate.c, wast.c).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
    "usage: wasmcell <command> [options] ...\n"
    "       wasmcell [run options] FILE.wasm|FILE.wat|FILE.cwasm [ARGS...]\n"
    "\n"
    "WebAssembly 2.0 runtime with WASI preview1 (node:wasi's API, sandboxed).\n"
    "\n"
    "commands:\n"
    "  run [options] FILE.wasm|FILE.wat [ARGS...]   run a WASI program (or --invoke an export)\n"
    "  compile FILE.wasm -o FILE.cwasm              compile to native code ahead of time\n"
    "  validate FILE.wasm|FILE.wat                  decode and validate a module\n"
    "  wast [options] FILE.wast...                  run spec-style test scripts\n"
    "  inspect [options] FILE                      imports, exports, internal code, native tiers\n"
    "  convert FILE.wat|FILE.wasm [-o OUT]          text <-> binary format (own parser)\n"
    "\n"
    "Without a command, a first argument that names an existing file or ends in\n"
    ".wasm, .wat or .cwasm (or is an option of run) means `run`: `wasmcell x.wasm 1 2`\n"
    "is `wasmcell run x.wasm 1 2`. Command names win over file names: to run a\n"
    "file called `run`, write `wasmcell ./run`.\n"
    "\n"
    "options:\n"
    "  -h, --help       this help; `wasmcell <command> --help` for a command\n"
    "  -V, --version    print the version\n"
    "\n"
    "exit status:\n"
    "  run:       the guest's exit code (0 when _start returns; a proc_exit code\n"
    "             above 255 exits with its low 8 bits, or 1 when those are 0),\n"
    "             124 --timeout expired,\n"
    "             125 wasmcell error (usage, unreadable file, malformed/invalid\n"
    "             module, link error), 134 the guest trapped\n"
    "  validate:  0 valid, 1 malformed or invalid, 125 usage or unreadable file\n"
    "  wast:      0 nothing failed, 1 some command failed, 125 usage error\n"
    "  inspect:   0 done, 1 module invalid or a function cannot compile, 125 usage\n"
    "  compile:   0 written, 1 module invalid or cannot compile, 125 usage/file error\n"
    "  convert:   0 written, 1 malformed text, 125 usage/file error\n";

static void print_usage(FILE *out)
{
    fputs(usage_text, out);
}

static bool is_command(const char *arg)
{
    static const char *const commands[] = {"run", "validate", "wast", "compile", "inspect",
                                           "convert", "help"};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(arg, commands[i]) == 0)
            return true;
    return false;
}

/* `wasmcell x.wasm ARGS` and `wasmcell --dir . x.wasm` mean `run` (as in
 * wasmtime and iwasm): the first argument names a module file, by its
 * suffix or because it exists (and is not a directory), or is an option
 * of `run`. Command names are checked first, so they stay unambiguous. */
static bool means_run(const char *arg)
{
    if (arg[0] == '-')
        return cli_run_is_option(arg);
    if (cli_has_suffix(arg, ".wasm") || cli_has_suffix(arg, ".wat") ||
        cli_has_suffix(arg, ".cwasm"))
        return true;
    struct stat st;
    return stat(arg, &st) == 0 && !S_ISDIR(st.st_mode);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return CLI_EXIT_ERROR;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        print_usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("wasmcell %s\n", WASMCELL_VERSION);
        return CLI_EXIT_OK;
    }
    if (strcmp(cmd, "run") == 0)
        return cli_run_main(argc - 1, argv + 1);
    if (strcmp(cmd, "validate") == 0)
        return cli_validate_main(argc - 1, argv + 1);
    if (strcmp(cmd, "wast") == 0)
        return cli_wast_main(argc - 1, argv + 1);
    if (strcmp(cmd, "compile") == 0)
        return cli_compile_main(argc - 1, argv + 1);
    if (strcmp(cmd, "inspect") == 0)
        return cli_inspect_main(argc - 1, argv + 1);
    if (strcmp(cmd, "convert") == 0)
        return cli_convert_main(argc - 1, argv + 1);
    if (!is_command(cmd) && means_run(cmd))
        return cli_run_main(argc, argv); /* argv[0] stands for "run" */
    if (cmd[0] == '-')
        cli_errorf("unknown option '%s' (try 'wasmcell --help')", cmd);
    else
        cli_errorf("unknown command '%s' (try 'wasmcell --help')", cmd);
    return CLI_EXIT_ERROR;
}
