/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* vec.c — the wasm_X_vec_t functions of wasm.h: vectors of bytes and values
 * (elements by value) and of owned object pointers. A vector owns its
 * elements: copy copies them, delete deletes them. */
#include "capi.h"

#include <stdlib.h>
#include <string.h>

void *capi_alloc_zeroed(size_t size) {
    void *p = wasmcell_malloc(size ? size : 1);
    if (p) memset(p, 0, size);
    return p;
}

/* Storage for n elements; size 0 when it cannot be had (wasm.h has no way to
 * report failure, and an empty vector is safe to use and delete). */
static void *alloc_elems(size_t *size, size_t n, size_t elem_size) {
    if (n == 0 || n > SIZE_MAX / elem_size) {
        *size = 0;
        return NULL;
    }
    void *data = capi_alloc_zeroed(n * elem_size);
    *size = data ? n : 0;
    return data;
}

/* Vectors whose elements are plain data (bytes). */
#define CAPI_VEC_PLAIN(name)                                                              \
    void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out) {                          \
        out->size = 0;                                                                    \
        out->data = NULL;                                                                 \
    }                                                                                     \
    void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *out, size_t n) {        \
        out->data = alloc_elems(&out->size, n, sizeof(wasm_##name##_t));                  \
    }                                                                                     \
    void wasm_##name##_vec_new(wasm_##name##_vec_t *out, size_t n,                        \
                               const wasm_##name##_t data[]) {                            \
        wasm_##name##_vec_new_uninitialized(out, n);                                      \
        if (out->size) memcpy(out->data, data, n * sizeof(wasm_##name##_t));              \
    }                                                                                     \
    void wasm_##name##_vec_copy(wasm_##name##_vec_t *out, const wasm_##name##_vec_t *in) { \
        wasm_##name##_vec_new(out, in->size, in->data);                                   \
    }                                                                                     \
    void wasm_##name##_vec_delete(wasm_##name##_vec_t *vec) {                             \
        if (!vec) return;                                                                 \
        wasmcell_free(vec->data);                                                         \
        vec->size = 0;                                                                    \
        vec->data = NULL;                                                                 \
    }

CAPI_VEC_PLAIN(byte)

/* Values: their references are owned, so copy and delete go element-wise. */
void wasm_val_vec_new_empty(wasm_val_vec_t *out) {
    out->size = 0;
    out->data = NULL;
}
void wasm_val_vec_new_uninitialized(wasm_val_vec_t *out, size_t n) {
    out->data = alloc_elems(&out->size, n, sizeof(wasm_val_t));
}
void wasm_val_vec_new(wasm_val_vec_t *out, size_t n, const wasm_val_t data[]) {
    wasm_val_vec_new_uninitialized(out, n);
    if (out->size) memcpy(out->data, data, n * sizeof(wasm_val_t)); /* takes the refs */
}
void wasm_val_vec_copy(wasm_val_vec_t *out, const wasm_val_vec_t *in) {
    wasm_val_vec_new_uninitialized(out, in->size);
    for (size_t i = 0; i < out->size; i++) wasm_val_copy(&out->data[i], &in->data[i]);
}
void wasm_val_vec_delete(wasm_val_vec_t *vec) {
    if (!vec) return;
    for (size_t i = 0; i < vec->size; i++) wasm_val_delete(&vec->data[i]);
    wasmcell_free(vec->data);
    vec->size = 0;
    vec->data = NULL;
}

/* Vectors of owned pointers (NULL elements allowed). */
#define CAPI_VEC_OWNED(name)                                                              \
    void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out) {                          \
        out->size = 0;                                                                    \
        out->data = NULL;                                                                 \
    }                                                                                     \
    void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *out, size_t n) {        \
        out->data = alloc_elems(&out->size, n, sizeof(wasm_##name##_t *));                \
    }                                                                                     \
    void wasm_##name##_vec_new(wasm_##name##_vec_t *out, size_t n,                        \
                               wasm_##name##_t *const data[]) {                           \
        wasm_##name##_vec_new_uninitialized(out, n);                                      \
        if (out->size) memcpy(out->data, data, n * sizeof(wasm_##name##_t *));            \
    }                                                                                     \
    void wasm_##name##_vec_copy(wasm_##name##_vec_t *out, const wasm_##name##_vec_t *in) { \
        wasm_##name##_vec_new_uninitialized(out, in->size);                               \
        for (size_t i = 0; i < out->size; i++)                                            \
            out->data[i] = in->data[i] ? wasm_##name##_copy(in->data[i]) : NULL;          \
    }                                                                                     \
    void wasm_##name##_vec_delete(wasm_##name##_vec_t *vec) {                             \
        if (!vec) return;                                                                 \
        for (size_t i = 0; i < vec->size; i++) wasm_##name##_delete(vec->data[i]);        \
        wasmcell_free(vec->data);                                                         \
        vec->size = 0;                                                                    \
        vec->data = NULL;                                                                 \
    }

CAPI_VEC_OWNED(valtype)
CAPI_VEC_OWNED(functype)
CAPI_VEC_OWNED(globaltype)
CAPI_VEC_OWNED(tabletype)
CAPI_VEC_OWNED(memorytype)
CAPI_VEC_OWNED(externtype)
CAPI_VEC_OWNED(importtype)
CAPI_VEC_OWNED(exporttype)
CAPI_VEC_OWNED(frame)
CAPI_VEC_OWNED(extern)
