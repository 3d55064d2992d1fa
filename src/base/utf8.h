/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* utf8.h — UTF-8 well-formedness (Unicode 3.9, as WebAssembly names require). */
#ifndef BASE_UTF8_H
#define BASE_UTF8_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* true when s[0..len) is well-formed UTF-8: shortest form, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF. NUL bytes are allowed. */
bool base_utf8_valid(const uint8_t *s, size_t len);

#endif
