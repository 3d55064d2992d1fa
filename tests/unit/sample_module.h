/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sample_module.h — builds, in memory, a small module that uses every
 * section and every element/data segment form, for the decoder tests.
 * Records where each section ends so tests know the well-formed prefixes. */
#ifndef UNIT_SAMPLE_MODULE_H
#define UNIT_SAMPLE_MODULE_H
#include <stdint.h>
#include <string.h>

typedef struct wbuf {
    uint8_t b[4096];
    size_t n;
} wbuf_t;

static inline void put(wbuf_t *w, const void *p, size_t n)
{
    memcpy(w->b + w->n, p, n);
    w->n += n;
}
#define PUT(w, ...) put((w), (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

static inline void put_u32(wbuf_t *w, uint32_t v)
{
    do {
        uint8_t byte = v & 0x7F;
        v >>= 7;
        if (v) byte |= 0x80;
        w->b[w->n++] = byte;
    } while (v);
}

static inline void put_name(wbuf_t *w, const char *s)
{
    put_u32(w, (uint32_t)strlen(s));
    put(w, s, strlen(s));
}

static inline void put_section(wbuf_t *w, uint8_t id, const wbuf_t *content)
{
    w->b[w->n++] = id;
    put_u32(w, (uint32_t)content->n);
    put(w, content->b, content->n);
}

static inline void put_header(wbuf_t *w)
{
    PUT(w, 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00);
}

enum { SAMPLE_MAX_ENDS = 32 };
typedef struct sample {
    wbuf_t w;
    size_t ends[SAMPLE_MAX_ENDS]; /* byte offsets where a section (or the header) ends */
    int end_ids[SAMPLE_MAX_ENDS]; /* id of that section, -1 for the header */
    int nends;
} sample_t;

static inline void sample_section(sample_t *s, uint8_t id, const wbuf_t *content)
{
    put_section(&s->w, id, content);
    s->ends[s->nends] = s->w.n;
    s->end_ids[s->nends++] = id;
}

/* Imports: func env.f (type 1), table env.t (funcref 1..), global env.g i32.
 * Defined: func 1 (type 0), func 2 (type 1), table 1 externref, memory 0,
 * globals 1 (mut i64) and 2 (funcref). */
static inline void sample_build(sample_t *s)
{
    memset(s, 0, sizeof *s);
    wbuf_t c;
    put_header(&s->w);
    s->ends[0] = s->w.n;
    s->end_ids[0] = -1;
    s->nends = 1;

    c.n = 0; /* custom section before everything */
    put_name(&c, "hello");
    PUT(&c, 1, 2, 3);
    sample_section(s, 0, &c);

    c.n = 0; /* types */
    PUT(&c, 3, 0x60, 0, 0, 0x60, 1, 0x7F, 1, 0x7F, 0x60, 2, 0x7F, 0x7E, 2, 0x7D, 0x7B);
    sample_section(s, 1, &c);

    c.n = 0; /* imports */
    put_u32(&c, 3);
    put_name(&c, "env"); put_name(&c, "f"); PUT(&c, 0x00, 1);
    put_name(&c, "env"); put_name(&c, "t"); PUT(&c, 0x01, 0x70, 0x00, 1);
    put_name(&c, "env"); put_name(&c, "g"); PUT(&c, 0x03, 0x7F, 0x00);
    sample_section(s, 2, &c);

    c.n = 0; /* functions */
    PUT(&c, 2, 0, 1);
    sample_section(s, 3, &c);

    c.n = 0; /* tables */
    PUT(&c, 1, 0x6F, 0x00, 0);
    sample_section(s, 4, &c);

    c.n = 0; /* memories */
    PUT(&c, 1, 0x01, 1, 1);
    sample_section(s, 5, &c);

    c.n = 0; /* globals */
    PUT(&c, 2, 0x7E, 0x01, 0x42, 0x7F, 0x0B, 0x70, 0x00, 0xD2, 0x01, 0x0B);
    sample_section(s, 6, &c);

    c.n = 0; /* exports */
    put_u32(&c, 2);
    put_name(&c, "main"); PUT(&c, 0x00, 2);
    put_name(&c, "mem"); PUT(&c, 0x02, 0);
    sample_section(s, 7, &c);

    c.n = 0; /* start */
    PUT(&c, 1);
    sample_section(s, 8, &c);

    c.n = 0; /* elements: all eight forms */
    PUT(&c, 8);
    PUT(&c, 0, 0x41, 0, 0x0B, 2, 1, 2);                   /* 0 active table 0, funcs */
    PUT(&c, 1, 0x00, 1, 2);                               /* 1 passive, elemkind, funcs */
    PUT(&c, 2, 0, 0x41, 1, 0x0B, 0x00, 1, 1);             /* 2 active table x, elemkind, funcs */
    PUT(&c, 3, 0x00, 1, 1);                               /* 3 declarative, funcs */
    PUT(&c, 4, 0x41, 2, 0x0B, 1, 0xD2, 2, 0x0B);          /* 4 active table 0, exprs */
    PUT(&c, 5, 0x6F, 1, 0xD0, 0x6F, 0x0B);                /* 5 passive, reftype, exprs */
    PUT(&c, 6, 1, 0x41, 0, 0x0B, 0x6F, 1, 0xD0, 0x6F, 0x0B); /* 6 active table x, exprs */
    PUT(&c, 7, 0x70, 2, 0xD2, 1, 0x0B, 0xD0, 0x70, 0x0B); /* 7 declarative, exprs */
    sample_section(s, 9, &c);

    c.n = 0; /* data count */
    PUT(&c, 2);
    sample_section(s, 12, &c);

    c.n = 0; /* code */
    wbuf_t f1 = {.n = 0}, f2 = {.n = 0};
    PUT(&f1, 2, 2, 0x7F, 1, 0x7C);                        /* locals: 2 i32, 1 f64 */
    PUT(&f1, 0x02, 0x40, 0x41, 0, 0x0D, 0, 0x0B);         /* block; i32.const 0; br_if 0; end */
    PUT(&f1, 0x41, 0, 0x04, 0x40, 0x01, 0x05, 0x01, 0x0B);/* if; nop; else; nop; end */
    PUT(&f1, 0x41, 0, 0x41, 0, 0x41, 1, 0xFC, 0x08, 0, 0x00); /* memory.init 0 */
    PUT(&f1, 0xFC, 0x09, 1);                              /* data.drop 1 */
    PUT(&f1, 0xFD, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 0x1A); /* v128.const; drop */
    PUT(&f1, 0x0B);
    PUT(&f2, 0);                                          /* no locals */
    PUT(&f2, 0x20, 0, 0x20, 0, 0x28, 2, 4, 0x6A, 0x0B);   /* local.get x2; i32.load; i32.add */
    PUT(&c, 2);
    put_u32(&c, (uint32_t)f1.n); put(&c, f1.b, f1.n);
    put_u32(&c, (uint32_t)f2.n); put(&c, f2.b, f2.n);
    sample_section(s, 10, &c);

    c.n = 0; /* data */
    PUT(&c, 2, 0, 0x41, 8, 0x0B, 2, 'h', 'i', 1, 3, 'x', 'y', 'z');
    sample_section(s, 11, &c);

    c.n = 0; /* name section */
    wbuf_t sub = {.n = 0};
    put_name(&c, "name");
    put_name(&sub, "sample");
    PUT(&c, 0); put_u32(&c, (uint32_t)sub.n); put(&c, sub.b, sub.n);
    sub.n = 0;
    PUT(&sub, 2, 1); put_name(&sub, "start"); PUT(&sub, 2); put_name(&sub, "add");
    PUT(&c, 1); put_u32(&c, (uint32_t)sub.n); put(&c, sub.b, sub.n);
    sample_section(s, 0, &c);
}

#endif
