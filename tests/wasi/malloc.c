/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* malloc: many allocations and frees, realloc growth, a linked list and a
 * chained hash table; memory.grow happens underneath. Prints checksums. */
#include <stdint.h>
#include <string.h>
#include "check.h"

static uint32_t rng = 12345;
static uint32_t next_rand(void) {
    rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5;
    return rng;
}

struct node { struct node *next; uint32_t value; char pad[20]; };

struct entry { struct entry *next; char *key; uint32_t value; };
#define BUCKETS 1024
static struct entry *table[BUCKETS];

static uint32_t hash(const char *s) {
    uint32_t h = 2166136261u;
    while (*s) h = (h ^ (uint8_t)*s++) * 16777619u;
    return h;
}

static void put(const char *key, uint32_t value) {
    uint32_t b = hash(key) % BUCKETS;
    for (struct entry *e = table[b]; e; e = e->next)
        if (strcmp(e->key, key) == 0) { e->value = value; return; }
    struct entry *e = malloc(sizeof *e);
    CHECK(e);
    e->key = strdup(key);
    CHECK(e->key);
    e->value = value;
    e->next = table[b];
    table[b] = e;
}

static int get(const char *key, uint32_t *value) {
    for (struct entry *e = table[hash(key) % BUCKETS]; e; e = e->next)
        if (strcmp(e->key, key) == 0) { *value = e->value; return 1; }
    return 0;
}

int main(void) {
    /* 1. Linked list of 100000 nodes, summed and freed. */
    struct node *head = NULL;
    for (uint32_t i = 0; i < 100000; i++) {
        struct node *n = malloc(sizeof *n);
        CHECK(n);
        n->value = i * 7u;
        n->next = head;
        head = n;
    }
    uint64_t sum = 0;
    uint32_t count = 0;
    while (head) {
        struct node *n = head;
        head = n->next;
        sum += n->value;
        count++;
        free(n);
    }
    printf("list: count=%u sum=%llu\n", count, (unsigned long long)sum);

    /* 2. Random-size allocations with interleaved frees; contents verified. */
    enum { SLOTS = 4096 };
    static unsigned char *slot[SLOTS];
    static uint32_t size[SLOTS];
    uint32_t checksum = 0;
    for (int round = 0; round < 50000; round++) {
        uint32_t k = next_rand() % SLOTS;
        if (slot[k]) {
            for (uint32_t j = 0; j < size[k]; j++)
                CHECK(slot[k][j] == (unsigned char)(k + j));
            checksum = checksum * 31u + size[k];
            free(slot[k]);
            slot[k] = NULL;
        } else {
            size[k] = next_rand() % 2048 + 1;
            slot[k] = malloc(size[k]);
            CHECK(slot[k]);
            for (uint32_t j = 0; j < size[k]; j++)
                slot[k][j] = (unsigned char)(k + j);
        }
    }
    for (int k = 0; k < SLOTS; k++) free(slot[k]);
    printf("random: checksum=%u\n", checksum);

    /* 3. realloc growth keeps the prefix. */
    uint32_t *grow = NULL;
    for (uint32_t n = 1; n <= 1u << 20; n *= 2) {
        grow = realloc(grow, n * sizeof *grow);
        CHECK(grow);
        for (uint32_t j = n / 2; j < n; j++) grow[j] = j ^ 0x5a5a5a5au;
        for (uint32_t j = 0; j < n; j += 97) CHECK(grow[j] == (j ^ 0x5a5a5a5au));
    }
    printf("realloc: last=%u\n", grow[(1u << 20) - 1]);
    free(grow);

    /* 4. A big block (16 MiB) forces memory.grow. */
    unsigned char *big = calloc(16u << 20, 1);
    CHECK(big);
    CHECK(big[0] == 0 && big[(16u << 20) - 1] == 0);
    memset(big, 0xab, 16u << 20);
    CHECK(big[12345678] == 0xab);
    free(big);
    printf("calloc 16MiB ok\n");

    /* 5. Hash table with 20000 keys, updates and lookups. */
    char key[32];
    for (uint32_t i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "key-%u", i);
        put(key, i);
    }
    for (uint32_t i = 0; i < 20000; i += 2) {
        snprintf(key, sizeof key, "key-%u", i);
        put(key, i * 3u);
    }
    uint64_t hsum = 0;
    for (uint32_t i = 0; i < 20000; i++) {
        uint32_t v;
        snprintf(key, sizeof key, "key-%u", i);
        CHECK(get(key, &v));
        CHECK(v == (i % 2 ? i : i * 3u));
        hsum += v;
    }
    uint32_t v;
    CHECK(!get("missing", &v));
    int longest = 0;
    for (int b = 0; b < BUCKETS; b++) {
        int len = 0;
        for (struct entry *e = table[b]; e; e = e->next) len++;
        if (len > longest) longest = len;
    }
    printf("hash: sum=%llu longest_chain=%d\n", (unsigned long long)hsum, longest);
    return 0;
}
