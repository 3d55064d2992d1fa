/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* compile.h — translates one validated function body into internal code
 * (icode.def): slot-addressed operands, folded constants, resolved branch
 * targets, fused pairs, direct-threaded handler addresses. */
#ifndef CMP_COMPILE_H
#define CMP_COMPILE_H
#include <stdbool.h>
#include <stdint.h>
#include "../base/diag.h"
#include "../binary/module.h"

typedef struct cmp_func {
    const uint64_t *code;      /* first instruction */
    uint32_t code_words;
    uint32_t nparams;          /* slots used by parameters */
    uint32_t nlocal_slots;     /* params + declared locals, in slots */
    uint32_t nresults;         /* slots used by results */
    uint32_t frame_slots;      /* everything the frame needs: locals, constants, operand stack */
    uint32_t nconsts;          /* constant slots, stored after the locals */
    const uint64_t *consts;    /* values copied into the frame at entry */
    uint32_t func_idx;
    /* Loop headers, for on-stack replacement into native code: pairs of
     * (code offset of the header, ordinal of its `loop` among all the
     * body's loop instructions, dead ones included), by offset. */
    uint32_t nloops;
    const uint32_t *loops;
    /* Code position -> wasm offset of its instruction (code_offsets.h),
     * for backtraces; NULL when empty (or out of memory). */
    const uint8_t *offsets;
    uint32_t offsets_size;
} cmp_func_t;

/* Compile defined function `def_idx` of validated module `m`. `handlers`
 * maps internal opcodes to handler addresses (exec_handler_table()).
 * `type_sig_ids` (per type index) lets call_indirect compare types by id.
 * Returns NULL with `diag` set on failure (out of memory, unsupported). */
cmp_func_t *cmp_compile(const bin_module_t *m, uint32_t def_idx, const void *const *handlers,
                        const uint32_t *type_sig_ids, base_diag_t *diag);
void cmp_func_free(cmp_func_t *f);
/* The module offset of the wasm instruction that code word `word` of f
 * belongs to; 0 when unknown. */
uint32_t cmp_func_code_offset(const cmp_func_t *f, uint32_t word);
/* Text listing of `f` (owned, base_free), or NULL when out of memory. */
char *cmp_disasm(const cmp_func_t *f, const void *const *handlers);

#endif
