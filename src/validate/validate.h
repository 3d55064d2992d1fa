/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* validate.h — WebAssembly 2.0 validation of a decoded module: module rules
 * and every function body by the spec's operand/control-stack algorithm. */
#ifndef VAL_VALIDATE_H
#define VAL_VALIDATE_H
#include <stdbool.h>
#include "../base/diag.h"
#include "../binary/module.h"

/* true when `m` is valid; otherwise false with `diag` set (status
 * WASMCELL_ERR_INVALID, the spec's wording in diag->reason, e.g. "type
 * mismatch", "unknown function 7", and the offset/section/function). */
bool val_module(const bin_module_t *m, base_diag_t *diag);

#endif
