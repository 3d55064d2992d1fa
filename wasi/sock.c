/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sock.c — sock_accept, sock_recv, sock_send, sock_shutdown on fds of socket
 * type (host sockets handed in through wasmcell_wasi_options_t.socket_fds, or
 * accepted from them). WASI preview1 cannot create or connect sockets. */
#include <errno.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include "wasi_int.h"

#define A32(i) wasi_arg32(args, (i))
#define FDS (&call->wasi->fds)
#define IOV_CAP 1024

static bool is_socket(const wasi_fd_t *e)
{
    return e->filetype == WASI_FILETYPE_SOCKET_STREAM || e->filetype == WASI_FILETYPE_SOCKET_DGRAM;
}

/* Socket fds: badf when closed, notsock when not a socket, then rights. */
static uint32_t lookup_socket(wasi_call_t *call, uint32_t fd, uint64_t need, wasi_fd_t **out)
{
    wasi_fd_t *e;
    uint32_t err = wasi_fd_lookup(FDS, fd, 0, 0, &e);
    if (err) return err;
    if (!is_socket(e)) return WASI_ENOTSOCK;
    if ((e->rights_base & need) != need) return WASI_ENOTCAPABLE;
    *out = e;
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_sock_accept(wasi_call_t *call, const uint64_t *args)
{
    uint32_t flags = A32(1);
    wasi_fd_t *e;
    uint32_t err = lookup_socket(call, A32(0), WASI_RIGHT_SOCK_ACCEPT, &e);
    if (err) return err;
    if (flags & ~(uint32_t)WASI_FDFLAG_NONBLOCK) return WASI_EINVAL;
    uint8_t *out = wasi_mem_at(&call->mem, A32(2), 4);
    if (!out) return WASI_EFAULT;
    if (wasi_wait_acceptable(call, e->host_fd) != WASI_ESUCCESS) return WASI_EINTR;
    int host_fd;
    do host_fd = accept4(e->host_fd, NULL, NULL,
                         SOCK_CLOEXEC | ((flags & WASI_FDFLAG_NONBLOCK) ? SOCK_NONBLOCK : 0));
    while (host_fd < 0 && errno == EINTR);
    if (host_fd < 0) return wasi_errno_from_host(errno);
    uint8_t type = wasi_filetype_of_fd(host_fd);
    uint64_t base, inheriting;
    wasi_rights_for_type(type, &base, &inheriting);
    base &= ~WASI_RIGHT_SOCK_ACCEPT; /* a connection accepts nothing */
    wasi_fd_t entry = { .host_fd = host_fd, .filetype = type,
                        .fdflags = (uint16_t)(flags & WASI_FDFLAG_NONBLOCK),
                        .rights_base = base, .rights_inheriting = inheriting };
    uint32_t new_fd;
    err = wasi_fd_insert(FDS, &entry, 3, &new_fd);
    if (err) return err;
    wasi_st32(out, new_fd);
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_sock_recv(wasi_call_t *call, const uint64_t *args)
{
    uint32_t ri_flags = A32(3);
    wasi_fd_t *e;
    uint32_t err = lookup_socket(call, A32(0), WASI_RIGHT_FD_READ, &e);
    if (err) return err;
    if (ri_flags & ~(uint32_t)(WASI_RIFLAG_RECV_PEEK | WASI_RIFLAG_RECV_WAITALL)) return WASI_EINVAL;
    uint8_t *len_out = wasi_mem_at(&call->mem, A32(4), 4);
    uint8_t *flags_out = wasi_mem_at(&call->mem, A32(5), 2);
    if (!len_out || !flags_out) return WASI_EFAULT;
    struct iovec iov[IOV_CAP];
    size_t n;
    err = wasi_iovecs_load(call, A32(1), A32(2), iov, IOV_CAP, &n);
    if (err) return err;
    int host_flags = 0;
    if (ri_flags & WASI_RIFLAG_RECV_PEEK) host_flags |= MSG_PEEK;
    if (ri_flags & WASI_RIFLAG_RECV_WAITALL) host_flags |= MSG_WAITALL;
    struct msghdr msg = { .msg_iov = iov, .msg_iovlen = n };
    /* As fd_read: wait in interruptible slices unless the receive is empty. */
    if (wasi_iovecs_total(iov, n) > 0 && wasi_wait_readable(call, e) != WASI_ESUCCESS)
        return WASI_EINTR;
    ssize_t r;
    do r = recvmsg(e->host_fd, &msg, host_flags);
    while (r < 0 && errno == EINTR);
    if (r < 0) return wasi_errno_from_host(errno);
    wasi_st32(len_out, (uint32_t)r);
    wasi_st16(flags_out, (msg.msg_flags & MSG_TRUNC) ? WASI_ROFLAG_RECV_DATA_TRUNCATED : 0);
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_sock_send(wasi_call_t *call, const uint64_t *args)
{
    wasi_fd_t *e;
    uint32_t err = lookup_socket(call, A32(0), WASI_RIGHT_FD_WRITE, &e);
    if (err) return err;
    if (A32(3) != 0) return WASI_EINVAL; /* siflags: none defined */
    uint8_t *len_out = wasi_mem_at(&call->mem, A32(4), 4);
    if (!len_out) return WASI_EFAULT;
    struct iovec iov[IOV_CAP];
    size_t n;
    err = wasi_iovecs_load(call, A32(1), A32(2), iov, IOV_CAP, &n);
    if (err) return err;
    struct msghdr msg = { .msg_iov = iov, .msg_iovlen = n };
    ssize_t r;
    do r = sendmsg(e->host_fd, &msg, MSG_NOSIGNAL);
    while (r < 0 && errno == EINTR);
    if (r < 0) return wasi_errno_from_host(errno);
    wasi_st32(len_out, (uint32_t)r);
    return WASI_ESUCCESS;
}

uint32_t wasi_fn_sock_shutdown(wasi_call_t *call, const uint64_t *args)
{
    uint32_t how = A32(1);
    wasi_fd_t *e;
    uint32_t err = lookup_socket(call, A32(0), WASI_RIGHT_SOCK_SHUTDOWN, &e);
    if (err) return err;
    int host_how;
    switch (how) {
    case WASI_SDFLAG_RD: host_how = SHUT_RD; break;
    case WASI_SDFLAG_WR: host_how = SHUT_WR; break;
    case WASI_SDFLAG_RD | WASI_SDFLAG_WR: host_how = SHUT_RDWR; break;
    default: return WASI_EINVAL;
    }
    return shutdown(e->host_fd, host_how) == 0 ? WASI_ESUCCESS : wasi_errno_from_host(errno);
}
