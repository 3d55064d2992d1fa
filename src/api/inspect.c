/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* inspect.c — public inspection of a module's internal code (disassembly). */
#include "wasmcell.h"
#include "../base/alloc.h"
#include "../compile/compile.h"
#include "../exec/exec.h"
#include "../runtime/runtime.h"

uint32_t wasmcell_module_func_count(const wasmcell_module_t *module)
{
    return module ? module->bin->nfuncs : 0;
}

wasmcell_status_t wasmcell_module_icode_text(wasmcell_module_t *module, uint32_t func_idx,
                                             char **text, wasmcell_error_t **error)
{
    if (!module || !text)
        return rt_fail(error, rt_error_new(WASMCELL_ERR_MISUSE, "icode_text: NULL argument"));
    *text = NULL;
    const bin_module_t *bin = module->bin;
    if (func_idx >= bin->nfuncs || func_idx < bin->nfunc_imports)
        return rt_fail(error, rt_error_new(WASMCELL_ERR_NOT_FOUND,
                                           "function %u is not defined in this module", func_idx));
    wasmcell_error_t *e = NULL;
    /* the variant the engine's memories get when bounds checks are forced */
    struct cmp_func *code = rt_module_code(module, func_idx - bin->nfunc_imports,
                                           module->engine->config.bounds_checks != 0, &e);
    if (!code) return rt_fail(error, e);
    *text = cmp_disasm(code, exec_handler_table());
    return *text ? WASMCELL_OK : rt_fail(error, &rt_error_nomem);
}

void wasmcell_string_delete(char *text) { base_free(text); }
