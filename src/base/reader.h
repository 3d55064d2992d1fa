/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* reader.h — a bounded byte reader with strict LEB128; never reads past `end`. */
#ifndef BASE_READER_H
#define BASE_READER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum base_rd_status {
    RD_OK = 0,
    RD_EOF,       /* "unexpected end" */
    RD_TOO_LONG,  /* "integer representation too long" (more bytes than ceil(N/7)) */
    RD_TOO_LARGE, /* "integer too large" (unused bits of the last byte not zero/sign) */
} base_rd_status_t;

typedef struct base_reader {
    const uint8_t *start; /* offsets are reported relative to start */
    const uint8_t *pos;
    const uint8_t *end;
} base_reader_t;

void base_reader_init(base_reader_t *r, const uint8_t *bytes, size_t size);
static inline size_t base_reader_offset(const base_reader_t *r) { return (size_t)(r->pos - r->start); }
static inline size_t base_reader_left(const base_reader_t *r) { return (size_t)(r->end - r->pos); }
static inline bool base_reader_done(const base_reader_t *r) { return r->pos >= r->end; }

base_rd_status_t base_read_u8(base_reader_t *r, uint8_t *out);
base_rd_status_t base_read_u32(base_reader_t *r, uint32_t *out); /* LEB128 unsigned, <= 5 bytes */
base_rd_status_t base_read_u64(base_reader_t *r, uint64_t *out); /* LEB128 unsigned, <= 10 bytes */
base_rd_status_t base_read_s32(base_reader_t *r, int32_t *out);  /* LEB128 signed */
base_rd_status_t base_read_s33(base_reader_t *r, int64_t *out);  /* block types */
base_rd_status_t base_read_s64(base_reader_t *r, int64_t *out);
base_rd_status_t base_read_f32(base_reader_t *r, uint32_t *bits); /* little endian raw bits */
base_rd_status_t base_read_f64(base_reader_t *r, uint64_t *bits);
/* n raw bytes: *out points into the input. */
base_rd_status_t base_read_bytes(base_reader_t *r, size_t n, const uint8_t **out);
const char *base_rd_status_message(base_rd_status_t s);

#endif
