/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* qsort: sorting ints, strings and structs with comparators called through
 * function pointers (call_indirect), then bsearch. */
#include <stdint.h>
#include <string.h>
#include "check.h"

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_int_desc(const void *a, const void *b) { return cmp_int(b, a); }
static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}
struct person { char name[12]; int age; };
static int cmp_person(const void *a, const void *b) {
    const struct person *p = a, *q = b;
    if (p->age != q->age) return p->age - q->age;
    return strcmp(p->name, q->name);
}

int main(void) {
    enum { N = 100000 };
    static int v[N];
    uint32_t s = 1;
    for (int i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        v[i] = (int)(s >> 1) - (1 << 30);
    }
    qsort(v, N, sizeof v[0], cmp_int);
    for (int i = 1; i < N; i++) CHECK(v[i - 1] <= v[i]);
    printf("ints: min=%d median=%d max=%d\n", v[0], v[N / 2], v[N - 1]);
    int key = v[777];
    int *found = bsearch(&key, v, N, sizeof v[0], cmp_int);
    CHECK(found && *found == key);
    key = v[0] - 1;
    CHECK(bsearch(&key, v, N, sizeof v[0], cmp_int) == NULL);
    qsort(v, N, sizeof v[0], cmp_int_desc);
    for (int i = 1; i < N; i++) CHECK(v[i - 1] >= v[i]);

    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "apple", "date"};
    enum { W = sizeof words / sizeof words[0] };
    qsort(words, W, sizeof words[0], cmp_str);
    for (int i = 0; i < W; i++) printf("%s%c", words[i], i + 1 < W ? ' ' : '\n');

    struct person people[] = {{"carol", 35}, {"alice", 30}, {"bob", 30}, {"dave", 25}};
    qsort(people, 4, sizeof people[0], cmp_person);
    for (int i = 0; i < 4; i++) printf("%s:%d ", people[i].name, people[i].age);
    printf("\n");
    return 0;
}
