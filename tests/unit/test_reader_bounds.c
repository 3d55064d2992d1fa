/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_reader_bounds.c — nothing reads past the end of its input: inputs
 * are placed so they end at a page followed by an inaccessible page (a read
 * past the end faults). Covers the LEB128 readers, every instruction's
 * encoding cut at every byte, and bin_decode over every prefix and many
 * mutations of a complete module, with an allocator that puts the module's
 * copy against a guard page too. */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include "base/reader.h"
#include "binary/instr.h"
#include "binary/module.h"
#include "check.h"
#include "instr_encode.h"
#include "sample_module.h"
#include "wasmcell.h"

static size_t page;

/* Two pages, the second PROT_NONE; returns the first page's end. */
static uint8_t *guarded_page_end(void)
{
    uint8_t *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    CHECK(mprotect(p + page, page, PROT_NONE) == 0);
    return p + page;
}

static uint8_t *edge;

/* Copies bytes so they end exactly at the guard page. */
static const uint8_t *at_edge(const uint8_t *bytes, size_t n)
{
    CHECK(n <= page);
    memcpy(edge - n, bytes, n);
    return edge - n;
}

static void test_bounds_leb128(void)
{
    uint8_t cont[12];
    memset(cont, 0x80, sizeof cont);
    for (size_t n = 0; n <= sizeof cont; n++) {
        const uint8_t *p = at_edge(cont, n);
        base_reader_t r;
        uint32_t u32;
        uint64_t u64;
        int32_t s32;
        int64_t s64;
        base_reader_init(&r, p, n);
        CHECK(base_read_u32(&r, &u32) != RD_OK && r.pos <= r.end);
        base_reader_init(&r, p, n);
        CHECK(base_read_u64(&r, &u64) != RD_OK && r.pos <= r.end);
        base_reader_init(&r, p, n);
        CHECK(base_read_s32(&r, &s32) != RD_OK && r.pos <= r.end);
        base_reader_init(&r, p, n);
        CHECK(base_read_s33(&r, &s64) != RD_OK && r.pos <= r.end);
        base_reader_init(&r, p, n);
        CHECK(base_read_s64(&r, &s64) != RD_OK && r.pos <= r.end);
        base_reader_init(&r, p, n);
        CHECK((base_read_f64(&r, &u64) == RD_OK) == (n >= 8) && r.pos <= r.end);
        base_reader_init(&r, p, n);
        CHECK((base_read_f32(&r, &u32) == RD_OK) == (n >= 4));
        base_reader_init(&r, p, n);
        const uint8_t *out;
        CHECK((base_read_bytes(&r, 5, &out) == RD_OK) == (n >= 5));
    }
}

static void test_bounds_every_instruction_cut(void)
{
    for (int op = 0; op < OP_COUNT_; op++) {
        uint8_t buf[40];
        size_t n = enc_row((bin_op_t)op, buf);
        for (size_t len = 0; len <= n; len++) {
            const uint8_t *p = at_edge(buf, len);
            bin_instr_reader_t ir;
            bin_instr_reader_init(&ir, p, p, len);
            bin_instr_t in;
            base_diag_t d = {0};
            bool ok = bin_read_instr(&ir, &in, &d);
            CHECK_MSG(ok == (len == n), "%s cut at %zu", bin_opinfo[op].name, len);
            /* vector immediates (br_table, select t) check their count first */
            if (!ok)
                CHECK_MSG(!strcmp(d.reason, "unexpected end of section or function") ||
                          !strcmp(d.reason, "length out of bounds"), "%s: %s", bin_opinfo[op].name, d.reason);
            bin_instr_reader_fini(&ir);
        }
    }
}

/* An allocator whose every block ends at a guard page. Blocks of exactly
 * `exact_size` bytes (the module copy) end at the guard byte for byte;
 * others are rounded to 16 bytes for alignment. */
static size_t exact_size, live_blocks;

typedef struct ghdr {
    void *map;
    size_t map_len, size;
} ghdr_t;

static void *guard_malloc(size_t size, void *user)
{
    (void)user;
    size_t rounded = size == exact_size ? size : (size + 15) & ~(size_t)15;
    size_t data_pages = (rounded + sizeof(ghdr_t) + page - 1) / page;
    size_t len = (data_pages + 1) * page;
    uint8_t *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) return NULL;
    mprotect(map + data_pages * page, page, PROT_NONE);
    uint8_t *data = map + data_pages * page - rounded;
    ghdr_t h = {map, len, size};
    memcpy(data - sizeof h, &h, sizeof h);
    live_blocks++;
    return data;
}

static void guard_free(void *p, void *user)
{
    (void)user;
    if (!p) return;
    ghdr_t h;
    memcpy(&h, (uint8_t *)p - sizeof h, sizeof h);
    munmap(h.map, h.map_len);
    live_blocks--;
}

static void *guard_realloc(void *p, size_t size, void *user)
{
    void *q = guard_malloc(size, user);
    if (!q || !p) return q;
    ghdr_t h;
    memcpy(&h, (uint8_t *)p - sizeof h, sizeof h);
    memcpy(q, p, h.size < size ? h.size : size);
    guard_free(p, user);
    return q;
}

static void decode_guarded(const uint8_t *bytes, size_t n)
{
    exact_size = n;
    bin_module_t *m = NULL;
    base_diag_t d = {0};
    if (bin_decode(at_edge(bytes, n), n, &m, &d)) bin_module_free(m);
    else CHECK(m == NULL && d.set && d.reason[0]);
}

static void test_bounds_decode_prefixes_and_mutations(void)
{
    sample_t s;
    sample_build(&s);
    wasmcell_allocator_t a = {guard_malloc, guard_realloc, guard_free, NULL};
    wasmcell_set_allocator(&a);
    for (size_t len = 0; len <= s.w.n; len++) decode_guarded(s.w.b, len);
    CHECK(live_blocks == 0);
    uint64_t x = 88172645463325252ull;
    uint8_t mutated[sizeof s.w.b];
    for (int i = 0; i < 3000; i++) {
        memcpy(mutated, s.w.b, s.w.n);
        int flips = 1 + i % 4;
        for (int k = 0; k < flips; k++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            size_t at = 8 + (size_t)(x % (s.w.n - 8));
            mutated[at] = (uint8_t)(x >> 32);
        }
        size_t len = (i % 3 == 0) ? 8 + (size_t)((x >> 40) % (s.w.n - 7)) : s.w.n;
        decode_guarded(mutated, len);
        CHECK_MSG(live_blocks == 0, "mutation %d leaked %zu blocks", i, live_blocks);
    }
    wasmcell_set_allocator(NULL);
}

int main(void)
{
    page = (size_t)sysconf(_SC_PAGESIZE);
    edge = guarded_page_end();
    RUN(test_bounds_leb128);
    RUN(test_bounds_every_instruction_cut);
    RUN(test_bounds_decode_prefixes_and_mutations);
    return 0;
}
