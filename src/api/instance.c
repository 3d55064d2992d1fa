/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* instance.c (api) — the public instance functions: exports, deletion, fuel
 * and the interrupt flag; what a host function learns about its caller. */
#include <string.h>
#include "../exec/exec.h"
#include "../native/native.h"
#include "../runtime/runtime.h"

void wasmcell_instance_delete(wasmcell_instance_t *instance)
{
    rt_instance_release(instance);
}

wasmcell_status_t wasmcell_instance_export(wasmcell_instance_t *instance, const char *name,
                                           wasmcell_extern_t *out)
{
    if (!instance || !name || !out) return WASMCELL_ERR_MISUSE;
    return rt_instance_export(instance, name, strlen(name), out) ? WASMCELL_OK
                                                                 : WASMCELL_ERR_NOT_FOUND;
}

wasmcell_status_t wasmcell_instance_export_n(wasmcell_instance_t *instance, const char *name,
                                             size_t len, wasmcell_extern_t *out)
{
    if (!instance || (!name && len) || !out) return WASMCELL_ERR_MISUSE;
    return rt_instance_export(instance, name ? name : "", len, out) ? WASMCELL_OK
                                                                   : WASMCELL_ERR_NOT_FOUND;
}

wasmcell_func_t *wasmcell_instance_func(wasmcell_instance_t *instance, const char *name)
{
    wasmcell_extern_t ext;
    if (wasmcell_instance_export(instance, name, &ext) != WASMCELL_OK) return NULL;
    return ext.kind == WASMCELL_EXTERN_FUNC ? ext.of.func : NULL;
}

wasmcell_memory_t *wasmcell_instance_memory_at(wasmcell_instance_t *instance, uint32_t index)
{
    if (!instance || index >= instance->module->bin->nmemories) return NULL;
    return instance->memories[index];
}

wasmcell_memory_t *wasmcell_instance_memory(wasmcell_instance_t *instance, const char *name)
{
    wasmcell_extern_t ext;
    if (wasmcell_instance_export(instance, name, &ext) != WASMCELL_OK) return NULL;
    return ext.kind == WASMCELL_EXTERN_MEMORY ? ext.of.memory : NULL;
}

void wasmcell_instance_set_fuel(wasmcell_instance_t *instance, uint64_t fuel)
{
    if (!instance) return;
    instance->fuel = fuel;
    /* unmetered native code has no polls to count with */
    if (fuel != UINT64_MAX && instance->native && !(instance->native->flags & NATIVE_COMPILE_METERED))
        native_unadopt(instance);
}

uint64_t wasmcell_instance_fuel(const wasmcell_instance_t *instance)
{
    return instance ? instance->fuel : 0;
}

void wasmcell_instance_interrupt(wasmcell_instance_t *instance)
{
    if (instance) exec_interrupt(instance);
}

void wasmcell_instance_interrupt_cancel(wasmcell_instance_t *instance)
{
    if (instance) atomic_store(&instance->interrupt, 0);
}

void wasmcell_instance_set_deadline(wasmcell_instance_t *instance, uint64_t timeout_ns)
{
    if (instance) exec_set_deadline(instance, timeout_ns);
}

uint8_t *wasmcell_caller_memory(wasmcell_caller_t *caller, uint64_t *size_bytes)
{
    rt_instance_t *inst = caller ? caller->inst : NULL;
    if (!inst || inst->module->bin->nmemories == 0) {
        if (size_bytes) *size_bytes = 0;
        return NULL;
    }
    wasmcell_memory_t *mem = inst->memories[0];
    if (size_bytes) *size_bytes = mem->pages * RT_PAGE_SIZE;
    return mem->base;
}

wasmcell_instance_t *wasmcell_caller_instance(wasmcell_caller_t *caller)
{
    return caller ? caller->inst : NULL;
}

int wasmcell_caller_interrupted(wasmcell_caller_t *caller)
{
    /* A load, not an exchange: the interpreter consumes the flag when it
     * traps, and the next outermost call clears it. */
    rt_instance_t *inst = caller ? caller->inst : NULL;
    return inst ? atomic_load(&inst->interrupt) != 0 : 0;
}

wasmcell_error_t *wasmcell_interrupted_new(void)
{
    return rt_trap_new(WASMCELL_TRAP_INTERRUPTED);
}
