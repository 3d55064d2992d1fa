/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* val_internal.h — state shared by the module-level rules (validate.c), the
 * constant-expression rules (const_expr.c) and the function-body checker
 * (func.c). Internal to src/validate/. */
#ifndef VAL_INTERNAL_H
#define VAL_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../base/diag.h"
#include "../binary/instr.h"
#include "../binary/module.h"

/* The operand type of the spec's algorithm that matches every type: what a
 * pop from the polymorphic stack of unreachable code yields. 0 is no value
 * type encoding. */
enum { VAL_UNKNOWN = 0 };
/* What ref.as_non_null and br_on_null leave from an unknown operand: a
 * non-null reference of the bottom heap type, which matches every
 * reference type and nothing else. 0x01 is no type kind. */
enum { VAL_REF_BOT = 0x01 | VT_NONNULL };

/* A concrete reference names a type of the module. */
static inline bool val_type_known(const bin_module_t *m, bin_valtype_t t)
{
    uint32_t idx;
    return !vt_type_idx(t, &idx) || idx < m->ntypes;
}

/* The type of ref.func f: (ref $t) with function references, else funcref. */
static inline bin_valtype_t val_ref_func_type(const bin_module_t *m, uint32_t func_idx)
{
    if (!(m->features & WASMCELL_FEATURE_FUNCTION_REFERENCES)) return VT_FUNCREF;
    return vt_concrete(m->func_type_idxs[func_idx], false);
}

/* One entry of the control stack (the spec appendix's ctrl_frame). */
typedef struct val_ctrl {
    bin_op_t op;                  /* OP_BLOCK, OP_LOOP, OP_IF, OP_ELSE, OP_TRY_TABLE, OP_TRY,
                                   * OP_CATCH, OP_CATCH_ALL; OP_END for the function */
    bool unreachable;
    uint32_t height;              /* operand stack height at entry */
    uint32_t init_height;         /* c->ninits at entry */
    uint32_t nparams, nresults;
    const bin_valtype_t *params;  /* point into the module's types or a static table */
    const bin_valtype_t *results;
} val_ctrl_t;

/* One validation of one module. The stacks are reused by every function
 * body (no allocation per instruction). */
typedef struct val_ctx {
    const bin_module_t *m;
    base_diag_t *diag;
    uint8_t *declared;            /* bit set over func indices: the spec's C.refs */

    bin_valtype_t *vals;          /* operand stack */
    uint32_t nvals, vals_cap;
    val_ctrl_t *ctrls;            /* control stack */
    uint32_t nctrls, ctrls_cap;
    bin_instr_reader_t ir;

    /* Non-defaultable locals (function references): which are set now, and
     * the ones set inside the current blocks, undone at their ends. */
    uint8_t *local_set;
    uint32_t local_set_cap;
    uint32_t *inits;
    uint32_t ninits, inits_cap;
    /* Storage for block types of one reference type (concrete or non-null),
     * stable while the function is checked: chunks that never move. */
    struct val_chunk *chunks;

    /* The function being checked. */
    uint32_t func_idx;
    const bin_functype_t *ftype;
    const bin_func_t *func;
} val_ctx_t;

/* Records an invalid-module error: reason gets " <idx>" appended when
 * with_idx ("unknown local 2"). Always returns false. */
bool val_fail_idx(val_ctx_t *c, size_t offset, const char *reason, bool with_idx, uint32_t idx,
                  const char *where_fmt, ...) __attribute__((format(printf, 6, 7)));
/* "type mismatch" with `detail` ("expected i32, found f64") after the
 * reason in the message only. Always returns false. */
bool val_fail_mismatch(val_ctx_t *c, size_t offset, const char *detail, const char *where_fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "i32", "funcref", "(ref null 2)", ...; "_" for VAL_UNKNOWN. The text of a
 * reference with a type index lives in a small per-thread ring (4 at once). */
const char *val_type_name(bin_valtype_t t);

static inline bool val_is_declared(const val_ctx_t *c, uint32_t func_idx)
{
    return (c->declared[func_idx >> 3] >> (func_idx & 7)) & 1;
}
static inline void val_declare(val_ctx_t *c, uint32_t func_idx)
{
    c->declared[func_idx >> 3] |= (uint8_t)(1u << (func_idx & 7));
}

/* Collects the func indices named by ref.func in `e` into C.refs (the
 * expression is validated separately; malformed bytes are ignored here). */
void val_collect_refs(val_ctx_t *c, const bin_constexpr_t *e);

/* A constant expression of type `expected` (spec 3.0: Constant Expressions,
 * with extended-const; global.get may name an immutable global among the
 * first `nglobals`: the imported and earlier ones for a global initializer,
 * all of them for segments; 2.0's rules when the module's features lack
 * WASMCELL_FEATURE_EXTENDED_CONST). `what` names it in the message
 * ("global 3", "data segment 0"). */
bool val_const_expr(val_ctx_t *c, const bin_constexpr_t *e, bin_valtype_t expected,
                    uint32_t nglobals, const char *what);

/* Validates defined function `def_idx` (0-based among definitions). */
bool val_func_body(val_ctx_t *c, uint32_t def_idx);

/* Frees the block types kept for the last body. */
void val_free_chunks(val_ctx_t *c);

/* Frees the scratch stacks. */
void val_ctx_fini(val_ctx_t *c);

#endif
