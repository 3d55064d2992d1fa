/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* loader_util.h — shared by the loader tests: read a whole file, and the
 * permissions /proc/self/maps gives an address. */
#ifndef LOADER_UTIL_H
#define LOADER_UTIL_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

static inline uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    CHECK_MSG(f != NULL, "cannot open %s", path);
    CHECK(fseek(f, 0, SEEK_END) == 0);
    long n = ftell(f);
    CHECK(n > 0);
    rewind(f);
    uint8_t *buf = malloc((size_t)n);
    CHECK(buf && fread(buf, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    *size = (size_t)n;
    return buf;
}

/* "r-xp" etc. for the mapping holding addr, "" when unmapped. */
static inline void perms_of(uintptr_t addr, char out[5])
{
    FILE *f = fopen("/proc/self/maps", "r");
    CHECK(f != NULL);
    char line[512];
    out[0] = '\0';
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        char perms[5];
        if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && addr >= lo && addr < hi) {
            memcpy(out, perms, 5);
            break;
        }
    }
    fclose(f);
}

#endif
