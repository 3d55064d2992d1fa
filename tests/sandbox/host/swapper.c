/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* swapper — host helper for the sandbox race tests: atomically exchanges two
 * paths (a directory and a symlink) with renameat2(RENAME_EXCHANGE) as fast
 * as it can, until SECONDS have passed or STOP_FILE exists, then leaves them
 * as they were.
 *   swapper PATH_A PATH_B SECONDS [STOP_FILE]
 * Prints the number of exchanges. Falls back to two plain renames through a
 * temporary name where the kernel or filesystem lacks RENAME_EXCHANGE. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int exchange(const char *a, const char *b, const char *tmp, int *use_syscall) {
    if (*use_syscall) {
        if (syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0) return 0;
        if (errno != EINVAL && errno != ENOSYS) return -1;
        *use_syscall = 0;
    }
    if (rename(a, tmp) != 0 || rename(b, a) != 0 || rename(tmp, b) != 0) return -1;
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: swapper PATH_A PATH_B SECONDS [STOP_FILE]\n");
        return 2;
    }
    const char *a = argv[1], *b = argv[2];
    double seconds = atof(argv[3]);
    size_t tmp_len = strlen(a) + 8;
    char *tmp = malloc(tmp_len);
    if (!tmp) return 1;
    snprintf(tmp, tmp_len, "%s.swaptmp", a);
    int use_syscall = 1;
    long swaps = 0;
    double end = now_s() + seconds;
    const char *stop_file = argc == 5 ? argv[4] : NULL;
    int stop = 0;
    while ((!stop && now_s() < end) || swaps % 2 != 0) {
        if (stop_file && swaps % 256 == 0 && access(stop_file, F_OK) == 0) stop = 1;
        if (exchange(a, b, tmp, &use_syscall) != 0) {
            fprintf(stderr, "swapper: exchange failed: %s\n", strerror(errno));
            return 1;
        }
        swaps++;
    }
    printf("swaps=%ld (%s)\n", swaps, use_syscall ? "renameat2 exchange" : "rename");
    free(tmp);
    return 0;
}
