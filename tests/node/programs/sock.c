/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* accept() on stdin, which is no listening socket, fails (node: sock).
 * wasmcell passes the host's answer: ENOTSOCK for a pipe or file, EINVAL for
 * a connected socket (node's child stdin is a socketpair); node's uvwasi,
 * which has no sock_accept, says ENOTSUP. */
#include <sys/socket.h>
#include "check.h"

int main(void)
{
    socklen_t len = 0;
    errno = 0;
    CHECK(accept(0, NULL, &len) == -1);
    CHECK(errno == ENOTSOCK || errno == EINVAL);
    return 0;
}
