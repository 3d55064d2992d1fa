/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* vec.c — growable arrays (doubling, overflow checked). */
#include "vec.h"
#include <string.h>
#include "alloc.h"

void base_vec_init(base_vec_t *v, size_t elem_size)
{
    v->data = NULL;
    v->len = v->cap = 0;
    v->elem_size = elem_size;
}

void base_vec_fini(base_vec_t *v)
{
    base_free(v->data);
    v->data = NULL;
    v->len = v->cap = 0;
}

bool base_vec_reserve(base_vec_t *v, size_t extra)
{
    if (v->len + extra <= v->cap) return true;
    if (extra > ((size_t)-1 >> 2) / v->elem_size - v->len) return false;
    size_t cap = v->cap ? v->cap : 8;
    while (cap < v->len + extra) cap *= 2;
    void *p = base_realloc(v->data, cap * v->elem_size);
    if (!p) return false;
    v->data = p;
    v->cap = cap;
    return true;
}

void *base_vec_push(base_vec_t *v, const void *elem)
{
    if (!base_vec_reserve(v, 1)) return NULL;
    void *slot = (char *)v->data + v->len * v->elem_size;
    if (elem) memcpy(slot, elem, v->elem_size);
    else memset(slot, 0, v->elem_size);
    v->len++;
    return slot;
}
