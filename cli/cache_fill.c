/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* cache_fill.c — after a tier-auto run whose module got hot, the whole
 * module is compiled into the code cache by a detached `wasmcell compile
 * --cache` process, so that the next run starts with optimised native
 * code for every function. The run itself exits at once: its time and
 * CPU are not spent on it. WASMCELL_CACHE_FILL_WAIT=1 waits for the
 * filler instead (benchmarks fill a cache that way). */
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "cli.h"

extern char **environ;

void cli_cache_fill_spawn(const char *file, const char *cache_dir, uint32_t opt_level,
                          bool bounds_checks)
{
    char opt[16];
    const char *argv[12];
    int n = 0;
    argv[n++] = "wasmcell";
    argv[n++] = "compile";
    argv[n++] = "--cache";
    if (cache_dir) {
        argv[n++] = "--cache-dir";
        argv[n++] = cache_dir;
    }
    if (opt_level >= 1 && opt_level <= 3) {
        snprintf(opt, sizeof opt, "%u", opt_level);
        argv[n++] = "--opt";
        argv[n++] = opt;
    }
    /* the code the run looks up: bounds-checked when its memories were
     * (a limit such as ulimit -v is inherited and seen by the child too) */
    if (bounds_checks) argv[n++] = "--bounds-checks";
    if (file[0] == '-') return; /* compile would read it as an option */
    argv[n++] = file;
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    if (posix_spawn_file_actions_init(&fa) != 0) return;
    if (posix_spawnattr_init(&attr) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return;
    }
    for (int fd = 0; fd < 3; fd++)
        posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", fd ? 1 /* O_WRONLY */ : 0, 0);
    /* its own process group (a Ctrl-C meant for the next command spares
     * it), and SCHED_IDLE: it only takes CPU nobody else wants */
    struct sched_param sp = {.sched_priority = 0};
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSCHEDULER);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setschedpolicy(&attr, SCHED_IDLE);
    posix_spawnattr_setschedparam(&attr, &sp);
    bool wait = getenv("WASMCELL_CACHE_FILL_WAIT") && strcmp(getenv("WASMCELL_CACHE_FILL_WAIT"), "1") == 0;
    pid_t pid;
    if (posix_spawn(&pid, "/proc/self/exe", &fa, &attr, (char *const *)argv, environ) == 0 && wait)
        waitpid(pid, NULL, 0);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
}
