/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* store.c — wasm.h's configuration, engine and store over wasmcell_engine_t.
 * A store only names its engine: objects are deleted one by one, by their
 * handles, not with the store. */
#include "capi.h"

#include <stdlib.h>
#include <string.h>

wasm_config_t *wasm_config_new(void) {
    wasm_config_t *c = wasmcell_malloc(sizeof *c);
    if (!c) return NULL;
    wasmcell_config_init(&c->config);
    /* wasm.h has no tier setting: take the CLI's variable. */
    const char *tier = getenv("WASMCELL_TIER");
    if (tier && strcmp(tier, "interp") == 0) c->config.tier = WASMCELL_TIER_INTERP;
    else if (tier && strcmp(tier, "native") == 0) c->config.tier = WASMCELL_TIER_NATIVE;
    return c;
}
void wasm_config_delete(wasm_config_t *config) { wasmcell_free(config); }

wasm_engine_t *wasm_engine_new_with_config(wasm_config_t *config) {
    wasm_engine_t *e = config ? wasmcell_malloc(sizeof *e) : NULL;
    if (e) {
        e->engine = wasmcell_engine_new(&config->config);
        if (!e->engine) {
            wasmcell_free(e);
            e = NULL;
        }
    }
    wasm_config_delete(config);
    return e;
}
wasm_engine_t *wasm_engine_new(void) { return wasm_engine_new_with_config(wasm_config_new()); }
void wasm_engine_delete(wasm_engine_t *engine) {
    if (!engine) return;
    wasmcell_engine_delete(engine->engine);
    wasmcell_free(engine);
}

wasm_store_t *wasm_store_new(wasm_engine_t *engine) {
    wasm_store_t *s = engine ? wasmcell_malloc(sizeof *s) : NULL;
    if (s) s->engine = engine->engine;
    return s;
}
void wasm_store_delete(wasm_store_t *store) { wasmcell_free(store); }
