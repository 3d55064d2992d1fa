/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* cli.h — shared declarations of the `wasmcell` command-line tool: the
 * commands (one file each), exit codes and small helpers (files, .wat
 * loading, number parsing). Uses only the public headers.
 */
#ifndef WASMCELL_CLI_H
#define WASMCELL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasmcell.h"

/* Exit codes of wasmcell itself (`run` otherwise exits with the guest's
 * code). Documented in `wasmcell --help` and docs/cli.md. */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_FAILED = 1,   /* validate: module invalid; wast: a command failed */
    CLI_EXIT_TIMEOUT = 124,/* run --timeout expired (like timeout(1)) */
    CLI_EXIT_ERROR = 125,  /* wasmcell's own error: usage, file, module, link (like env(1)) */
    CLI_EXIT_TRAP = 134,   /* the guest trapped (128 + SIGABRT) */
    CLI_EXIT_EXCEPTION = 135, /* a wasm exception nobody caught reached the host */
};

/* Commands: argv[0] is the command name. They return the exit code. */
int cli_run_main(int argc, char **argv);
int cli_validate_main(int argc, char **argv);
int cli_wast_main(int argc, char **argv);
int cli_inspect_main(int argc, char **argv);
int cli_compile_main(int argc, char **argv);
int cli_convert_main(int argc, char **argv);
/* Compiles `file` into the code cache in a detached, idle-priority process
 * (cache_fill.c). */
void cli_cache_fill_spawn(const char *file, const char *cache_dir, uint32_t opt_level,
                          bool bounds_checks);
/* True when arg ("--dir", "--env=A=1", ...) is an option of `run`. */
bool cli_run_is_option(const char *arg);
/* The process exit status for a guest exit code (see `wasmcell run --help`). */
int cli_exit_status(int32_t guest_code);

/* Prints "wasmcell: <message>" to stderr. */
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reads a whole file into a malloc'd buffer (caller frees). On failure
 * prints an error naming the file and returns false. */
bool cli_read_file(const char *path, uint8_t **out, size_t *size);

/* Loads a module's bytes: FILE.wat is converted by the text-format parser
 * (wasmcell_text.h) first, any other file is read as a binary. Prints an
 * error and returns false on failure. */
bool cli_load_wasm(const char *path, uint8_t **out, size_t *size);
/* The same; *status says why it failed: WASMCELL_ERR_MALFORMED for a text
 * that does not parse (printed as "FILE: malformed: LINE:COL: ..."),
 * WASMCELL_ERR_IO / _NOMEM otherwise. */
bool cli_load_wasm_status(const char *path, uint8_t **out, size_t *size, wasmcell_status_t *status);

/* "123", "64K", "16M", "4G" (powers of 1024). False on a malformed value. */
bool cli_parse_size(const char *text, uint64_t *out);
/* Decimal unsigned number, whole string. */
bool cli_parse_u64(const char *text, uint64_t *out);

/* A positive number of seconds, fractions allowed ("0.5"). */
bool cli_parse_seconds(const char *text, double *out);

/* A thread that calls wasmcell_instance_interrupt(instance) once `seconds`
 * have passed (and every 10 ms after, until stopped). NULL (with a message)
 * when it cannot start. */
typedef struct cli_watchdog cli_watchdog_t;
cli_watchdog_t *cli_watchdog_start(wasmcell_instance_t *instance, double seconds);
/* Stops and frees it (NULL is a no-op); returns whether it fired. */
bool cli_watchdog_stop(cli_watchdog_t *watchdog);

/* "auto" | "native" | "interp" (also "interpreter"). */
bool cli_parse_tier(const char *text, wasmcell_tier_t *out);
/* WASMCELL_BOUNDS_CHECKS set (and not "0"): --bounds-checks by default
 * (run and wast), e.g. to run a whole test area in that mode. */
bool cli_env_bounds_checks(void);
/* "2.0" | "3.0" to a wasmcell_config_t wasm_features (3.0: 0, every
 * feature the engine supports). */
bool cli_parse_wasm_version(const char *text, uint32_t *out);
/* "0".."3" to a wasmcell_config_t opt_level. */
bool cli_parse_opt(const char *text, uint32_t *out);

/* True when path ends with suffix. */
bool cli_has_suffix(const char *path, const char *suffix);

#endif
