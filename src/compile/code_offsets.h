/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* code_offsets.h — the side table from internal code positions back to
 * the wasm instructions they came from, for exact offsets in trap
 * backtraces. Built while compiling (one entry per emitted instruction
 * whose wasm offset differs from the previous one), stored compactly
 * (LEB128 deltas, about 2-3 bytes an entry) and read only when a
 * backtrace is made: nothing on the execution path. */
#ifndef CMP_CODE_OFFSETS_H
#define CMP_CODE_OFFSETS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cmp_offsets_builder {
    uint32_t *pairs; /* (code word, wasm offset) pairs, words increasing */
    uint32_t len, cap; /* in pairs */
    bool failed;       /* out of memory: the table is dropped, not wrong */
} cmp_offsets_builder_t;

/* An instruction emitted at code word `word` for the wasm instruction at
 * module offset `offset`. Entries at or past `word` are dropped first: the
 * compiler re-emits there after a fusion. */
void cmp_offsets_note(cmp_offsets_builder_t *b, uint32_t word, uint32_t offset);
/* The compact table (owned, base_free; *size its bytes), or NULL when
 * empty or out of memory. Frees the builder's memory. */
uint8_t *cmp_offsets_finish(cmp_offsets_builder_t *b, uint32_t *size);
void cmp_offsets_discard(cmp_offsets_builder_t *b);
/* The wasm offset of the instruction holding code word `word`; 0 when the
 * table has no entry at or before it. */
uint32_t cmp_offsets_lookup(const uint8_t *table, uint32_t size, uint32_t word);

/* Lookups in increasing word order (the JIT's translation of a function):
 * each continues where the last one stopped, so a function's lookups
 * cost one pass over its table (each from the start cost SQLite's cold
 * run 13 % of its time); a lookup of an earlier word starts over. */
typedef struct cmp_offsets_cursor {
    const uint8_t *table, *p, *end;
    uint32_t at, offset;       /* the last entry taken */
    uint32_t next_at, next_offset;
    bool has_next;             /* an entry read, not yet taken (past the word) */
    uint32_t word;             /* the last word looked up */
} cmp_offsets_cursor_t;
void cmp_offsets_cursor_init(cmp_offsets_cursor_t *c, const uint8_t *table, uint32_t size);
/* cmp_offsets_lookup(table, size, word) */
uint32_t cmp_offsets_cursor_lookup(cmp_offsets_cursor_t *c, uint32_t word);

#endif
