/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* utf8.c — checks that a byte string is well-formed UTF-8 (names in wasm). */
#include "utf8.h"

/* Length of the sequence led by `b`, or 0 when `b` cannot lead one
 * (continuation bytes, C0/C1 overlong leads, F5..FF). */
static unsigned seq_len(uint8_t b)
{
    if (b < 0x80) return 1;
    if (b < 0xC2) return 0;
    if (b < 0xE0) return 2;
    if (b < 0xF0) return 3;
    if (b < 0xF5) return 4;
    return 0;
}

bool base_utf8_valid(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t b = s[i];
        unsigned n = seq_len(b);
        if (n == 0 || n > len - i) return false;
        for (unsigned k = 1; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80) return false;
        /* The second byte's range excludes overlong forms, surrogates and
         * code points above U+10FFFF. */
        if (n == 3) {
            if (b == 0xE0 && s[i + 1] < 0xA0) return false;
            if (b == 0xED && s[i + 1] > 0x9F) return false;
        } else if (n == 4) {
            if (b == 0xF0 && s[i + 1] < 0x90) return false;
            if (b == 0xF4 && s[i + 1] > 0x8F) return false;
        }
        i += n;
    }
    return true;
}
