/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* text.c — the public text-format API (wasmcell_text.h) over src/text/. */
#include "wasmcell_text.h"

#include <stdlib.h>

#include "../base/alloc.h"
#include "../binary/module.h"
#include "../runtime/runtime.h"
#include "../text/print.h"
#include "../text/script.h"

wasmcell_status_t wasmcell_wat_to_wasm(const char *text, size_t len, uint8_t **bytes, size_t *size,
                                       wasmcell_error_t **error)
{
    if (!text || !bytes || !size)
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE, "wasmcell_wat_to_wasm: NULL argument"));
    txt_result_t res;
    txt_wat_to_wasm(text, len, &res);
    *bytes = res.bytes;
    *size = res.size;
    if (res.status == WASMCELL_OK)
        return WASMCELL_OK;
    return rt_fail(error, rt_error_new((wasmcell_status_t)res.status, "%s", res.message));
}

void wasmcell_bytes_delete(uint8_t *bytes)
{
    base_free(bytes);
}

wasmcell_status_t wasmcell_wasm_to_wat(const uint8_t *bytes, size_t size, char **text,
                                       wasmcell_error_t **error)
{
    if (!bytes || !text)
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE, "wasmcell_wasm_to_wat: NULL argument"));
    *text = NULL;
    base_diag_t diag = {0};
    bin_module_t *m = NULL;
    if (!bin_decode(bytes, size, &m, &diag))
        return rt_fail(error, rt_error_from_diag(&diag));
    txt_buf_t b = {0};
    bool ok = txt_print_module(m, &b, &diag);
    bin_module_free(m);
    txt_buf_byte(&b, 0);
    if (!ok || b.oom) {
        txt_buf_fini(&b);
        return rt_fail(error, ok ? &rt_error_nomem : rt_error_from_diag(&diag));
    }
    *text = (char *)b.data;
    return WASMCELL_OK;
}

/* The public handle is the text layer's script. */
struct wasmcell_wast {
    txt_script_t *script;
};

wasmcell_status_t wasmcell_wast_parse(const char *text, size_t len, wasmcell_wast_t **out,
                                      wasmcell_error_t **error)
{
    if (!text || !out)
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE, "wasmcell_wast_parse: NULL argument"));
    *out = NULL;
    char err[512];
    wasmcell_wast_t *w = base_malloc(sizeof *w);
    if (!w)
        return rt_fail(error, &rt_error_nomem);
    unsigned long oom_before = txt_oom_count();
    w->script = txt_script_parse(text, len, err, sizeof err);
    if (!w->script) {
        base_free(w);
        return rt_fail(error, &rt_error_nomem);
    }
    *out = w;
    if (txt_oom_count() != oom_before) /* the commands may be incomplete */
        return rt_fail(error, &rt_error_nomem);
    if (err[0])
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MALFORMED, "%s", err));
    return WASMCELL_OK;
}

size_t wasmcell_wast_count(const wasmcell_wast_t *script)
{
    return script ? txt_script_count(script->script) : 0;
}

const wasmcell_wast_command_t *wasmcell_wast_at(const wasmcell_wast_t *script, size_t i)
{
    return script ? txt_script_at(script->script, i) : NULL;
}

void wasmcell_wast_delete(wasmcell_wast_t *script)
{
    if (!script)
        return;
    txt_script_free(script->script);
    base_free(script);
}
