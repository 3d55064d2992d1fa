/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_cache.c — the code cache directory: where it is, what the key
 * covers, store + load, atomic replacement without leftovers, and silent
 * failure where nothing can be written. Works in a fresh temp directory. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "check.h"
#include "native/cache.h"

static char root[64];

static char *path_in(const char *rel) {
    static char buf[4][512];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", root, rel);
    return p;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    return remove(path);
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    CHECK(f);
    fputs(text, f);
    CHECK(fclose(f) == 0);
}

/* Number of entries in dir (besides . and ..); *temps counts names starting with '.'. */
static int count_entries(const char *dir, int *temps) {
    DIR *d = opendir(dir);
    CHECK(d);
    int n = 0;
    *temps = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            n++;
            if (e->d_name[0] == '.')
                (*temps)++;
        }
    closedir(d);
    return n;
}

static char *key_for(const char *features) {
    uint8_t hash[32];
    memset(hash, 7, sizeof hash);
    char *key = native_cache_key(hash, "0.1.0", "x86_64-pc-linux-gnu", "generic", features, 0);
    CHECK(key);
    return key;
}

static void test_cache_dir_configured(void) {
    char *d = native_cache_dir("/some/where");
    CHECK(d);
    CHECK_STR(d, "/some/where");
    base_free(d);
    CHECK(native_cache_dir("") == NULL);
}

static void test_cache_dir_from_environment(void) {
    setenv("XDG_CACHE_HOME", "/xdg/cache", 1);
    setenv("HOME", "/home/someone", 1);
    char *d = native_cache_dir(NULL);
    CHECK_STR(d, "/xdg/cache/wasmcell");
    base_free(d);

    setenv("XDG_CACHE_HOME", "relative/cache", 1); /* ignored, as XDG says */
    d = native_cache_dir(NULL);
    CHECK_STR(d, "/home/someone/.cache/wasmcell");
    base_free(d);

    unsetenv("XDG_CACHE_HOME");
    d = native_cache_dir(NULL);
    CHECK_STR(d, "/home/someone/.cache/wasmcell");
    base_free(d);

    setenv("XDG_CACHE_HOME", "", 1);
    d = native_cache_dir(NULL);
    CHECK_STR(d, "/home/someone/.cache/wasmcell");
    base_free(d);

    unsetenv("XDG_CACHE_HOME");
    unsetenv("HOME");
    CHECK(native_cache_dir(NULL) == NULL);
    CHECK(native_cache_dir("") == NULL);
}

static void test_cache_key_shape(void) {
    char *a = key_for("+sse2");
    char *b = key_for("+sse2");
    CHECK(strlen(a) == 64);
    CHECK(strspn(a, "0123456789abcdef") == 64);
    CHECK_STR(a, b);
    base_free(a);
    base_free(b);
}

/* Every part changes the key, and parts cannot run into each other. */
static void test_cache_key_parts(void) {
    uint8_t h1[32], h2[32];
    memset(h1, 1, 32);
    memset(h2, 1, 32);
    h2[31] = 2;
    char *keys[9];
    keys[0] = native_cache_key(h1, "0.1.0", "x86_64-pc-linux-gnu", "generic", "+avx2", 0);
    keys[1] = native_cache_key(h2, "0.1.0", "x86_64-pc-linux-gnu", "generic", "+avx2", 0);
    keys[2] = native_cache_key(h1, "0.1.1", "x86_64-pc-linux-gnu", "generic", "+avx2", 0);
    keys[3] = native_cache_key(h1, "0.1.0", "aarch64-unknown-linux-gnu", "generic", "+avx2", 0);
    keys[4] = native_cache_key(h1, "0.1.0", "x86_64-pc-linux-gnu", "x86-64", "+avx2", 0);
    keys[5] = native_cache_key(h1, "0.1.0", "x86_64-pc-linux-gnu", "generic", "+avx", 0);
    keys[6] = native_cache_key(h1, "0.1.0", "x86_64-pc-linux-gnu", "generic", "+avx2", 3);
    /* the same bytes, split differently between cpu and features */
    keys[7] = native_cache_key(h1, "0.1.0", "x86_64-pc-linux-gnu", "gene", "ric+avx2", 0);
    keys[8] = native_cache_key(h1, "0.1.0x86_64-pc-linux-gnu", "", "generic", "+avx2", 0);
    for (int i = 0; i < 9; i++) {
        CHECK(keys[i]);
        for (int j = 0; j < i; j++)
            CHECK_MSG(strcmp(keys[i], keys[j]) != 0, "keys %d and %d", j, i);
    }
    for (int i = 0; i < 9; i++)
        base_free(keys[i]);
}

static void test_cache_store_load_round_trip(void) {
    const char *dir = path_in("a/b/cache");
    char *key = key_for("+sse2");
    uint8_t data[3000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 13);
    CHECK(native_cache_store(dir, key, data, sizeof data));

    struct stat st;
    CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode));
    CHECK((st.st_mode & 0777) == 0700);
    CHECK(stat(path_in("a"), &st) == 0 && (st.st_mode & 0777) == 0700);

    uint8_t *bytes = NULL;
    size_t size = 0;
    CHECK(native_cache_load(dir, key, &bytes, &size));
    CHECK(size == sizeof data);
    CHECK(memcmp(bytes, data, size) == 0);
    base_free(bytes);

    /* replacing the entry */
    data[0] ^= 0xff;
    CHECK(native_cache_store(dir, key, data, 100));
    CHECK(native_cache_load(dir, key, &bytes, &size));
    CHECK(size == 100 && memcmp(bytes, data, 100) == 0);
    base_free(bytes);

    int temps;
    CHECK(count_entries(dir, &temps) == 1);
    CHECK(temps == 0);
    base_free(key);
}

static void test_cache_load_absent(void) {
    uint8_t *bytes = NULL;
    size_t size = 0;
    CHECK(!native_cache_load(path_in("nowhere"), "abc", &bytes, &size));
    CHECK(!native_cache_load(NULL, "abc", &bytes, &size));
    CHECK(bytes == NULL);
}

/* A key is a plain file name: nothing that walks out of the directory. */
static void test_cache_bad_keys_refused(void) {
    const char *dir = path_in("keys");
    CHECK(mkdir(dir, 0700) == 0);
    write_file(path_in("secret"), "secret");
    static const char *const bad[] = {"", "../secret", "a/b", ".", "..", ".tmp-x", "a b"};
    uint8_t *bytes;
    size_t size;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_MSG(!native_cache_store(dir, bad[i], (const uint8_t *)"x", 1), "%s", bad[i]);
        CHECK_MSG(!native_cache_load(dir, bad[i], &bytes, &size), "%s", bad[i]);
    }
    CHECK(!native_cache_store(dir, NULL, (const uint8_t *)"x", 1));
    int temps;
    CHECK(count_entries(dir, &temps) == 0);
}

static void test_cache_load_refuses_non_files(void) {
    const char *dir = path_in("odd");
    CHECK(mkdir(dir, 0700) == 0);
    uint8_t *bytes;
    size_t size;
    CHECK(mkdir(path_in("odd/adir"), 0700) == 0);
    CHECK(!native_cache_load(dir, "adir", &bytes, &size));
    write_file(path_in("odd/empty"), "");
    CHECK(!native_cache_load(dir, "empty", &bytes, &size));
    CHECK(mkfifo(path_in("odd/fifo"), 0600) == 0); /* must not block */
    CHECK(!native_cache_load(dir, "fifo", &bytes, &size));
}

/* A sparse file just over 1 GiB is refused without being read. */
static void test_cache_load_refuses_huge_file(void) {
    const char *dir = path_in("huge");
    CHECK(mkdir(dir, 0700) == 0);
    int fd = open(path_in("huge/big"), O_WRONLY | O_CREAT, 0600);
    CHECK(fd >= 0);
    CHECK(ftruncate(fd, ((off_t)1 << 30) + 1) == 0);
    close(fd);
    uint8_t *bytes;
    size_t size;
    CHECK(!native_cache_load(dir, "big", &bytes, &size));
}

/* The directory cannot be created (a file is in the way): false, no crash. */
static void test_cache_store_unwritable(void) {
    write_file(path_in("plainfile"), "x");
    char *key = key_for("+sse2");
    CHECK(!native_cache_store(path_in("plainfile/cache"), key, (const uint8_t *)"abc", 3));
    CHECK(!native_cache_store(path_in("plainfile"), key, (const uint8_t *)"abc", 3));
    CHECK(!native_cache_store("", key, (const uint8_t *)"abc", 3));
    CHECK(!native_cache_store(NULL, key, (const uint8_t *)"abc", 3));
    if (geteuid() != 0) { /* root writes anywhere */
        const char *ro = path_in("readonly");
        CHECK(mkdir(ro, 0500) == 0);
        CHECK(!native_cache_store(ro, key, (const uint8_t *)"abc", 3));
        CHECK(chmod(ro, 0700) == 0);
        int temps;
        CHECK(count_entries(ro, &temps) == 0);
    }
    base_free(key);
}

/* The rename fails (a directory holds the entry's name): false, and the
 * temporary file is gone. */
static void test_cache_store_failure_leaves_no_temp_file(void) {
    const char *dir = path_in("blocked");
    char *key = key_for("+avx");
    CHECK(mkdir(dir, 0700) == 0);
    char sub[600];
    snprintf(sub, sizeof sub, "%s/%s", dir, key);
    CHECK(mkdir(sub, 0700) == 0);
    write_file(path_in("blocked/other"), "x"); /* a non-empty directory cannot be replaced */
    char inner[700];
    snprintf(inner, sizeof inner, "%s/keep", sub);
    write_file(inner, "x");
    CHECK(!native_cache_store(dir, key, (const uint8_t *)"abc", 3));
    int temps;
    CHECK(count_entries(dir, &temps) == 2);
    CHECK(temps == 0);
    base_free(key);
}

int main(void) {
    umask(022);
    snprintf(root, sizeof root, "/tmp/wasmcell-cache-test-XXXXXX");
    CHECK(mkdtemp(root));
    RUN(test_cache_dir_configured);
    RUN(test_cache_dir_from_environment);
    RUN(test_cache_key_shape);
    RUN(test_cache_key_parts);
    RUN(test_cache_store_load_round_trip);
    RUN(test_cache_load_absent);
    RUN(test_cache_bad_keys_refused);
    RUN(test_cache_load_refuses_non_files);
    RUN(test_cache_load_refuses_huge_file);
    RUN(test_cache_store_unwritable);
    RUN(test_cache_store_failure_leaves_no_temp_file);
    CHECK(nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0);
    return 0;
}
