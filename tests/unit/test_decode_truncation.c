/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_decode_truncation.c — every prefix of a complete module fails
 * cleanly (an end, length or size error), except the prefixes that end on a
 * section boundary, whose outcome is known; and every allocation failure
 * during decoding is reported as out of memory without leaking. */
#include <stdint.h>
#include "binary/module.h"
#include "check.h"
#include "sample_module.h"
#include "wasmcell.h"

/* The outcome of decoding a prefix that ends right after section `id`. */
static const char *boundary_outcome(int id)
{
    switch (id) {
    case -1: case 0: case 1: case 2: return "ok";   /* header, custom, type, import */
    case 10: return "data count and data section have inconsistent lengths"; /* code */
    case 11: return "ok";                             /* data: the name section is optional */
    default: return "function and code section have inconsistent lengths";
    }
}

static void test_decode_every_prefix(void)
{
    sample_t s;
    sample_build(&s);
    int boundaries = 0;
    for (size_t len = 0; len <= s.w.n; len++) {
        const char *expect = NULL;
        for (int k = 0; k < s.nends; k++)
            if (s.ends[k] == len) expect = boundary_outcome(s.end_ids[k]);
        bin_module_t *m = NULL;
        base_diag_t d = {0};
        bool ok = bin_decode(s.w.b, len, &m, &d);
        if (expect) {
            boundaries++;
            CHECK_MSG(ok == !strcmp(expect, "ok"), "prefix %zu: %s", len, d.message);
            if (!ok) CHECK_MSG(!strcmp(d.reason, expect), "prefix %zu: %s", len, d.message);
        } else {
            CHECK_MSG(!ok && m == NULL, "prefix %zu decoded", len);
            CHECK(d.status == WASMCELL_ERR_MALFORMED);
            CHECK_MSG(!strcmp(d.reason, "unexpected end of section or function") ||
                      !strcmp(d.reason, "length out of bounds") ||
                      !strcmp(d.reason, "section size mismatch"),
                      "prefix %zu: %s", len, d.message);
            CHECK_MSG(d.offset <= len, "prefix %zu: offset %zu", len, d.offset);
        }
        bin_module_free(m);
    }
    CHECK(boundaries == s.nends);
}

/* Sections cut short inside, with their declared sizes kept: the reader
 * must stop at the end of the module, not at the declared size. */
static void test_decode_truncated_inside_sections(void)
{
    sample_t s;
    sample_build(&s);
    for (int k = 1; k < s.nends; k++) {
        for (size_t len = s.ends[k - 1] + 1; len < s.ends[k]; len++) {
            bin_module_t *m = NULL;
            base_diag_t d = {0};
            CHECK(!bin_decode(s.w.b, len, &m, &d));
            CHECK_MSG(strstr(d.message, "section ") != NULL,
                      "prefix %zu: no section in \"%s\"", len, d.message);
        }
    }
}

static size_t live, nth_to_fail, calls;
static void *count_malloc(size_t size, void *user)
{
    (void)user;
    if (++calls == nth_to_fail) return NULL;
    live++;
    return malloc(size);
}
static void *count_realloc(void *p, size_t size, void *user)
{
    (void)user;
    if (++calls == nth_to_fail) return NULL;
    if (!p) live++;
    return realloc(p, size);
}
static void count_free(void *p, void *user)
{
    (void)user;
    if (p) live--;
    free(p);
}

static void test_decode_every_allocation_failure(void)
{
    sample_t s;
    sample_build(&s);
    wasmcell_allocator_t a = {count_malloc, count_realloc, count_free, NULL};
    wasmcell_set_allocator(&a);
    nth_to_fail = 0;
    calls = 0;
    bin_module_t *m = NULL;
    base_diag_t d = {0};
    CHECK(bin_decode(s.w.b, s.w.n, &m, &d));
    bin_module_free(m);
    CHECK(live == 0);
    size_t total = calls;
    CHECK(total > 10);
    for (size_t n = 1; n <= total; n++) {
        nth_to_fail = n;
        calls = 0;
        memset(&d, 0, sizeof d);
        m = NULL;
        bool ok = bin_decode(s.w.b, s.w.n, &m, &d);
        /* The name section is optional: losing it to out of memory is not an error. */
        if (ok) {
            CHECK_MSG(m->module_name == NULL && m->func_names == NULL && m->ndatas == 2,
                      "allocation %zu failed but the module decoded with names", n);
            bin_module_free(m);
        } else {
            CHECK_MSG(d.status == WASMCELL_ERR_NOMEM, "allocation %zu: %s", n, d.message);
            CHECK_STR(d.reason, "out of memory");
        }
        CHECK_MSG(live == 0, "allocation %zu: %zu blocks leaked", n, live);
    }
    wasmcell_set_allocator(NULL);
}

int main(void)
{
    RUN(test_decode_every_prefix);
    RUN(test_decode_truncated_inside_sections);
    RUN(test_decode_every_allocation_failure);
    return 0;
}
