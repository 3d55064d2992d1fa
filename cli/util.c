/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* util.c — helpers shared by the commands: error output, reading files,
 * loading .wasm/.wat, number parsing.
 */
#include "cli.h"
#include "wasmcell_text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wasmcell: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* Maps in a buffer's pages in one system call (kernels from 5.14). */
static void prefault(void *p, size_t size)
{
#ifdef MADV_POPULATE_WRITE
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t lo = ((uintptr_t)p + page - 1) & ~(page - 1), hi = ((uintptr_t)p + size) & ~(page - 1);
    if (hi > lo) (void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)size;
#endif
}

bool cli_read_file(const char *path, uint8_t **out, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        cli_errorf("cannot open %s: %s", path, strerror(errno));
        return false;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_errorf("cannot read %s: is a directory", path);
        fclose(f);
        return false;
    }
    /* a regular file is read in one go into a buffer of its size (one
     * byte more, to see it end), its pages mapped in first: doubling a
     * buffer and faulting its pages one by one cost a 3 MB artifact
     * ~10 % of SQLite's run */
    size_t cap = 1 << 16, len = 0;
    if (S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size < SIZE_MAX / 2)
        cap = (size_t)st.st_size + 1;
    uint8_t *buf = malloc(cap);
    if (buf && cap >= (256u << 10)) prefault(buf, cap);
    while (buf) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap)
            break;
        uint8_t *bigger = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    bool ok = buf && !ferror(f);
    if (!buf)
        cli_errorf("cannot read %s: out of memory", path);
    else if (!ok)
        cli_errorf("cannot read %s: %s", path, strerror(errno));
    fclose(f);
    if (!ok) {
        free(buf);
        return false;
    }
    *out = buf;
    *size = len;
    return true;
}

bool cli_has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), m = strlen(suffix);
    return n >= m && strcmp(path + n - m, suffix) == 0;
}

bool cli_load_wasm(const char *path, uint8_t **out, size_t *size)
{
    wasmcell_status_t status;
    return cli_load_wasm_status(path, out, size, &status);
}

/* .wat files go through our own text-format parser (wasmcell_text.h). */
bool cli_load_wasm_status(const char *path, uint8_t **out, size_t *size, wasmcell_status_t *status)
{
    *status = WASMCELL_ERR_IO;
    if (!cli_has_suffix(path, ".wat"))
        return cli_read_file(path, out, size);
    uint8_t *text;
    size_t len;
    if (!cli_read_file(path, &text, &len))
        return false;
    wasmcell_error_t *error = NULL;
    uint8_t *bytes = NULL;
    wasmcell_status_t st = wasmcell_wat_to_wasm((const char *)text, len, &bytes, size, &error);
    free(text);
    if (st != WASMCELL_OK) {
        *status = st;
        cli_errorf("%s: %s: %s", path, st == WASMCELL_ERR_MALFORMED ? "malformed" : "error",
                   error ? wasmcell_error_message(error) : "out of memory");
        wasmcell_error_delete(error);
        return false;
    }
    /* callers free with free(): copy out of the library's allocation */
    *out = malloc(*size ? *size : 1);
    if (*out)
        memcpy(*out, bytes, *size);
    wasmcell_bytes_delete(bytes);
    if (!*out) {
        *status = WASMCELL_ERR_NOMEM;
        cli_errorf("cannot convert %s: out of memory", path);
    }
    return *out != NULL;
}

bool cli_parse_u64(const char *text, uint64_t *out)
{
    if (!text || *text < '0' || *text > '9')
        return false;
    uint64_t v = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9' || v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
            return false;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    *out = v;
    return true;
}

bool cli_parse_size(const char *text, uint64_t *out)
{
    if (!text || !*text)
        return false;
    size_t n = strlen(text);
    uint64_t unit = 1;
    switch (text[n - 1]) {
    case 'k': case 'K': unit = 1ull << 10; break;
    case 'm': case 'M': unit = 1ull << 20; break;
    case 'g': case 'G': unit = 1ull << 30; break;
    default: break;
    }
    char buf[32];
    if (unit != 1)
        n--;
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, text, n);
    buf[n] = '\0';
    uint64_t v;
    if (!cli_parse_u64(buf, &v) || v > UINT64_MAX / unit)
        return false;
    *out = v * unit;
    return true;
}

bool cli_parse_tier(const char *text, wasmcell_tier_t *out)
{
    if (strcmp(text, "auto") == 0) *out = WASMCELL_TIER_AUTO;
    else if (strcmp(text, "native") == 0) *out = WASMCELL_TIER_NATIVE;
    else if (strcmp(text, "interp") == 0 || strcmp(text, "interpreter") == 0) *out = WASMCELL_TIER_INTERP;
    else return false;
    return true;
}

bool cli_parse_wasm_version(const char *text, uint32_t *out)
{
    if (strcmp(text, "2.0") == 0) *out = WASMCELL_FEATURES_2_0;
    else if (strcmp(text, "3.0") == 0) *out = 0; /* every feature the engine has */
    else return false;
    return true;
}

bool cli_env_bounds_checks(void)
{
    const char *v = getenv("WASMCELL_BOUNDS_CHECKS");
    return v && *v && strcmp(v, "0") != 0;
}

bool cli_parse_opt(const char *text, uint32_t *out)
{
    if (text[0] < '0' || text[0] > '3' || text[1]) return false;
    *out = text[0] == '0' ? WASMCELL_OPT_NONE : (uint32_t)(text[0] - '0');
    return true;
}
