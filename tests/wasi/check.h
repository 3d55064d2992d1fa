/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* check.h — assertions for the WASI test programs: a failed CHECK prints
 * "FAIL file:line: expr" on stdout (so it shows in the expectation diff) and
 * exits with status 99. */
#ifndef WASI_TEST_CHECK_H
#define WASI_TEST_CHECK_H
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

#define CHECK(expr)                                                         \
    do {                                                                    \
        if (!(expr)) {                                                      \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #expr);          \
            fflush(stdout);                                                 \
            exit(99);                                                       \
        }                                                                   \
    } while (0)

/* CHECK_ERR: a call that must fail with errno `want`. */
#define CHECK_ERR(expr, want)                                               \
    do {                                                                    \
        errno = 0;                                                          \
        long check_rc_ = (long)(expr);                                      \
        if (check_rc_ != -1 || errno != (want)) {                           \
            printf("FAIL %s:%d: %s -> %ld errno %d (%s), want errno %d (%s)\n", \
                   __FILE__, __LINE__, #expr, check_rc_, errno,             \
                   strerror(errno), (want), strerror(want));                \
            fflush(stdout);                                                 \
            exit(99);                                                       \
        }                                                                   \
    } while (0)
#endif
