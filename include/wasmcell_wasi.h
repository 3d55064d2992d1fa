/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* wasmcell_wasi.h — WASI preview1 shaped like Node.js's `node:wasi` module.
 *
 *   node:wasi                               wasmcell
 *   new WASI({version, args, env, ...})     wasmcell_wasi_new(&options, &error)
 *   wasi.getImportObject()                  wasmcell_wasi_define_imports(wasi, linker)
 *   wasi.wasiImport                         wasmcell_wasi_define_imports_as(wasi, linker, name)
 *   wasi.start(instance)                    wasmcell_wasi_start(wasi, instance, &code, &error)
 *   wasi.initialize(instance)               wasmcell_wasi_initialize(wasi, instance, &error)
 *   (a guest run by another engine)         wasmcell_wasi_call(wasi, func_idx, slots, memory, ...)
 *
 * Same conventions as wasmcell.h (status + owned error, _new/_delete). A
 * wasmcell_wasi_t belongs to one thread at a time and must outlive the
 * instances linked against it.
 */
#ifndef WASMCELL_WASI_H
#define WASMCELL_WASI_H

#include <stdbool.h>
#include "wasmcell.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wasmcell_wasi wasmcell_wasi_t;

typedef struct wasmcell_wasi_preopen {
    const char *guest_path; /* the name the guest sees, e.g. "/sandbox" or "." */
    const char *host_path;  /* an existing host directory */
    bool readonly;          /* no writes, creates, renames or deletes beneath it */
} wasmcell_wasi_preopen_t;

typedef struct wasmcell_wasi_options {
    const char *version;            /* mandatory: "preview1" or "unstable" */
    size_t argc;                    /* default 0 */
    const char *const *argv;
    size_t envc;                    /* default 0; entries are "NAME=VALUE" */
    const char *const *env;
    size_t npreopens;               /* preopens become guest fds 3, 4, ... in order */
    const wasmcell_wasi_preopen_t *preopens;
    bool return_on_exit;            /* default true; false: proc_exit ends the host process */
    int stdin_fd, stdout_fd, stderr_fd; /* host fds; default 0, 1, 2 */
    /* Added after the node:wasi fields (zero-initialised = off): */
    size_t nsockets;                /* host socket fds (e.g. listening sockets) that */
    const int *socket_fds;          /* become guest fds after the preopens, in order */
    int trace_fd;                   /* 0 (default) = off; else a host fd that receives
                                       one line per WASI call, strace-like */
} wasmcell_wasi_options_t;

/* Fill `options` with node:wasi's defaults (version stays NULL: mandatory). */
WASMCELL_API void wasmcell_wasi_options_init(wasmcell_wasi_options_t *options);
/* Copies everything it needs from `options`; opens the preopened
 * directories. Errors: unknown or missing version, a preopen that is not a
 * directory, out of memory. */
WASMCELL_API wasmcell_wasi_t *wasmcell_wasi_new(const wasmcell_wasi_options_t *options,
                                                wasmcell_error_t **error);
WASMCELL_API void wasmcell_wasi_delete(wasmcell_wasi_t *wasi);

/* getImportObject(): defines every WASI function under the version's module
 * name ("wasi_snapshot_preview1" or "wasi_unstable"). */
WASMCELL_API wasmcell_status_t wasmcell_wasi_define_imports(wasmcell_wasi_t *wasi,
                                                            wasmcell_linker_t *linker);
/* wasiImport: the same functions under any module name. */
WASMCELL_API wasmcell_status_t wasmcell_wasi_define_imports_as(wasmcell_wasi_t *wasi,
                                                               wasmcell_linker_t *linker,
                                                               const char *module_name);
/* The import module name of the configured version. */
WASMCELL_API const char *wasmcell_wasi_module_name(const wasmcell_wasi_t *wasi);

/* start(instance): runs `_start`. Fails (WASMCELL_ERR_MISUSE, node's
 * messages) when the instance has no `_start` export, exports `_initialize`,
 * exports no `memory`, or start/initialize already ran. *exit_code is the
 * guest's proc_exit code, or 0 when _start returns. A trap returns
 * WASMCELL_ERR_TRAP. With return_on_exit false, proc_exit ends the process. */
WASMCELL_API wasmcell_status_t wasmcell_wasi_start(wasmcell_wasi_t *wasi,
                                                   wasmcell_instance_t *instance,
                                                   int32_t *exit_code, wasmcell_error_t **error);
/* initialize(instance): runs `_initialize` if exported. Fails when the
 * instance exports `_start`, exports no `memory`, or already ran. */
WASMCELL_API wasmcell_status_t wasmcell_wasi_initialize(wasmcell_wasi_t *wasi,
                                                        wasmcell_instance_t *instance,
                                                        wasmcell_error_t **error);

/* ---- WASI over an external memory ---------------------------------------------
 * For embedders whose guest runs in another engine (the `wasmcell-wasi` npm
 * package runs it in V8 through Node-API): the host functions are called one
 * by one, each over the guest's memory as the embedder sees it at that call.
 * Nothing changes for instances linked with wasmcell_wasi_define_imports. */

/* The number of functions of the configured version (46 for preview1, 45
 * for unstable). */
WASMCELL_API size_t wasmcell_wasi_func_count(const wasmcell_wasi_t *wasi);
/* Function `func_idx`'s import name, or NULL past the end. *signature (if
 * not NULL) receives its signature in wasmcell_linker_define_func's letters
 * ("iiii:i": i32 params, ':' then results; 'I' is i64). Static strings. */
WASMCELL_API const char *wasmcell_wasi_func_name(const wasmcell_wasi_t *wasi, size_t func_idx,
                                                 const char **signature);

typedef enum wasmcell_wasi_outcome {
    WASMCELL_WASI_RETURNED = 0, /* slots[0] holds the WASI errno to return */
    WASMCELL_WASI_EXITED = 1,   /* proc_exit ran: *exit_code holds its code */
    WASMCELL_WASI_MISUSE = 2,   /* NULL wasi/slots or func_idx out of range */
} wasmcell_wasi_outcome_t;

/* Runs function `func_idx` with its parameters in slots[0..nparams) (an i32
 * in the low 32 bits, an i64 as is; `slots` holds at least max(nparams, 1)
 * entries) over guest memory [memory, memory + memory_size), borrowed for
 * the call only: pass the memory as it is now (re-read after memory.grow).
 * Every guest pointer and length is checked against memory_size, as for a
 * linked instance (out of range: errno `fault`). The call never runs guest
 * code. proc_exit gives WASMCELL_WASI_EXITED whatever return_on_exit says:
 * the embedder ends the process or unwinds its guest. Trace lines go to the
 * options' trace_fd as for a linked instance. */
WASMCELL_API wasmcell_wasi_outcome_t wasmcell_wasi_call(wasmcell_wasi_t *wasi, size_t func_idx,
                                                        uint64_t *slots, uint8_t *memory,
                                                        uint64_t memory_size, int32_t *exit_code);

#ifdef __cplusplus
}
#endif
#endif /* WASMCELL_WASI_H */
