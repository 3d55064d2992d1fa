/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_wasi_call.c — wasmcell_wasi_call, the public entry wasmcell-wasi's
 * Node-API addon runs WASI through: the function table, calls over a
 * caller-owned memory, every guest pointer checked against the size passed
 * at that call (a grown memory is passed again), proc_exit as an outcome,
 * misuse. A C test (no node needed), so that `make asan` covers the entry. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "wasmcell_wasi.h"

static int failures;

#define CHECK(expr)                                                                  \
    do {                                                                             \
        if (!(expr)) {                                                               \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #expr);                   \
            failures++;                                                              \
        }                                                                            \
    } while (0)

enum { ESUCCESS = 0, EBADF = 8, EFAULT = 21, ENOTCAPABLE = 76 };

static size_t func_idx(const wasmcell_wasi_t *wasi, const char *name)
{
    for (size_t i = 0; i < wasmcell_wasi_func_count(wasi); i++)
        if (strcmp(wasmcell_wasi_func_name(wasi, i, NULL), name) == 0) return i;
    printf("FAIL: no function %s\n", name);
    exit(1);
}

static uint32_t call(wasmcell_wasi_t *wasi, const char *name, uint64_t *slots, uint8_t *mem,
                     uint64_t size)
{
    int32_t code = -1;
    wasmcell_wasi_outcome_t o = wasmcell_wasi_call(wasi, func_idx(wasi, name), slots, mem, size, &code);
    CHECK(o == WASMCELL_WASI_RETURNED);
    return (uint32_t)slots[0];
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void test_table(void)
{
    wasmcell_wasi_options_t o;
    wasmcell_wasi_options_init(&o);
    o.version = "preview1";
    wasmcell_wasi_t *p1 = wasmcell_wasi_new(&o, NULL);
    o.version = "unstable";
    wasmcell_wasi_t *un = wasmcell_wasi_new(&o, NULL);
    CHECK(p1 && un);
    CHECK(wasmcell_wasi_func_count(p1) == 46);
    CHECK(wasmcell_wasi_func_count(un) == 45); /* no sock_accept */
    const char *sig = NULL;
    CHECK(strcmp(wasmcell_wasi_func_name(p1, func_idx(p1, "path_open"), &sig), "path_open") == 0);
    CHECK(sig && strcmp(sig, "iiiiiIIii:i") == 0);
    CHECK(wasmcell_wasi_func_name(p1, 46, NULL) == NULL);
    CHECK(wasmcell_wasi_func_count(NULL) == 0);
    uint64_t slots[10] = { 0 };
    CHECK(wasmcell_wasi_call(p1, 46, slots, NULL, 0, NULL) == WASMCELL_WASI_MISUSE);
    CHECK(wasmcell_wasi_call(NULL, 0, slots, NULL, 0, NULL) == WASMCELL_WASI_MISUSE);
    CHECK(wasmcell_wasi_call(p1, 0, NULL, NULL, 0, NULL) == WASMCELL_WASI_MISUSE);
    wasmcell_wasi_delete(p1);
    wasmcell_wasi_delete(un);
}

/* Guest pointers are checked against the size passed at each call; a call
 * after a "grow" sees the larger memory. */
static void test_bounds(void)
{
    const char *argv[] = { "prog", "arg" };
    wasmcell_wasi_options_t o;
    wasmcell_wasi_options_init(&o);
    o.version = "preview1";
    o.argc = 2;
    o.argv = argv;
    wasmcell_wasi_t *wasi = wasmcell_wasi_new(&o, NULL);
    CHECK(wasi != NULL);
    uint8_t *mem = calloc(1, 65536 * 2);
    uint64_t slots[10] = { 65536, 65540 };
    CHECK(call(wasi, "args_sizes_get", slots, mem, 65536) == EFAULT);
    slots[0] = 65536, slots[1] = 65540;
    CHECK(call(wasi, "args_sizes_get", slots, mem, 2 * 65536) == ESUCCESS);
    CHECK(get32(mem + 65536) == 2 && get32(mem + 65540) == 9);
    slots[0] = 65533, slots[1] = 0;
    CHECK(call(wasi, "args_sizes_get", slots, mem, 65536) == EFAULT); /* straddles the end */
    slots[0] = 0xfffffffcu, slots[1] = 0;
    CHECK(call(wasi, "args_sizes_get", slots, mem, 2 * 65536) == EFAULT);
    /* No memory at all: every pointer is out of range. */
    slots[0] = 0, slots[1] = 4;
    CHECK(call(wasi, "args_sizes_get", slots, NULL, 0) == EFAULT);
    /* fd_write's iovec is read through the same checks. */
    put32(mem + 0, 65536 * 2 - 2);
    put32(mem + 4, 4); /* buffer runs past the end */
    slots[0] = 1, slots[1] = 0, slots[2] = 1, slots[3] = 8;
    CHECK(call(wasi, "fd_write", slots, mem, 2 * 65536) == EFAULT);
    slots[0] = 3, slots[1] = 0, slots[2] = 1, slots[3] = 8;
    CHECK(call(wasi, "fd_write", slots, mem, 2 * 65536) == EBADF);
    free(mem);
    wasmcell_wasi_delete(wasi);
}

/* A write lands in the configured stdout; proc_exit is an outcome, whatever
 * return_on_exit says (the embedder exits). */
static void test_write_and_exit(void)
{
    char path[] = "/tmp/wasmcell-wasi-call-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    wasmcell_wasi_options_t o;
    wasmcell_wasi_options_init(&o);
    o.version = "preview1";
    o.stdout_fd = fd;
    o.return_on_exit = false;
    wasmcell_wasi_t *wasi = wasmcell_wasi_new(&o, NULL);
    CHECK(wasi != NULL);
    uint8_t mem[64] = { 0 };
    memcpy(mem + 32, "hello\n", 6);
    put32(mem + 0, 32);
    put32(mem + 4, 6);
    uint64_t slots[10] = { 1, 0, 1, 16 };
    CHECK(call(wasi, "fd_write", slots, mem, sizeof mem) == ESUCCESS);
    CHECK(get32(mem + 16) == 6);
    char back[16] = { 0 };
    CHECK(pread(fd, back, sizeof back, 0) == 6 && strcmp(back, "hello\n") == 0);
    int32_t code = 0;
    slots[0] = 42;
    CHECK(wasmcell_wasi_call(wasi, func_idx(wasi, "proc_exit"), slots, mem, sizeof mem, &code) ==
          WASMCELL_WASI_EXITED);
    CHECK(code == 42);
    wasmcell_wasi_delete(wasi);
    close(fd);
    unlink(path);
}

/* Read-only preopens hold through the external entry as well. */
static void test_readonly_preopen(void)
{
    char dir[] = "/tmp/wasmcell-wasi-call-dir-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    wasmcell_wasi_preopen_t pre = { .guest_path = "/ro", .host_path = dir, .readonly = true };
    wasmcell_wasi_options_t o;
    wasmcell_wasi_options_init(&o);
    o.version = "preview1";
    o.npreopens = 1;
    o.preopens = &pre;
    wasmcell_wasi_t *wasi = wasmcell_wasi_new(&o, NULL);
    CHECK(wasi != NULL);
    uint8_t mem[64] = { 0 };
    memcpy(mem, "new.txt", 7);
    /* path_open(3, 0, path 0, len 7, oflags creat, rights fd_write, 0, 0, fd_out 32) */
    uint64_t slots[10] = { 3, 0, 0, 7, 1, 1u << 6, 0, 0, 32 };
    CHECK(call(wasi, "path_open", slots, mem, sizeof mem) == ENOTCAPABLE);
    char created[128];
    snprintf(created, sizeof created, "%s/new.txt", dir);
    CHECK(access(created, F_OK) != 0);
    wasmcell_wasi_delete(wasi);
    rmdir(dir);
}

int main(void)
{
    test_table();
    test_bounds();
    test_write_and_exit();
    test_readonly_preopen();
    if (failures) return 1;
    puts("wasi_call: all passed");
    return 0;
}
