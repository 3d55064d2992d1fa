/* wasm_builder.c — byte buffer with LEB128 and section helpers (see
 * wasm_builder.h). Encodings follow the spec's "Binary Format" chapter.
 */
#include "wasm_builder.h"

#include <stdlib.h>
#include <string.h>

static bool reserve(wbuf_t *b, size_t extra)
{
    if (b->oom)
        return false;
    if (b->len + extra <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra)
        cap *= 2;
    uint8_t *data = realloc(b->data, cap);
    if (!data) {
        b->oom = true;
        return false;
    }
    b->data = data;
    b->cap = cap;
    return true;
}

void wbuf_bytes(wbuf_t *b, const void *bytes, size_t len)
{
    if (len == 0 || !reserve(b, len))
        return;
    memcpy(b->data + b->len, bytes, len);
    b->len += len;
}

void wbuf_byte(wbuf_t *b, uint8_t byte)
{
    wbuf_bytes(b, &byte, 1);
}

void wbuf_uleb(wbuf_t *b, uint64_t value)
{
    do {
        uint8_t byte = value & 0x7F;
        value >>= 7;
        wbuf_byte(b, value ? byte | 0x80 : byte);
    } while (value);
}

void wbuf_sleb(wbuf_t *b, int64_t value)
{
    for (;;) {
        uint8_t byte = (uint8_t)(value & 0x7F);
        value >>= 7; /* arithmetic shift (GNU C) */
        bool done = (value == 0 && !(byte & 0x40)) || (value == -1 && (byte & 0x40));
        wbuf_byte(b, done ? byte : byte | 0x80);
        if (done)
            return;
    }
}

void wbuf_name(wbuf_t *b, const char *name)
{
    size_t len = strlen(name);
    wbuf_uleb(b, len);
    wbuf_bytes(b, name, len);
}

void wbuf_header(wbuf_t *b)
{
    static const uint8_t header[8] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    wbuf_bytes(b, header, sizeof header);
}

void wbuf_section(wbuf_t *module, uint8_t id, wbuf_t *content)
{
    if (content->oom)
        module->oom = true;
    wbuf_byte(module, id);
    wbuf_uleb(module, content->len);
    wbuf_bytes(module, content->data, content->len);
    wbuf_free(content);
}

void wbuf_free(wbuf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
