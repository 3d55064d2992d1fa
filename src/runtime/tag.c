/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* tag.c — exception objects (exception handling): their allocation in the
 * engine's list, the error an uncaught one becomes, and how a tag is named
 * in messages. The throwing and catching are the interpreter's (exec_exn.c). */
#include <stdio.h>
#include <string.h>
#include "runtime.h"
#include "../base/alloc.h"

rt_exn_t *rt_exn_new(wasmcell_engine_t *engine, wasmcell_tag_t *tag, const uint64_t *slots)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < tag->type->nparams; i++) n += tag->type->params[i] == VT_V128 ? 2 : 1;
    rt_exn_t *exn = base_malloc(sizeof *exn + (size_t)n * sizeof exn->payload[0]);
    if (!exn) return NULL;
    exn->tag = tag;
    exn->engine = engine;
    exn->type = tag->type;
    exn->exposed = false;
    exn->nslots = n;
    if (n) memcpy(exn->payload, slots, (size_t)n * sizeof exn->payload[0]);
    pthread_mutex_lock(&engine->exn_lock);
    exn->prev = NULL;
    exn->next = engine->exns;
    if (engine->exns) engine->exns->prev = exn;
    engine->exns = exn;
    pthread_mutex_unlock(&engine->exn_lock);
    return exn;
}

void rt_exn_free(wasmcell_engine_t *engine, rt_exn_t *exn)
{
    pthread_mutex_lock(&engine->exn_lock);
    if (exn->prev) exn->prev->next = exn->next;
    else engine->exns = exn->next;
    if (exn->next) exn->next->prev = exn->prev;
    pthread_mutex_unlock(&engine->exn_lock);
    base_free(exn);
}

void rt_engine_free_exns(wasmcell_engine_t *engine)
{
    for (rt_exn_t *e = engine->exns, *next; e; e = next) {
        next = e->next;
        base_free(e);
    }
    engine->exns = NULL;
    for (wasmcell_tag_t *t = engine->host_tags, *next; t; t = next) {
        next = t->next_host;
        base_free(t);
    }
    engine->host_tags = NULL;
}

/* The export name of the tag, else its import name, else NULL. */
static void tag_name(const wasmcell_tag_t *tag, const char **module, const char **name)
{
    const bin_module_t *bin = tag->owner->module->bin;
    *module = *name = NULL;
    for (uint32_t i = 0; i < bin->nexports; i++)
        if (bin->exports[i].kind == EXT_TAG && bin->exports[i].idx == tag->tag_idx) {
            *name = bin->exports[i].name;
            return;
        }
    uint32_t k = 0;
    for (uint32_t i = 0; i < bin->nimports; i++) {
        if (bin->imports[i].kind != EXT_TAG) continue;
        if (k++ == tag->tag_idx) {
            *module = bin->imports[i].module;
            *name = bin->imports[i].name;
            return;
        }
    }
}

void rt_tag_describe(const wasmcell_tag_t *tag, char *buf, size_t size)
{
    const char *module = NULL, *name = NULL;
    if (!tag->owner) {
        snprintf(buf, size, "a host tag");
        return;
    }
    tag_name(tag, &module, &name);
    if (module) snprintf(buf, size, "tag \"%s\" \"%s\"", module, name);
    else if (name) snprintf(buf, size, "tag \"%s\"", name);
    else snprintf(buf, size, "tag %u", tag->tag_idx);
}

wasmcell_error_t *rt_exn_error(rt_exn_t *exn)
{
    char what[256];
    rt_tag_describe(exn->tag, what, sizeof what);
    wasmcell_error_t *e = rt_error_new(WASMCELL_ERR_EXCEPTION, "exception of %s thrown and not caught", what);
    if (e == &rt_error_nomem) return e; /* the exception stays with the engine */
    e->exn = exn; /* freed with the error unless something else names it */
    return e;
}
