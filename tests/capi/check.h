/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* check.h — what the wasm.h example tests share: CHECK (print and fail the
 * program on a false condition) and loading NAME.wasm from the working
 * directory, as the upstream examples do. Only wasm.h and libc. */
#ifndef CAPI_CHECK_H
#define CAPI_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wasm.h>

#define CHECK(cond)                                                                          \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);         \
            exit(1);                                                                         \
        }                                                                                    \
    } while (0)

/* The bytes of `path` in an owned vector; exits when it cannot be read. */
static inline void load_file(const char *path, wasm_byte_vec_t *out) {
    FILE *file = fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    fseek(file, 0L, SEEK_END);
    long size = ftell(file);
    fseek(file, 0L, SEEK_SET);
    CHECK(size > 0);
    wasm_byte_vec_new_uninitialized(out, (size_t)size);
    CHECK(fread(out->data, (size_t)size, 1, file) == 1);
    fclose(file);
}

/* Compile NAME.wasm; exits on failure. */
static inline wasm_module_t *load_module(wasm_store_t *store, const char *path) {
    wasm_byte_vec_t binary;
    load_file(path, &binary);
    CHECK(wasm_module_validate(store, &binary));
    wasm_module_t *module = wasm_module_new(store, &binary);
    wasm_byte_vec_delete(&binary);
    CHECK(module != NULL);
    return module;
}

/* The message of an owned trap, which is deleted; the copy is static. */
static inline const char *trap_text(wasm_trap_t *trap) {
    static char text[512];
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    CHECK(message.size > 0 && message.data[message.size - 1] == '\0');
    snprintf(text, sizeof text, "%s", message.data);
    wasm_name_delete(&message);
    wasm_trap_delete(trap);
    return text;
}

#endif
