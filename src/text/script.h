/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* script.h — the .wast script reader behind wasmcell_wast_parse. */
#ifndef TEXT_SCRIPT_H
#define TEXT_SCRIPT_H
#include "wasmcell_text.h"
#include "text.h"

typedef struct txt_script txt_script_t;

/* Never NULL unless out of memory (err says so). err[0] != 0 after a
 * syntax error; the commands before it are kept. */
txt_script_t *txt_script_parse(const char *text, size_t len, char *err, size_t err_size);
size_t txt_script_count(const txt_script_t *s);
const wasmcell_wast_command_t *txt_script_at(const txt_script_t *s, size_t i);
void txt_script_free(txt_script_t *s);

#endif
