/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* code_offsets.c — internal code position → wasm offset (code_offsets.h). */
#include "code_offsets.h"
#include <string.h>
#include "../base/alloc.h"
#include "compile.h"

void cmp_offsets_note(cmp_offsets_builder_t *b, uint32_t word, uint32_t offset)
{
    if (b->failed) return;
    while (b->len && b->pairs[2 * (b->len - 1)] >= word) b->len--;
    if (b->len && b->pairs[2 * (b->len - 1) + 1] == offset) return;
    if (b->len == b->cap) {
        uint32_t cap = b->cap ? b->cap * 2 : 32;
        uint32_t *p = cap > b->cap ? base_realloc(b->pairs, (size_t)cap * 2 * sizeof *p) : NULL;
        if (!p) {
            b->failed = true;
            return;
        }
        b->pairs = p;
        b->cap = cap;
    }
    b->pairs[2 * b->len] = word;
    b->pairs[2 * b->len + 1] = offset;
    b->len++;
}

static uint8_t *put_uleb(uint8_t *p, uint32_t v)
{
    do {
        uint8_t byte = v & 0x7F;
        v >>= 7;
        *p++ = byte | (v ? 0x80 : 0);
    } while (v);
    return p;
}

static uint32_t get_uleb(const uint8_t **p, const uint8_t *end)
{
    uint32_t v = 0;
    for (int shift = 0; *p < end && shift < 35; shift += 7) {
        uint8_t byte = *(*p)++;
        v |= (uint32_t)(byte & 0x7F) << shift;
        if (!(byte & 0x80)) break;
    }
    return v;
}

/* zigzag: a later entry may name an earlier offset (code the compiler
 * emits for a block's end before instructions it deferred) */
static uint32_t zigzag(int32_t v) { return ((uint32_t)v << 1) ^ (uint32_t)(v >> 31); }
static int32_t unzigzag(uint32_t v) { return (int32_t)(v >> 1) ^ -(int32_t)(v & 1); }

uint8_t *cmp_offsets_finish(cmp_offsets_builder_t *b, uint32_t *size)
{
    uint8_t *out = NULL;
    *size = 0;
    if (!b->failed && b->len) {
        out = base_malloc((size_t)b->len * 10); /* two LEB128s of at most 5 bytes */
        if (out) {
            uint8_t *p = out;
            uint32_t word = 0, offset = 0;
            for (uint32_t i = 0; i < b->len; i++) {
                p = put_uleb(p, b->pairs[2 * i] - word);
                p = put_uleb(p, zigzag((int32_t)(b->pairs[2 * i + 1] - offset)));
                word = b->pairs[2 * i];
                offset = b->pairs[2 * i + 1];
            }
            *size = (uint32_t)(p - out);
            uint8_t *shrunk = base_realloc(out, *size);
            if (shrunk) out = shrunk;
        }
    }
    cmp_offsets_discard(b);
    return out;
}

void cmp_offsets_discard(cmp_offsets_builder_t *b)
{
    base_free(b->pairs);
    memset(b, 0, sizeof *b);
}

uint32_t cmp_offsets_lookup(const uint8_t *table, uint32_t size, uint32_t word)
{
    const uint8_t *p = table, *end = table + size;
    uint32_t at = 0, offset = 0, found = 0;
    while (p < end) {
        at += get_uleb(&p, end);
        uint32_t next = offset + (uint32_t)unzigzag(get_uleb(&p, end));
        if (at > word) break;
        offset = found = next;
    }
    return found;
}

void cmp_offsets_cursor_init(cmp_offsets_cursor_t *c, const uint8_t *table, uint32_t size)
{
    memset(c, 0, sizeof *c);
    c->table = c->p = table;
    c->end = table ? table + size : NULL;
}

uint32_t cmp_offsets_cursor_lookup(cmp_offsets_cursor_t *c, uint32_t word)
{
    if (word < c->word) cmp_offsets_cursor_init(c, c->table, (uint32_t)(c->end - c->table));
    c->word = word;
    for (;;) {
        if (!c->has_next) {
            if (!c->p || c->p >= c->end) break;
            c->next_at = c->at + get_uleb(&c->p, c->end);
            c->next_offset = c->offset + (uint32_t)unzigzag(get_uleb(&c->p, c->end));
            c->has_next = true;
        }
        if (c->next_at > word) break;
        c->at = c->next_at;
        c->offset = c->next_offset;
        c->has_next = false;
    }
    return c->offset;
}

uint32_t cmp_func_code_offset(const cmp_func_t *f, uint32_t word)
{
    return f->offsets ? cmp_offsets_lookup(f->offsets, f->offsets_size, word) : 0;
}
