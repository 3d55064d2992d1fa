/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sock_echo: the guest side of tests/cli/test_listen.sh. FD (argv[1],
 * default 3) is a listening socket from `wasmcell run --listen`. Checks its
 * type and the errors of the sock_* calls on wrong fds, prints "waiting" (the
 * test connects only then, so a non-blocking accept before that must say
 * EAGAIN), waits for the client with poll_oneoff, accepts it, reads one line
 * with sock_recv, sends it back uppercased with sock_send, shuts down and
 * closes. The sock_* functions are declared here as raw imports: older
 * wasi-libc headers lack them. */
#include <ctype.h>
#include <stdint.h>
#include <unistd.h>
#include <wasi/api.h>
#include "check.h"

#define IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))

IMPORT("sock_accept") int32_t raw_sock_accept(int32_t fd, int32_t flags, int32_t fd_out);
IMPORT("sock_recv") int32_t raw_sock_recv(int32_t fd, int32_t iovs, int32_t iovs_len,
                                          int32_t ri_flags, int32_t len_out, int32_t ro_flags_out);
IMPORT("sock_send") int32_t raw_sock_send(int32_t fd, int32_t iovs, int32_t iovs_len,
                                          int32_t si_flags, int32_t len_out);
IMPORT("sock_shutdown") int32_t raw_sock_shutdown(int32_t fd, int32_t how);

#define ADDR(p) ((int32_t)(uintptr_t)(p))
enum { SDFLAG_RD = 1, SDFLAG_WR = 2, FDFLAG_NONBLOCK = 4 };

static int32_t sock_accept(int fd, int flags, int *out)
{
    uint32_t new_fd = 0;
    int32_t err = raw_sock_accept(fd, flags, ADDR(&new_fd));
    *out = (int)new_fd;
    return err;
}

/* One sock_recv into two buffers (a scatter read); returns errno, *len. */
static int32_t sock_recv2(int fd, char *a, size_t a_len, char *b, size_t b_len, size_t *len)
{
    __wasi_iovec_t iov[2] = {{(uint8_t *)a, a_len}, {(uint8_t *)b, b_len}};
    uint32_t n = 0;
    uint16_t ro_flags = 0xffff;
    int32_t err = raw_sock_recv(fd, ADDR(iov), 2, 0, ADDR(&n), ADDR(&ro_flags));
    if (err == 0)
        CHECK(ro_flags == 0);
    *len = n;
    return err;
}

static void send_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        __wasi_ciovec_t iov = {(const uint8_t *)data, len};
        uint32_t n = 0;
        CHECK(raw_sock_send(fd, ADDR(&iov), 1, 0, ADDR(&n)) == 0);
        CHECK(n > 0 && n <= len);
        data += n;
        len -= n;
    }
}

static void check_listening_fd(int fd)
{
    __wasi_fdstat_t st;
    CHECK(__wasi_fd_fdstat_get((__wasi_fd_t)fd, &st) == 0);
    CHECK(st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM);
    CHECK(st.fs_rights_base & __WASI_RIGHTS_SOCK_ACCEPT);
    int conn;
    /* nobody has connected yet (the test waits for "waiting"): with the
     * listening fd non-blocking, accept says EAGAIN */
    CHECK(__wasi_fd_fdstat_set_flags((__wasi_fd_t)fd, __WASI_FDFLAGS_NONBLOCK) == 0);
    CHECK(sock_accept(fd, 0, &conn) == __WASI_ERRNO_AGAIN);
    CHECK(__wasi_fd_fdstat_set_flags((__wasi_fd_t)fd, 0) == 0);
    CHECK(sock_accept(fd, 0x100, &conn) == __WASI_ERRNO_INVAL);
    CHECK(sock_accept(1, 0, &conn) == __WASI_ERRNO_NOTSOCK);
    CHECK(sock_accept(77, 0, &conn) == __WASI_ERRNO_BADF);
    CHECK(raw_sock_accept(fd, 0, 0x7ffffff0) == __WASI_ERRNO_FAULT);
    char buf[4];
    size_t n;
    CHECK(sock_recv2(fd, buf, 2, buf + 2, 2, &n) == __WASI_ERRNO_NOTCONN);
}

/* poll_oneoff: the listening fd becomes readable when a client connects
 * (a 10 s clock subscription guards against waiting forever). */
static void wait_readable(int fd)
{
    __wasi_subscription_t subs[2] = {0};
    subs[0].userdata = 1;
    subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
    subs[0].u.u.fd_read.file_descriptor = (__wasi_fd_t)fd;
    subs[1].userdata = 2;
    subs[1].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[1].u.u.clock.timeout = 10ull * 1000 * 1000 * 1000;
    __wasi_event_t ev[2];
    __wasi_size_t nev = 0;
    CHECK(__wasi_poll_oneoff(subs, ev, 2, &nev) == 0);
    CHECK(nev == 1);
    CHECK(ev[0].userdata == 1 && ev[0].error == 0 && ev[0].type == __WASI_EVENTTYPE_FD_READ);
}

int main(int argc, char **argv)
{
    int fd = argc > 1 ? atoi(argv[1]) : 3;
    check_listening_fd(fd);
    printf("waiting\n");
    fflush(stdout);
    wait_readable(fd);

    /* sock_accept's flags are the new connection's fdflags */
    int conn = -1;
    CHECK(sock_accept(fd, FDFLAG_NONBLOCK, &conn) == 0);
    CHECK(conn > fd);
    __wasi_fdstat_t st;
    CHECK(__wasi_fd_fdstat_get((__wasi_fd_t)conn, &st) == 0);
    CHECK(st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM);
    CHECK(st.fs_flags & __WASI_FDFLAGS_NONBLOCK);
    CHECK(__wasi_fd_fdstat_set_flags((__wasi_fd_t)conn, 0) == 0); /* blocking reads below */
    int other;
    CHECK(sock_accept(conn, 0, &other) == __WASI_ERRNO_NOTCAPABLE); /* a connection accepts nothing */

    char line[256];
    size_t len = 0;
    while (len == 0 || line[len - 1] != '\n') {
        size_t n, room = sizeof line - len;
        CHECK(room > 0);
        /* scatter over two halves of the free space (at least 1 byte each when room > 1) */
        size_t first = room > 1 ? room / 2 : room;
        CHECK(sock_recv2(conn, line + len, first, line + len + first, room - first, &n) == 0);
        CHECK(n > 0); /* the client closed before sending a whole line */
        len += n;
    }
    for (size_t i = 0; i < len; i++)
        line[i] = (char)toupper((unsigned char)line[i]);
    send_all(conn, line, len);
    CHECK(raw_sock_shutdown(conn, 0) == __WASI_ERRNO_INVAL);
    CHECK(raw_sock_shutdown(conn, SDFLAG_WR) == 0);
    CHECK(raw_sock_shutdown(1, SDFLAG_RD) == __WASI_ERRNO_NOTSOCK);
    CHECK(close(conn) == 0);
    CHECK(raw_sock_shutdown(conn, SDFLAG_RD) == __WASI_ERRNO_BADF);
    printf("echoed %zu bytes\n", len);
    return 0;
}
