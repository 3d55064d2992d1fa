/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* vec.h — a growable array of fixed-size elements. */
#ifndef BASE_VEC_H
#define BASE_VEC_H
#include <stdbool.h>
#include <stddef.h>

typedef struct base_vec {
    void *data;
    size_t len, cap, elem_size;
} base_vec_t;

void base_vec_init(base_vec_t *v, size_t elem_size);
void base_vec_fini(base_vec_t *v);
/* Ensures room for `extra` more elements; false on out of memory. */
bool base_vec_reserve(base_vec_t *v, size_t extra);
/* Appends one element (copied from elem); NULL on out of memory, else its address. */
void *base_vec_push(base_vec_t *v, const void *elem);
#define BASE_VEC_AT(v, type, i) (((type *)(v)->data)[i])

#endif
