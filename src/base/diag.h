/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* diag.h — diagnostics for bad input: the first error wins, with its byte offset. */
#ifndef BASE_DIAG_H
#define BASE_DIAG_H
#include <stdbool.h>
#include <stddef.h>

typedef struct base_diag {
    bool set;
    int status;       /* a wasmcell_status_t */
    size_t offset;    /* byte offset in the module */
    char message[512];/* full text: "section 10 (code), offset 0x2f, function 3: type mismatch" */
    char reason[128]; /* the spec's words only: "type mismatch" (what wast expects) */
} base_diag_t;

/* Records the first error only; later calls are ignored. `reason` is the
 * spec's wording; `context_fmt` (may be NULL) adds where ("section 10 (code),
 * function 3"). Returns false so callers can `return base_diag_fail(...)`. */
bool base_diag_fail(base_diag_t *d, int status, size_t offset, const char *reason,
                    const char *context_fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
