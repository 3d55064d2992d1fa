/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_code_offsets.c — the code position -> wasm offset table: the cursor
 * (lookups in increasing order, as the JIT's translation makes them)
 * answers what a lookup from the table's start does, for every word, with
 * offsets that go back (zigzag deltas), repeated and skipped words, a
 * word before the last one (it starts over), and no table. */
#include <stdint.h>
#include "base/alloc.h"
#include "check.h"
#include "compile/code_offsets.h"

/* a table of n entries at words 3, 3+step, ...; offsets from a fixed
 * pseudo-random walk that also goes back */
static uint8_t *make_table(uint32_t n, uint32_t step, uint32_t *size)
{
    cmp_offsets_builder_t b = {0};
    uint32_t off = 1000, x = 12345;
    for (uint32_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        off += (x >> 16) % 40;
        if ((x >> 8) % 5 == 0) off -= 30; /* an earlier offset: a negative delta */
        cmp_offsets_note(&b, 3 + i * step, off);
    }
    return cmp_offsets_finish(&b, size);
}

static void same_answers(uint32_t n, uint32_t step)
{
    uint32_t size = 0;
    uint8_t *t = make_table(n, step, &size);
    CHECK(t != NULL && size > 0);
    cmp_offsets_cursor_t c;
    cmp_offsets_cursor_init(&c, t, size);
    uint32_t last = 3 + n * step + 5;
    for (uint32_t w = 0; w <= last; w++) {
        uint32_t want = cmp_offsets_lookup(t, size, w);
        CHECK_MSG(cmp_offsets_cursor_lookup(&c, w) == want, "word %u of %u entries", w, n);
        CHECK_MSG(cmp_offsets_cursor_lookup(&c, w) == want, "word %u again", w);
    }
    /* going back starts over; skipping ahead reads past entries */
    CHECK(cmp_offsets_cursor_lookup(&c, 0) == cmp_offsets_lookup(t, size, 0));
    CHECK(cmp_offsets_cursor_lookup(&c, 3) == cmp_offsets_lookup(t, size, 3));
    CHECK(cmp_offsets_cursor_lookup(&c, last / 2) == cmp_offsets_lookup(t, size, last / 2));
    CHECK(cmp_offsets_cursor_lookup(&c, 4) == cmp_offsets_lookup(t, size, 4));
    CHECK(cmp_offsets_cursor_lookup(&c, last) == cmp_offsets_lookup(t, size, last));
    base_free(t);
}

static void cursor_matches_lookup(void)
{
    same_answers(1, 1);
    same_answers(50, 1);
    same_answers(200, 3);
    same_answers(1000, 7);
}

static void no_table(void)
{
    cmp_offsets_cursor_t c;
    cmp_offsets_cursor_init(&c, NULL, 0);
    CHECK(cmp_offsets_cursor_lookup(&c, 0) == 0);
    CHECK(cmp_offsets_cursor_lookup(&c, 99) == 0);
    CHECK(cmp_offsets_cursor_lookup(&c, 5) == 0);
}

int main(void)
{
    RUN(cursor_matches_lookup);
    RUN(no_table);
    return 0;
}
