/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* callgraph.c — direct calls of a module, as tier auto's selection reads
 * them (callgraph.h). */
#include "callgraph.h"

#include <string.h>
#include "../base/alloc.h"
#include "../binary/instr.h"

/* Walks the body of defined function d: calls visit(callee def index or
 * UINT32_MAX for an import, in_loop, arg) for each direct call (and tail
 * call), and ref(def index, arg) for each ref.func. */
static void walk_calls(const bin_module_t *bin, uint32_t d,
                       void (*visit)(uint32_t callee, bool in_loop, void *arg),
                       void (*ref)(uint32_t def, void *arg), void *arg)
{
    const bin_func_t *fd = &bin->funcs[d];
    /* per open block: is it a loop (nesting is at most one per byte) */
    uint8_t *is_loop = base_malloc(fd->body_size + 1);
    if (!is_loop) return;
    uint32_t depth = 0, loops = 0;
    bin_instr_reader_t ir;
    bin_instr_reader_init(&ir, bin->bytes, fd->body, fd->body_size);
    base_diag_t diag;
    memset(&diag, 0, sizeof diag);
    bin_instr_t in;
    size_t end = fd->body_offset + fd->body_size;
    while (bin_read_instr(&ir, &in, &diag)) {
        switch (in.op) {
        case OP_BLOCK: case OP_LOOP: case OP_IF: case OP_TRY: case OP_TRY_TABLE:
            if (depth < fd->body_size) {
                is_loop[depth++] = in.op == OP_LOOP;
                loops += in.op == OP_LOOP;
            }
            break;
        case OP_END:
            if (depth) loops -= is_loop[--depth];
            break;
        case OP_CALL: case OP_RETURN_CALL:
            if (in.imm.idx < bin->nfuncs)
                visit(in.imm.idx >= bin->nfunc_imports ? in.imm.idx - bin->nfunc_imports : UINT32_MAX,
                      loops > 0, arg);
            break;
        case OP_REF_FUNC:
            if (ref && in.imm.idx >= bin->nfunc_imports && in.imm.idx < bin->nfuncs)
                ref(in.imm.idx - bin->nfunc_imports, arg);
            break;
        default:
            break;
        }
        if (in.op == OP_END && in.offset + 1 >= end) break;
    }
    bin_instr_reader_fini(&ir);
    base_free(is_loop);
}

typedef struct {
    const bin_module_t *bin;
    void (*fn)(uint32_t callee, void *arg);
    void *arg;
} small_t;

static void visit_small(uint32_t callee, bool in_loop, void *arg)
{
    small_t *s = arg;
    if (in_loop && callee != UINT32_MAX && s->bin->funcs[callee].body_size <= NATIVE_CALLEE_MAX_BYTES)
        s->fn(callee, s->arg);
}

/* A call outside every loop runs once per call of its caller (main's
 * closing printf): compiling its target would only delay the code that
 * loops (docs/native.md, tier auto). */
void native_each_small_callee(const bin_module_t *bin, uint32_t d,
                              void (*fn)(uint32_t callee, void *arg), void *arg)
{
    small_t s = {bin, fn, arg};
    walk_calls(bin, d, visit_small, NULL, &s);
}

/* per defined function, while native_run_once collects the call sites */
typedef struct {
    uint32_t sites;   /* direct call sites (2 = "more than one") */
    uint32_t caller;  /* the caller of the first site */
    bool in_loop;     /* some site is inside a loop */
    bool escapes;     /* exported, in an element segment, or ref.func'd */
} calls_t;

typedef struct {
    calls_t *c;
    uint32_t caller;
} collect_t;

static void visit_site(uint32_t callee, bool in_loop, void *arg)
{
    collect_t *k = arg;
    if (callee == UINT32_MAX) return;
    calls_t *c = &k->c[callee];
    if (c->sites == 0) c->caller = k->caller;
    if (c->sites < 2) c->sites++;
    c->in_loop |= in_loop;
}

static void visit_ref(uint32_t def, void *arg)
{
    ((collect_t *)arg)->c[def].escapes = true;
}

uint8_t *native_run_once(const bin_module_t *bin)
{
    uint32_t ndefs = bin->nfuncs - bin->nfunc_imports;
    uint8_t *once = base_calloc(ndefs ? ndefs : 1, 1);
    calls_t *c = base_calloc(ndefs ? ndefs : 1, sizeof *c);
    if (!once || !c) {
        base_free(once);
        base_free(c);
        return NULL;
    }
    for (uint32_t d = 0; d < ndefs; d++) {
        collect_t k = {c, d};
        walk_calls(bin, d, visit_site, visit_ref, &k);
    }
    for (uint32_t i = 0; i < bin->nexports; i++) {
        const bin_export_t *ex = &bin->exports[i];
        if (ex->kind != EXT_FUNC || ex->idx < bin->nfunc_imports || ex->idx >= bin->nfuncs) continue;
        uint32_t d = ex->idx - bin->nfunc_imports;
        if (strcmp(ex->name, "_start") == 0 && c[d].sites == 0) once[d] = 1;
        else c[d].escapes = true;
    }
    for (uint32_t e = 0; e < bin->nelems; e++) {
        const bin_elem_t *el = &bin->elems[e];
        for (uint32_t i = 0; el->func_idxs && i < el->count; i++)
            if (el->func_idxs[i] >= bin->nfunc_imports && el->func_idxs[i] < bin->nfuncs)
                c[el->func_idxs[i] - bin->nfunc_imports].escapes = true;
    }
    if (bin->has_start && bin->start_func_idx >= bin->nfunc_imports && bin->start_func_idx < bin->nfuncs &&
        c[bin->start_func_idx - bin->nfunc_imports].sites == 0)
        once[bin->start_func_idx - bin->nfunc_imports] = 1;
    /* down the chains of single call sites from the roots (a cycle with
     * no way in stays 0) */
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t d = 0; d < ndefs; d++) {
            if (once[d] || c[d].sites != 1 || c[d].in_loop || c[d].escapes || !once[c[d].caller]) continue;
            once[d] = 1;
            changed = true;
        }
    }
    base_free(c);
    return once;
}
