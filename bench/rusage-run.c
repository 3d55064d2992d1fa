/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* rusage-run: runs a command and writes its wall time, user and system CPU
 * seconds and peak RSS to a file — what run.py measures for every benchmark run.
 *   rusage-run RESULT_FILE COMMAND [ARGS...]
 * RESULT_FILE gets one line: "<exit status> <wall s> <user s> <sys s> <maxrss KiB>",
 * where the exit status is the command's exit code, or 128+N if signal N killed it.
 * Exists because ru_maxrss of a child counts the memory of the process it was
 * forked from before exec: forked straight from Python it would never be below
 * the interpreter's ~15 MiB; forked from this small program it is the command's own. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: rusage-run RESULT_FILE COMMAND [ARGS...]\n");
        return 125;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("rusage-run: fork");
        return 125;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror("rusage-run: exec");
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0) {
        perror("rusage-run: wait4");
        return 125;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror("rusage-run: result file");
        return 125;
    }
    fprintf(f, "%d %.6f %ld.%06ld %ld.%06ld %ld\n", code, wall, (long)ru.ru_utime.tv_sec,
            (long)ru.ru_utime.tv_usec, (long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec,
            ru.ru_maxrss);
    fclose(f);
    return code;
}
