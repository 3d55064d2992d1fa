/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* exec_exn.c — throwing and catching (exception handling) for the
 * interpreter: finds the handler of an exception in the frames of one
 * exec_run (innermost first, by each function's try table), writes the
 * payload where the handler expects it, and turns an exception nobody in
 * those frames catches into an error for the caller of exec_run. */
#include <string.h>
#include "../base/alloc.h"
#include "../binary/instr.h"
#include "exec_internal.h"

/* The try construct innermost around code offset `pos` (nested ranges:
 * the latest opened one that covers it), or CMP_NO_TRY. */
static uint32_t innermost_try(const cmp_func_t *code, uint32_t pos)
{
    for (uint32_t i = code->ntries; i-- > 0;)
        if (code->tries[i].start <= pos && pos < code->tries[i].end) return i;
    return CMP_NO_TRY;
}

static bool clause_matches(const cmp_catch_t *k, const rt_instance_t *inst, const rt_exn_t *exn)
{
    return k->kind == CATCH_ALL || k->kind == CATCH_ALL_REF || inst->tags[k->tag_idx] == exn->tag;
}

/* The clause of `code` that catches exn thrown at `pos`, or NULL. */
static const cmp_catch_t *find_clause(const cmp_func_t *code, const rt_instance_t *inst,
                                      const rt_exn_t *exn, uint32_t pos, bool *keeps_exn)
{
    for (uint32_t t = innermost_try(code, pos); t != CMP_NO_TRY; t = code->tries[t].parent) {
        for (uint32_t k = code->tries[t].first_clause; k != CMP_NO_TRY; k = code->clauses[k].next)
            if (clause_matches(&code->clauses[k], inst, exn)) {
                *keeps_exn = code->tries[t].keeps_exn;
                return &code->clauses[k];
            }
    }
    return NULL;
}

/* Hands exn to clause k of a frame at fp: the payload (tag clauses), the
 * exnref (_REF clauses) or the rethrow slot (legacy). An exception nothing
 * can refer to any more is freed. */
static void deliver(exec_ctx_t *ctx, const cmp_catch_t *k, bool keeps_exn, uint64_t *fp, rt_exn_t *exn)
{
    if (k->kind == CATCH_TAG || k->kind == CATCH_TAG_REF)
        memcpy(fp + k->payload_slot, exn->payload, (size_t)exn->nslots * sizeof exn->payload[0]);
    bool ref = k->kind == CATCH_TAG_REF || k->kind == CATCH_ALL_REF;
    if (ref || k->legacy) fp[k->exn_slot] = (uintptr_t)exn;
    if (ref || (k->legacy && keeps_exn)) exn->exposed = true;
    if (!exn->exposed) {
        wasmcell_engine_t *engine = ctx->fsp->func->inst->module->engine;
        rt_exn_free(engine, exn);
    }
}

bool exec_exn_catch(exec_ctx_t *ctx, rt_exn_t *exn, const uint64_t **ip, uint64_t **fp,
                    exec_frame_t **fsp, bool skip_top)
{
    exec_frame_t *frame = *fsp;
    uint64_t *frame_fp = *fp;
    const uint64_t *at = *ip;   /* the throwing instruction, then each caller's call */
    bool skip = skip_top;
    for (;;) {
        const cmp_func_t *code = frame->func->code;
        bool keeps_exn = false;
        const cmp_catch_t *k = NULL;
        if (!skip && code && at >= code->code && at < code->code + code->code_words)
            k = find_clause(code, frame->func->inst, exn, (uint32_t)(at - code->code), &keeps_exn);
        skip = false;
        if (k) {
            *fsp = frame;
            *fp = frame_fp;
            *ip = code->code + k->pad;
            ctx->fsp = frame;
            deliver(ctx, k, keeps_exn, frame_fp, exn);
            return true;
        }
        /* no handler here: leave the frame, as a return would */
        if (!frame->ret_ip) return false;
        at = frame->ret_ip - 1;
        frame_fp = frame->fp;
        frame--;
    }
}

wasmcell_error_t *exec_exn_uncaught(exec_ctx_t *ctx, rt_exn_t *exn)
{
    wasmcell_error_t *err = rt_exn_error(exn);
    return exec_with_backtrace(ctx, err);
}

rt_exn_t *exec_exn_take(wasmcell_error_t *err)
{
    if (!err || err->status != WASMCELL_ERR_EXCEPTION || !err->exn) return NULL;
    rt_exn_t *exn = err->exn;
    err->exn = NULL;
    wasmcell_error_delete(err);
    return exn;
}
