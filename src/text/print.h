/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* print.h — a decoded module as WebAssembly text (print.c). */
#ifndef TEXT_PRINT_H
#define TEXT_PRINT_H
#include "../binary/module.h"
#include "text.h"

/* Appends the text of `m` to b; false with diag set when an instruction
 * does not decode (bin_decode has already checked that they do). */
bool txt_print_module(const bin_module_t *m, txt_buf_t *b, base_diag_t *diag);

#endif
