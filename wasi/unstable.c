/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* unstable.c — wasi_unstable (WASI "snapshot 0") as a thin adapter over the
 * preview1 implementation. The differences that matter to the ABI:
 *   - whence numbering: cur 0, end 1, set 2 (preview1: set 0, cur 1, end 2);
 *   - filestat is 56 bytes: nlink is a u32 at offset 20, size/atim/mtim/ctim
 *     follow from offset 24 (preview1: 64 bytes, nlink u64 at 24);
 *   - a clock subscription carries an extra u64 `identifier` at offset 16, so
 *     its fields move by 8 and the subscription is 56 bytes (events are the
 *     same 32 bytes);
 *   - there is no sock_accept.
 * Everything else (errno, rights, fdstat, dirent, prestat) is identical. */
#include "wasi_int.h"

static uint32_t unstable_fd_seek(wasi_call_t *call, const uint64_t *args)
{
    return wasi_fd_seek_v(call, args, WASI_VERSION_UNSTABLE);
}

static uint32_t unstable_fd_filestat_get(wasi_call_t *call, const uint64_t *args)
{
    return wasi_fd_filestat_get_v(call, args, WASI_VERSION_UNSTABLE);
}

static uint32_t unstable_path_filestat_get(wasi_call_t *call, const uint64_t *args)
{
    return wasi_path_filestat_get_v(call, args, WASI_VERSION_UNSTABLE);
}

static uint32_t unstable_poll_oneoff(wasi_call_t *call, const uint64_t *args)
{
    return wasi_poll_oneoff_v(call, args, WASI_VERSION_UNSTABLE);
}

wasi_impl_t wasi_unstable_impl(const wasi_fn_desc_t *desc)
{
    static const struct {
        wasi_impl_t preview1;
        wasi_impl_t unstable;
    } overrides[] = {
        { wasi_fn_fd_seek, unstable_fd_seek },
        { wasi_fn_fd_filestat_get, unstable_fd_filestat_get },
        { wasi_fn_path_filestat_get, unstable_path_filestat_get },
        { wasi_fn_poll_oneoff, unstable_poll_oneoff },
        { wasi_fn_sock_accept, NULL },
    };
    for (size_t i = 0; i < sizeof overrides / sizeof overrides[0]; i++)
        if (overrides[i].preview1 == desc->impl) return overrides[i].unstable;
    return desc->impl;
}
