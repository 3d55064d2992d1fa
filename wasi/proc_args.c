/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* proc_args.c — args_*, environ_*, proc_exit and proc_raise. */
#include "wasi_int.h"

#define A32(i) wasi_arg32(args, (i))

/* The sizes: count, and the bytes of all strings with their NULs. */
static uint32_t strings_sizes(wasi_call_t *call, size_t count, size_t buf_size, uint32_t count_ptr,
                              uint32_t size_ptr)
{
    uint8_t *c = wasi_mem_at(&call->mem, count_ptr, 4);
    uint8_t *s = wasi_mem_at(&call->mem, size_ptr, 4);
    if (!c || !s) return WASI_EFAULT;
    wasi_st32(c, (uint32_t)count);
    wasi_st32(s, (uint32_t)buf_size);
    return WASI_ESUCCESS;
}

/* Writes `count` guest pointers at ptrs_ptr, each to its NUL-terminated
 * string packed into buf_ptr. */
static uint32_t strings_get(wasi_call_t *call, char *const *strings, size_t count,
                            size_t buf_size, uint32_t ptrs_ptr, uint32_t buf_ptr)
{
    uint8_t *ptrs = wasi_mem_at(&call->mem, ptrs_ptr, (uint64_t)count * 4);
    uint8_t *buf = wasi_mem_at(&call->mem, buf_ptr, buf_size);
    if (!ptrs || !buf) return WASI_EFAULT;
    size_t off = 0;
    for (size_t i = 0; i < count; i++) {
        size_t len = strlen(strings[i]) + 1;
        wasi_st32(ptrs + i * 4, (uint32_t)(buf_ptr + off));
        memcpy(buf + off, strings[i], len);
        off += len;
    }
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_args_sizes_get(wasi_call_t *call, const uint64_t *args)
{
    wasmcell_wasi_t *w = call->wasi;
    return strings_sizes(call, w->argc, w->argv_buf_size, A32(0), A32(1));
}

uint32_t wasi_fn_args_get(wasi_call_t *call, const uint64_t *args)
{
    wasmcell_wasi_t *w = call->wasi;
    return strings_get(call, w->argv, w->argc, w->argv_buf_size, A32(0), A32(1));
}

uint32_t wasi_fn_environ_sizes_get(wasi_call_t *call, const uint64_t *args)
{
    wasmcell_wasi_t *w = call->wasi;
    return strings_sizes(call, w->envc, w->env_buf_size, A32(0), A32(1));
}

uint32_t wasi_fn_environ_get(wasi_call_t *call, const uint64_t *args)
{
    wasmcell_wasi_t *w = call->wasi;
    return strings_get(call, w->env, w->envc, w->env_buf_size, A32(0), A32(1));
}

uint32_t wasi_fn_proc_exit(wasi_call_t *call, const uint64_t *args)
{
    /* The trampoline (wasi.c) turns this into wasmcell_exit_new or, with
     * return_on_exit false, ends the process. */
    call->exit_requested = true;
    call->exit_code = (int32_t)A32(0);
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_proc_raise(wasi_call_t *call, const uint64_t *args)
{
    /* Raising a signal in the host on the guest's behalf would let the guest
     * kill or stop its embedder; like other sandboxing runtimes we refuse. */
    (void)call, (void)args;
    return WASI_ENOSYS;
}
