/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* hashmap: string keys in an open-addressing hash map (FNV-1a, linear probing) —
 * snprintf, strlen, memcmp/strcmp, hashing, cache misses. */
#include "bench.h"
#include <string.h>

struct entry { char *key; uint32_t hash; int count; };

static struct entry *table;
static size_t cap, used;

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static struct entry *slot(const char *key, uint32_t h)
{
    size_t i = h & (cap - 1);
    while (table[i].key && (table[i].hash != h || strcmp(table[i].key, key) != 0))
        i = (i + 1) & (cap - 1);
    return &table[i];
}

static void grow(void)
{
    struct entry *old = table;
    size_t oldcap = cap;
    cap = cap ? cap * 2 : 1024;
    table = calloc(cap, sizeof *table);
    if (!table)
        exit(2);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key)
            *slot(old[i].key, old[i].hash) = old[i];
    free(old);
}

static void add(const char *key)
{
    if ((used + 1) * 4 > cap * 3)
        grow();
    uint32_t h = fnv1a(key);
    struct entry *e = slot(key, h);
    if (!e->key) {
        size_t n = strlen(key);
        e->key = malloc(n + 1);
        if (!e->key)
            exit(2);
        memcpy(e->key, key, n + 1);
        e->hash = h;
        used++;
    }
    e->count++;
}

static int lookup(const char *key)
{
    if (!cap)
        return 0;
    struct entry *e = slot(key, fnv1a(key));
    return e->key ? e->count : 0;
}

int main(int argc, char **argv)
{
    long distinct = bench_arg(argc, argv, 200000);
    const int times = 4;
    char key[64];
    /* each distinct key i is inserted `times` times, in a scrambled order */
    long total = distinct * times;
    for (long k = 0; k < total; k++) {
        long j = (long)(((int64_t)k * 7919) % distinct);   /* 7919 is prime; permutes 0..distinct-1 per round */
        snprintf(key, sizeof key, "key-%ld-%s", j, (j & 1) ? "odd" : "even-number");
        add(key);
    }
    long hits = 0, misses = 0, sum = 0;
    for (long i = 0; i < distinct; i++) {
        snprintf(key, sizeof key, "key-%ld-%s", i, (i & 1) ? "odd" : "even-number");
        int c = lookup(key);
        if (c)
            hits++;
        sum += c;
        snprintf(key, sizeof key, "nokey-%ld", i);
        if (lookup(key))
            misses++;
    }
    int ok = (long)used == distinct && hits == distinct && misses == 0 && sum == total;
    for (size_t i = 0; i < cap; i++)
        if (table[i].key) {
            ok &= table[i].count == times;
            free(table[i].key);
        }
    free(table);
    printf("%zu distinct keys, %ld lookups hit, %ld total count\n", used, hits, sum);
    return bench_check(ok, "hash map counts are wrong");
}
