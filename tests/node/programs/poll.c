/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sleep and poll timeouts take their time; stdout/stderr poll writable; a
 * stdin whose writer is done polls readable with a hangup (node: poll). */
#include <poll.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static long long now_ms(void)
{
    struct timespec ts;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &ts) == 0);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(void)
{
    long long t0 = now_ms();
    sleep(1);
    CHECK(now_ms() - t0 >= 900);

    struct pollfd fds[4] = { { .fd = -1 } };
    t0 = now_ms();
    CHECK(poll(fds, 1, 1000) == 0);
    CHECK(now_ms() - t0 >= 900);

    fds[0] = (struct pollfd){ .fd = 1, .events = POLLOUT };
    fds[1] = (struct pollfd){ .fd = 2, .events = POLLOUT };
    CHECK(poll(fds, 2, -1) == 2);
    CHECK(fds[0].revents == POLLOUT && fds[1].revents == POLLOUT);

    fds[0] = (struct pollfd){ .fd = 0, .events = POLLIN };
    CHECK(poll(fds, 1, 2000) == 1);
    CHECK(fds[0].revents == (POLLIN | POLLHUP));
    return 0;
}
