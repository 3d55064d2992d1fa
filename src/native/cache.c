/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* cache.c — the native code cache: one file per key in one directory.
 * Entries are artifacts, and whoever loads one reads it with
 * native_artifact_read, which checks everything again: this file only
 * moves bytes, and every failure just means "not cached". */
#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* rename */
#include <stdlib.h>
#include <string.h>
#include <sys/file.h> /* flock */
#include <sys/stat.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "artifact.h"

/* Entries bigger than this are not read (a module's code is far smaller;
 * this bounds what a stray file in the directory can make us allocate). */
#define MAX_ENTRY_BYTES ((size_t)1 << 30)

/* "a" + "/" + "b", owned; NULL when out of memory. */
static char *join_path(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    char *s = base_malloc(la + 1 + lb + 1);
    if (!s)
        return NULL;
    memcpy(s, a, la);
    s[la] = '/';
    memcpy(s + la + 1, b, lb + 1);
    return s;
}

char *native_cache_dir(const char *configured) {
    if (configured)
        return configured[0] ? base_strndup(configured, strlen(configured)) : NULL;
    /* The XDG base directory spec says to ignore a relative XDG_CACHE_HOME. */
    const char *xdg = getenv("XDG_CACHE_HOME");
    if (xdg && xdg[0] == '/')
        return join_path(xdg, "wasmcell");
    const char *home = getenv("HOME");
    if (home && home[0] == '/')
        return join_path(home, ".cache/wasmcell");
    return NULL;
}

/* ---- keys ------------------------------------------------------------------ */

/* Each part goes in behind its length, so that ("ab", "c") and ("a", "bc")
 * hash differently. */
static void hash_part(native_sha256_t *ctx, const void *data, size_t len) {
    uint8_t prefix[8];
    for (int i = 0; i < 8; i++)
        prefix[i] = (uint8_t)((uint64_t)len >> (8 * i));
    native_sha256_update(ctx, prefix, sizeof prefix);
    native_sha256_update(ctx, data, len);
}

static void hash_str(native_sha256_t *ctx, const char *s) {
    s = s ? s : "";
    hash_part(ctx, s, strlen(s));
}

static void hash_u32(native_sha256_t *ctx, uint32_t v) {
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    hash_part(ctx, b, sizeof b);
}

char *native_cache_key(const uint8_t module_hash[32], const char *engine_version,
                       const char *triple, const char *cpu, const char *features,
                       uint32_t opt_level) {
    native_sha256_t ctx;
    native_sha256_init(&ctx);
    /* The artifact format is part of the key: a new format never meets an
     * entry of the old one. */
    hash_str(&ctx, "wasmcell code cache");
    hash_u32(&ctx, NATIVE_ARTIFACT_FORMAT);
    hash_part(&ctx, module_hash, 32);
    hash_str(&ctx, engine_version);
    hash_str(&ctx, triple);
    hash_str(&ctx, cpu);
    hash_str(&ctx, features);
    hash_u32(&ctx, opt_level);
    uint8_t digest[32];
    native_sha256_final(&ctx, digest);

    static const char hex[] = "0123456789abcdef";
    char *key = base_malloc(65);
    if (!key)
        return NULL;
    for (int i = 0; i < 32; i++) {
        key[2 * i] = hex[digest[i] >> 4];
        key[2 * i + 1] = hex[digest[i] & 15];
    }
    key[64] = '\0';
    return key;
}

/* A key names a file directly in the cache directory: letters, digits,
 * '-' and '_' only, so it can never be a path, "..", or one of our
 * temporary files (which start with '.'). */
static bool valid_key(const char *key) {
    size_t len = key ? strlen(key) : 0;
    if (len == 0 || len > 128)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = key[i];
        bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

/* ---- load ------------------------------------------------------------------ */

static bool read_all(int fd, uint8_t *buf, size_t size) {
    size_t done = 0;
    while (done < size) {
        ssize_t n = read(fd, buf + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false; /* error, or the file shrank under us */
        done += (size_t)n;
    }
    return true;
}

bool native_cache_load(const char *dir, const char *key, uint8_t **bytes, size_t *size) {
    if (!dir || !valid_key(key))
        return false;
    char *path = join_path(dir, key);
    if (!path)
        return false;
    /* O_NONBLOCK: a FIFO planted under the name must not hang us. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    base_free(path);
    if (fd < 0)
        return false;
    bool ok = false;
    uint8_t *buf = NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (uint64_t)st.st_size > MAX_ENTRY_BYTES)
        goto done;
    buf = base_malloc((size_t)st.st_size);
    base_prefault(buf, (size_t)st.st_size); /* one call, not a fault per page */
    if (!buf || !read_all(fd, buf, (size_t)st.st_size))
        goto done;
    *bytes = buf;
    *size = (size_t)st.st_size;
    buf = NULL;
    ok = true;
done:
    base_free(buf);
    close(fd);
    return ok;
}

/* ---- store ------------------------------------------------------------------ */

/* mkdir -p with mode 0700 for every directory it creates. */
static bool make_dirs(const char *dir) {
    char *path = base_strndup(dir, strlen(dir));
    if (!path)
        return false;
    bool ok = true;
    for (char *p = path + 1; ok; p++) {
        bool last = *p == '\0';
        if (!last && *p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            ok = false;
        if (last)
            break;
        *p = '/';
    }
    struct stat st;
    ok = ok && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    base_free(path);
    return ok;
}

static bool write_all(int fd, const uint8_t *buf, size_t size) {
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, buf + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += (size_t)n;
    }
    return true;
}

/* Another process may store the same key at the same time: each writes
 * its own temporary file (mkostemp picks a fresh name) and rename makes
 * the whole entry appear at once, so a reader sees one complete entry or
 * none. */
bool native_cache_store(const char *dir, const char *key, const uint8_t *bytes, size_t size) {
    if (!dir || !dir[0] || !valid_key(key) || (!bytes && size > 0) || !make_dirs(dir))
        return false;
    char *final_path = join_path(dir, key);
    size_t tmp_len = strlen(dir) + strlen("/.tmp--XXXXXX") + strlen(key) + 1;
    char *tmp_path = base_malloc(tmp_len);
    bool ok = false;
    if (!final_path || !tmp_path)
        goto done;
    memcpy(tmp_path, dir, strlen(dir));
    strcpy(tmp_path + strlen(dir), "/.tmp-");
    strcat(tmp_path, key);
    strcat(tmp_path, "-XXXXXX");
    int fd = mkostemp(tmp_path, O_CLOEXEC); /* mode 0600 */
    if (fd < 0)
        goto done;
    bool written = write_all(fd, bytes, size);
    written = close(fd) == 0 && written;
    ok = written && rename(tmp_path, final_path) == 0;
    if (!ok)
        unlink(tmp_path);
done:
    base_free(final_path);
    base_free(tmp_path);
    return ok;
}

/* ---- one filler per key ------------------------------------------------------------ */

/* dir/key + ".filling": never an entry (a key has no '.'). */
static char *lock_path(const char *dir, const char *key) {
    char *entry = join_path(dir, key);
    if (!entry)
        return NULL;
    size_t len = strlen(entry);
    char *path = base_malloc(len + sizeof ".filling");
    if (path) {
        memcpy(path, entry, len);
        memcpy(path + len, ".filling", sizeof ".filling");
    }
    base_free(entry);
    return path;
}

int native_cache_fill_begin(const char *dir, const char *key) {
    if (!dir || !dir[0] || !valid_key(key) || !make_dirs(dir))
        return NATIVE_CACHE_FILL_FAILED;
    char *path = lock_path(dir, key);
    if (!path)
        return NATIVE_CACHE_FILL_FAILED;
    /* O_NOFOLLOW | O_NONBLOCK: a link or FIFO planted under the name is
     * refused, not followed or waited on */
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
    base_free(path);
    if (fd < 0)
        return NATIVE_CACHE_FILL_FAILED;
    int rc;
    while ((rc = flock(fd, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR) {}
    if (rc != 0) {
        bool busy = errno == EWOULDBLOCK;
        close(fd);
        return busy ? NATIVE_CACHE_FILL_BUSY : NATIVE_CACHE_FILL_FAILED;
    }
    return fd;
}

void native_cache_fill_end(const char *dir, const char *key, int fd) {
    if (fd < 0)
        return;
    /* unlinked while still locked: a filler that opened the old file
     * meanwhile gets its lock after this one and finds the entry there */
    char *path = lock_path(dir, key);
    if (path)
        unlink(path);
    base_free(path);
    close(fd);
}

bool native_cache_filling(const char *dir, const char *key) {
    if (!dir || !dir[0] || !valid_key(key))
        return false;
    char *path = lock_path(dir, key);
    if (!path)
        return false;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    base_free(path);
    if (fd < 0)
        return false;
    int rc;
    while ((rc = flock(fd, LOCK_SH | LOCK_NB)) != 0 && errno == EINTR) {}
    bool busy = rc != 0 && errno == EWOULDBLOCK;
    close(fd);
    return busy;
}
