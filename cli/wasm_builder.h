/* wasm_builder.h — assembles tiny wasm binaries in memory (the spectest
 * module's globals/table/memory). A growable byte
 * buffer with LEB128 and section helpers; out of memory is sticky.
 */
#ifndef WASMCELL_CLI_WASM_BUILDER_H
#define WASMCELL_CLI_WASM_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct wbuf {
    uint8_t *data;
    size_t len, cap;
    bool oom; /* an allocation failed: the contents are incomplete */
} wbuf_t;

void wbuf_byte(wbuf_t *b, uint8_t byte);
void wbuf_bytes(wbuf_t *b, const void *bytes, size_t len);
void wbuf_uleb(wbuf_t *b, uint64_t value);
void wbuf_sleb(wbuf_t *b, int64_t value);
/* A name: its byte length (LEB128) then the bytes. */
void wbuf_name(wbuf_t *b, const char *name);
/* The module header: "\0asm" and version 1. */
void wbuf_header(wbuf_t *b);
/* Appends section `id` with `content` (its size prefixed) and frees content. */
void wbuf_section(wbuf_t *module, uint8_t id, wbuf_t *content);
void wbuf_free(wbuf_t *b);

#endif
