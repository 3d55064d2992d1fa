/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* elf_build.h — builds small ELF64 x86-64 relocatable objects in memory,
 * so that tests can state exactly the sections, symbols and relocations
 * (including broken ones) the loader must handle. Test code: aborts
 * through CHECK on misuse. */
#ifndef LOADER_ELF_BUILD_H
#define LOADER_ELF_BUILD_H
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

enum { EB_SHN_XINDEX = 0xffff, EB_LORESERVE = 0xff00 };

typedef struct eb_shdr {
    uint32_t name, type;
    uint64_t flags, offset, size, align, entsize;
    uint32_t link, info;
} eb_shdr_t;

typedef struct eb {
    uint8_t *data;          /* the file, header first */
    size_t len, cap;
    eb_shdr_t *sec;
    size_t nsec, sec_cap;
    char *shstr;
    size_t shstr_len;
    uint16_t machine, type;
} eb_t;

static inline void eb_put(eb_t *b, const void *bytes, size_t n)
{
    while (b->len + n > b->cap) {
        b->cap = b->cap ? 2 * b->cap : 4096;
        b->data = realloc(b->data, b->cap);
        CHECK(b->data != NULL);
    }
    if (bytes)
        memcpy(b->data + b->len, bytes, n);
    else
        memset(b->data + b->len, 0, n);
    b->len += n;
}

static inline uint32_t eb_name(eb_t *b, const char *name)
{
    if (!name || !*name)
        return 0;
    size_t n = strlen(name) + 1;
    b->shstr = realloc(b->shstr, b->shstr_len + n);
    CHECK(b->shstr != NULL);
    memcpy(b->shstr + b->shstr_len, name, n);
    b->shstr_len += n;
    return (uint32_t)(b->shstr_len - n);
}

static inline void eb_init(eb_t *b)
{
    memset(b, 0, sizeof *b);
    b->machine = 62;
    b->type = 1;
    eb_put(b, NULL, 64);
    b->shstr = calloc(1, 1);    /* offset 0: the empty name */
    b->shstr_len = 1;
    b->sec = calloc(1, sizeof *b->sec);
    b->nsec = b->sec_cap = 1;
}

/* Appends a section (contents copied, 8-aligned; none for NOBITS) and
 * returns its index. */
static inline size_t eb_section(eb_t *b, const char *name, uint32_t type, uint64_t flags,
                                const void *bytes, size_t size, uint64_t align, uint64_t entsize)
{
    if (b->nsec == b->sec_cap) {
        b->sec_cap *= 2;
        b->sec = realloc(b->sec, b->sec_cap * sizeof *b->sec);
        CHECK(b->sec != NULL);
    }
    eb_shdr_t *h = &b->sec[b->nsec];
    memset(h, 0, sizeof *h);
    h->name = eb_name(b, name);
    h->type = type;
    h->flags = flags;
    h->size = size;
    h->align = align;
    h->entsize = entsize;
    eb_put(b, NULL, (8 - b->len % 8) % 8);
    h->offset = b->len;
    if (type != 8 /* SHT_NOBITS */)
        eb_put(b, bytes, size);
    return b->nsec++;
}

static inline void eb_link(eb_t *b, size_t idx, uint32_t link, uint32_t info)
{
    b->sec[idx].link = link;
    b->sec[idx].info = info;
}

static inline void eb_le(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Adds .shstrtab and the section header table, fills in the ELF header
 * (extended numbering when there are too many sections) and returns the
 * file; the builder is consumed. */
static inline uint8_t *eb_finish(eb_t *b, size_t *size)
{
    size_t shstrndx = b->nsec;
    uint32_t self = eb_name(b, ".shstrtab");
    char *names = b->shstr;
    size_t names_len = b->shstr_len;
    eb_section(b, NULL, 3, 0, names, names_len, 1, 0);
    b->sec[shstrndx].name = self;
    eb_put(b, NULL, (8 - b->len % 8) % 8);
    size_t shoff = b->len;
    bool extended = b->nsec >= EB_LORESERVE;
    if (extended) {
        b->sec[0].size = b->nsec;
        b->sec[0].link = (uint32_t)shstrndx;
    }
    for (size_t i = 0; i < b->nsec; i++) {
        uint8_t h[64];
        const eb_shdr_t *s = &b->sec[i];
        eb_le(h, s->name, 4);
        eb_le(h + 4, s->type, 4);
        eb_le(h + 8, s->flags, 8);
        eb_le(h + 16, 0, 8);
        eb_le(h + 24, s->offset, 8);
        eb_le(h + 32, s->size, 8);
        eb_le(h + 40, s->link, 4);
        eb_le(h + 44, s->info, 4);
        eb_le(h + 48, s->align, 8);
        eb_le(h + 56, s->entsize, 8);
        eb_put(b, h, 64);
    }
    uint8_t *e = b->data;
    memcpy(e, "\177ELF\2\1\1", 7);
    eb_le(e + 16, b->type, 2);
    eb_le(e + 18, b->machine, 2);
    eb_le(e + 20, 1, 4);
    eb_le(e + 40, shoff, 8);
    eb_le(e + 52, 64, 2);
    eb_le(e + 58, 64, 2);
    eb_le(e + 60, extended ? 0 : b->nsec, 2);
    eb_le(e + 62, extended ? EB_SHN_XINDEX : shstrndx, 2);
    free(names);
    free(b->sec);
    *size = b->len;
    return b->data;
}

/* One symbol table entry / one RELA entry, little endian. */
static inline void eb_sym(uint8_t p[24], uint32_t name, uint8_t info, uint16_t shndx,
                          uint64_t value, uint64_t size)
{
    memset(p, 0, 24);
    eb_le(p, name, 4);
    p[4] = info;
    eb_le(p + 6, shndx, 2);
    eb_le(p + 8, value, 8);
    eb_le(p + 16, size, 8);
}

static inline void eb_rela(uint8_t p[24], uint64_t off, uint32_t type, uint32_t sym,
                           int64_t addend)
{
    eb_le(p, off, 8);
    eb_le(p + 8, (uint64_t)sym << 32 | type, 8);
    eb_le(p + 16, (uint64_t)addend, 8);
}

#endif
