/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* poll_fd: poll() / poll_oneoff on fds: stdin (a pipe with data) is readable
 * with the byte count, stdout is writable, a file fd is readable at once, and
 * a timeout-only poll times out. */
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>
#include "check.h"

int main(void) {
    struct pollfd p[2] = {{.fd = 0, .events = POLLIN}, {.fd = 1, .events = POLLOUT}};
    int n = poll(p, 2, 5000);
    CHECK(n == 2);
    CHECK(p[0].revents & POLLIN);
    CHECK(p[1].revents & POLLOUT);
    char buf[64];
    CHECK(read(0, buf, sizeof buf) == 6 && memcmp(buf, "ready\n", 6) == 0);

    /* raw: fd_read subscription reports nbytes for stdin (now at EOF: 0 and
     * the hangup flag, or just readable) and a file's remaining size */
    int fd = open("/sandbox/data.txt", O_RDONLY);
    CHECK(fd >= 0);
    __wasi_subscription_t sub = {0};
    sub.userdata = 42;
    sub.u.tag = __WASI_EVENTTYPE_FD_READ;
    sub.u.u.fd_read.file_descriptor = (__wasi_fd_t)fd;
    __wasi_event_t ev;
    __wasi_size_t nev = 0;
    CHECK(__wasi_poll_oneoff(&sub, &ev, 1, &nev) == 0);
    CHECK(nev == 1 && ev.userdata == 42 && ev.error == 0 && ev.type == __WASI_EVENTTYPE_FD_READ);
    printf("file readable, nbytes=%llu\n", (unsigned long long)ev.fd_readwrite.nbytes);
    close(fd);

    /* no fd ready: a poll with only a timeout returns 0 after it */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(poll(NULL, 0, 30) == 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    CHECK(ms >= 29 && ms < 5000);

    /* a bad fd in a subscription is reported in its event, not as a failure of the call */
    sub.u.u.fd_read.file_descriptor = 99;
    nev = 0;
    __wasi_errno_t e = __wasi_poll_oneoff(&sub, &ev, 1, &nev);
    CHECK((e == 0 && nev == 1 && ev.error == __WASI_ERRNO_BADF) || e == __WASI_ERRNO_BADF);
    printf("ok\n");
    return 0;
}
