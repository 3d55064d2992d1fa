/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_text_fault.c — allocation failure in the text layer: converting a
 * module (both ways) and parsing a script, once per allocation point N
 * with the Nth allocation failing. Each run must return OK or
 * WASMCELL_ERR_NOMEM (never a wrong verdict, never a crash) and leak
 * nothing; the run without a failure must succeed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasmcell_text.h"

static long alloc_count, fail_at, outstanding;

static void *t_malloc(size_t size, void *user)
{
    (void)user;
    if (alloc_count++ == fail_at)
        return NULL;
    void *p = malloc(size ? size : 1);
    outstanding += p != NULL;
    return p;
}

static void *t_realloc(void *ptr, size_t size, void *user)
{
    (void)user;
    if (alloc_count++ == fail_at)
        return NULL;
    void *p = realloc(ptr, size ? size : 1);
    outstanding += p && !ptr;
    return p;
}

static void t_free(void *ptr, void *user)
{
    (void)user;
    outstanding -= ptr != NULL;
    free(ptr);
}

static const char wat[] =
    "(module $m (type $t (func (param i32) (result i32)))\n"
    "  (import \"env\" \"f\" (func $imp (param i32)))\n"
    "  (memory (data \"abc\")) (table funcref (elem $a $b))\n"
    "  (global $g (mut i32) (i32.const 7))\n"
    "  (func $a (export \"a\") (type $t) (local $x i64)\n"
    "    (block $l (result i32) (br_if $l (local.get 0) (i32.const 1)) (drop) (i32.const 2)))\n"
    "  (func $b (param $p f32) (result f64) (f64.promote_f32 (local.get $p)))\n"
    "  (func $c (call_indirect (type $t) (i32.const 0) (i32.const 0)) drop)\n"
    "  (data (i32.const 1) \"x\\00y\") (elem declare func $a))";

static const char wast[] =
    "(module $M (func (export \"f\") (param i32) (result i32) (local.get 0)))\n"
    "(register \"m\" $M)\n"
    "(assert_return (invoke $M \"f\" (i32.const 3)) (i32.const 3))\n"
    "(assert_return (invoke \"g\" (v128.const i32x4 1 2 3 4)) (either (f32.const nan:canonical) (ref.null)))\n"
    "(assert_malformed (module quote \"(func (i32.const 0x1_0000_0000))\") \"constant out of range\")\n"
    "(module binary \"\\00asm\" \"\\01\\00\\00\\00\")\n";

/* One session; 1 when everything worked, 0 on NOMEM, -1 on a wrong answer. */
static int session(void)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    char *text = NULL;
    int result = 1;
    wasmcell_status_t st = wasmcell_wat_to_wasm(wat, strlen(wat), &bytes, &size, NULL);
    if (st == WASMCELL_OK) {
        st = wasmcell_wasm_to_wat(bytes, size, &text, NULL);
        if (st != WASMCELL_OK)
            result = st == WASMCELL_ERR_NOMEM ? 0 : -1;
    } else {
        result = st == WASMCELL_ERR_NOMEM ? 0 : -1;
    }
    wasmcell_string_delete(text);
    wasmcell_bytes_delete(bytes);
    wasmcell_wast_t *script = NULL;
    st = wasmcell_wast_parse(wast, strlen(wast), &script, NULL);
    if (st == WASMCELL_OK && wasmcell_wast_count(script) != 6)
        result = -1;
    else if (st != WASMCELL_OK && result == 1)
        result = st == WASMCELL_ERR_NOMEM ? 0 : -1;
    wasmcell_wast_delete(script);
    return result;
}

int main(void)
{
    wasmcell_allocator_t a = {t_malloc, t_realloc, t_free, NULL};
    wasmcell_set_allocator(&a);
    int failures = 0;
    long n;
    for (n = 0;; n++) {
        alloc_count = 0;
        fail_at = n;
        outstanding = 0;
        int r = session();
        if (outstanding != 0) {
            fprintf(stderr, "failing allocation %ld: %ld allocations leaked\n", n, outstanding);
            failures++;
        }
        if (r < 0) {
            fprintf(stderr, "failing allocation %ld: a wrong answer instead of NOMEM\n", n);
            failures++;
        }
        if (alloc_count <= n) { /* nothing failed: the full run */
            if (r != 1) {
                fprintf(stderr, "the run without failures did not succeed\n");
                failures++;
            }
            break;
        }
    }
    wasmcell_set_allocator(NULL);
    printf("%ld allocation points, %d failures\n", n, failures);
    return failures != 0;
}
