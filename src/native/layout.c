/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* layout.c — a fingerprint of every runtime struct offset native code
 * reads (the list follows llvm_lower.c's load_field calls). Compiled into
 * both the runtime and the LLVM plugin: the runtime refuses a plugin built
 * against another layout (one left over from an older build would emit
 * code that reads the wrong fields), and the engine id of artifacts and
 * cache entries carries it, so code made for another layout never runs. */
#include <stddef.h>
#include <stdint.h>
#include "native.h"
#include "../exec/exec_internal.h"

uint32_t native_layout_fingerprint(void)
{
    static const size_t layout[] = {
        sizeof(exec_ctx_t), offsetof(exec_ctx_t, native_stack_limit), offsetof(exec_ctx_t, metered),
        offsetof(exec_ctx_t, loop_chunk), offsetof(exec_ctx_t, tierup_chunk), offsetof(exec_ctx_t, gen),
        offsetof(exec_ctx_t, budget), offsetof(exec_ctx_t, stack_top), offsetof(exec_ctx_t, stack_end),
        offsetof(rt_instance_t, funcs), offsetof(rt_instance_t, globals),
        offsetof(rt_instance_t, tables), offsetof(rt_instance_t, interrupt),
        offsetof(rt_instance_t, running_gen), offsetof(rt_instance_t, native_mem0),
        offsetof(rt_instance_t, native_mem0obj), offsetof(rt_instance_t, native_sig_ids),
        sizeof(wasmcell_func_t), offsetof(wasmcell_func_t, inst), offsetof(wasmcell_func_t, sig_id),
        offsetof(wasmcell_func_t, native_typed), offsetof(wasmcell_global_t, value),
        offsetof(wasmcell_memory_t, pages), offsetof(wasmcell_memory_t, base),
        offsetof(wasmcell_table_t, elems),
        offsetof(wasmcell_table_t, size), NATIVE_ABI_VERSION,
    };
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < sizeof layout / sizeof layout[0]; i++)
        for (int b = 0; b < 4; b++) h = (h ^ (uint8_t)(layout[i] >> (8 * b))) * 16777619u;
    return h;
}
