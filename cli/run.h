/* run.h — pieces of `wasmcell run` shared between run.c and trace.c. */
#ifndef WASMCELL_CLI_RUN_H
#define WASMCELL_CLI_RUN_H

#include "wasmcell.h"
#include "wasmcell_wasi.h"

typedef struct cli_trace cli_trace_t;

/* --trace: defines the WASI imports `guest` uses in `linker` as wrappers
 * that log each call (name, arguments, result) to stderr and forward it to
 * the real WASI function. *out (owned, cli_trace_delete) must outlive the
 * guest instance. */
wasmcell_status_t cli_trace_define_imports(wasmcell_engine_t *engine, wasmcell_wasi_t *wasi,
                                           wasmcell_linker_t *linker,
                                           const wasmcell_module_t *guest, cli_trace_t **out,
                                           wasmcell_error_t **error);
void cli_trace_delete(cli_trace_t *trace);

#endif
