/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* binread.h — small readers shared by the binary decoder's own files
 * (instr.c, decode.c, names.c); other layers use instr.h and module.h. */
#ifndef BIN_BINREAD_H
#define BIN_BINREAD_H
#include <stdbool.h>
#include "../base/reader.h"
#include "module.h"

/* The reference interpreter's wording for an end of input inside a module. */
#define BIN_EOF_REASON "unexpected end of section or function"

/* The spec's wording for a failed reader status (EOF as BIN_EOF_REASON). */
const char *bin_rd_reason(base_rd_status_t s);

/* Value and reference types are read as a signed 7-bit LEB128 like the
 * reference decoder does: a byte with its high bit set is "integer
 * representation too long"; an unknown type is "malformed reference type"
 * (the last alternative the reference tries). On failure *reason is set and
 * the reader's offset is where the error is reported. */
bool bin_read_valtype(base_reader_t *r, bin_valtype_t *out, const char **reason, bool typed);
bool bin_read_reftype(base_reader_t *r, bin_valtype_t *out, const char **reason, bool typed);
/* `typed` (function references): also (ref null? ht) = 0x63/0x64 then a heap
 * type: an s33, func/extern/exn or a type index (not checked against the
 * type count here). GC's abstract heap types fail with BIN_GC_REASON,
 * which callers report as WASMCELL_ERR_UNSUPPORTED, not malformed. */
bool bin_read_heaptype(base_reader_t *r, bin_valtype_t *out, const char **reason);
extern const char BIN_GC_REASON[];

/* A vector length or byte count: a u32 that must not exceed the bytes left
 * counted from the length's first byte ("length out of bounds", reported
 * there). Callers reading n bytes after it must still check for the end. */
bool bin_read_len(base_reader_t *r, uint32_t *out, const char **reason);

/* The "name" custom section (names.c): fills m->module_name and
 * m->func_names from the first well-formed one; a malformed name section
 * is ignored (custom sections never make a module malformed). */
void bin_read_names(bin_module_t *m);
void bin_free_names(bin_module_t *m);

#endif
