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

/* Exception handlers (exception handling). A try construct covers the
 * code [start, end) of its body; an exception thrown there (or by a call
 * there) tries the construct's clauses in order, then its `parent`'s
 * (the innermost construct around it, or a legacy delegate's target). */
typedef struct cmp_try {
    uint32_t start, end;       /* code word offsets */
    uint32_t parent;           /* index in tries, or CMP_NO_TRY */
    uint32_t first_clause;     /* index in clauses, or CMP_NO_TRY; chained by `next` */
    bool keeps_exn;            /* a legacy catch whose exception a rethrow may need */
} cmp_try_t;
#define CMP_NO_TRY UINT32_MAX

typedef struct cmp_catch {
    uint8_t kind;              /* CATCH_TAG, CATCH_TAG_REF, CATCH_ALL, CATCH_ALL_REF (instr.h) */
    bool legacy;               /* try/catch: the exception goes to exn_slot for rethrow */
    uint32_t tag_idx;          /* in the instance's tag index space */
    uint32_t pad;              /* code offset to continue at */
    uint32_t payload_slot;     /* where the tag's parameters go */
    uint32_t exn_slot;         /* the exnref (_REF kinds) or the legacy rethrow slot */
    uint32_t next;             /* next clause of the same try, or CMP_NO_TRY */
} cmp_catch_t;

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
    /* Exception handlers, by order of the constructs' openings. */
    uint32_t ntries, nclauses;
    const cmp_try_t *tries;
    const cmp_catch_t *clauses;
    /* Code position -> wasm offset of its instruction (code_offsets.h),
     * for backtraces; NULL when empty (or out of memory). */
    const uint8_t *offsets;
    uint32_t offsets_size;
} cmp_func_t;

/* Compile defined function `def_idx` of validated module `m`. `handlers`
 * maps internal opcodes to handler addresses (exec_handler_table()).
 * `type_sig_ids` (per type index) lets call_indirect compare types by id.
 * `checked`: memory accesses use their bounds-checked twins (for
 * instances with a memory that has no guard-page reservation).
 * Returns NULL with `diag` set on failure (out of memory, unsupported). */
cmp_func_t *cmp_compile(const bin_module_t *m, uint32_t def_idx, const void *const *handlers,
                        const uint32_t *type_sig_ids, bool checked, base_diag_t *diag);
void cmp_func_free(cmp_func_t *f);
/* The module offset of the wasm instruction that code word `word` of f
 * belongs to; 0 when unknown. */
uint32_t cmp_func_code_offset(const cmp_func_t *f, uint32_t word);
/* Text listing of `f` (owned, base_free), or NULL when out of memory. */
char *cmp_disasm(const cmp_func_t *f, const void *const *handlers);

#endif
