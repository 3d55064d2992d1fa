/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_text_module.c — text modules to binary: exact bytes for small
 * modules (abbreviations, implicit types, names), the engine accepting
 * what we encode, and malformed text rejected with line:column. */
#include <stdint.h>

#include "check.h"
#include "base/alloc.h"
#include "text/text.h"
#include "wasmcell.h"

static txt_result_t res;

static bool encode(const char *wat)
{
    base_free(res.bytes);
    txt_wat_to_wasm(wat, strlen(wat), &res);
    return res.status == 0;
}

/* The bytes after the 8-byte header equal `want`. */
static void bytes_are(const char *wat, const uint8_t *want, size_t n)
{
    CHECK_MSG(encode(wat), "%s: %s", wat, res.message);
    CHECK_MSG(res.size == 8 + n && (n == 0 || memcmp(res.bytes + 8, want, n) == 0), "%s: %zu bytes", wat,
              res.size);
}

static void fails_with(const char *wat, const char *where, const char *what)
{
    CHECK_MSG(!encode(wat), "%s: accepted", wat);
    CHECK_MSG(strncmp(res.message, where, strlen(where)) == 0 && strstr(res.message, what),
              "%s: \"%s\"", wat, res.message);
}

static bool engine_accepts(const char *wat)
{
    CHECK_MSG(encode(wat), "%s: %s", wat, res.message);
    wasmcell_engine_t *e = wasmcell_engine_new(NULL);
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = wasmcell_module_validate(e, res.bytes, res.size, &error);
    if (st != WASMCELL_OK)
        fprintf(stderr, "%s: %s\n", wat, wasmcell_error_message(error));
    wasmcell_error_delete(error);
    wasmcell_engine_delete(e);
    return st == WASMCELL_OK;
}

static void test_empty_module(void)
{
    bytes_are("(module)", NULL, 0);
    bytes_are("", NULL, 0);
    CHECK(encode("(module) ;; trailing comment") && res.size == 8);
    CHECK(memcmp(res.bytes, "\0asm\1\0\0\0", 8) == 0);
}

static void test_func_and_implicit_type(void)
{
    static const uint8_t want[] = {
        1, 6, 1, 0x60, 1, 0x7F, 1, 0x7F,       /* type: (i32) -> i32 */
        3, 2, 1, 0,                            /* func: type 0 */
        7, 5, 1, 1, 'f', 0, 0,                 /* export "f" func 0 */
        10, 9, 1, 7, 0, 0x20, 0, 0x41, 1, 0x6A, 0x0B, /* local.get 0 i32.const 1 i32.add */
    };
    bytes_are("(func (export \"f\") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))",
              want, sizeof want);
    /* flat form, same bytes */
    bytes_are("(func (export \"f\") (param i32) (result i32) local.get 0 i32.const 1 i32.add)", want,
              sizeof want);
}

static void test_typeuse_reuses_explicit_type(void)
{
    CHECK(encode("(func (param i32)) (type (func (param i32)))"));
    CHECK(res.bytes[8] == 1 && res.bytes[10] == 1); /* one type only */
    fails_with("(type $t (func (param i32))) (func (type $t) (param i64))", "1:", "inline function type");
}

static void test_names_section(void)
{
    CHECK(encode("(module $m (func $fn (param $x i32) (local $y i64)))"));
    const char *needle = "name";
    CHECK(memmem(res.bytes, res.size, needle, 4) != NULL);
    CHECK(memmem(res.bytes, res.size, "fn", 2) != NULL);
    CHECK(memmem(res.bytes, res.size, "\1x\1\1y", 5) != NULL); /* local 0 "x", local 1 "y" */
}

static void test_engine_accepts_abbreviations(void)
{
    CHECK(engine_accepts("(memory (data \"hello\")) (table funcref (elem $f $f)) (func $f)"));
    CHECK(engine_accepts("(import \"a\" \"b\" (func $i (param i32))) (func $g (call $i (i32.const 1)))"));
    CHECK(engine_accepts("(global $g (mut i32) (i32.const 0)) (func (global.set $g (i32.const 2)))"));
    CHECK(engine_accepts("(func (result i32) (block $b (result i32) (br $b (i32.const 1))))"));
    CHECK(engine_accepts("(func (param i32) (if (local.get 0) (then nop) (else nop)))"));
    CHECK(engine_accepts("(func (local $a i32) (local.set $a (i32.const 1)) block $l br $l end $l)"));
    CHECK(engine_accepts("(memory 1) (func (drop (i32.load offset=4 align=2 (i32.const 0))))"));
    CHECK(engine_accepts("(func (drop (v128.const f32x4 1 nan -inf 0x1p3)))"));
    CHECK(engine_accepts("(table 2 funcref) (elem (table 0) (i32.const 0) func 0) (func)"));
    CHECK(engine_accepts("(elem declare func 0) (func (drop (ref.func 0)))"));
    CHECK(engine_accepts("(data \"x\") (memory 1) (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 1)))"));
    CHECK(engine_accepts("(func (result i32) (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))"));
    CHECK(engine_accepts("(func $\"quoted name\" (call $\"quoted name\"))"));
}

/* 3.0 proposals: the engine may refuse them, the bytes must be right. */
static void test_proposal_encodings(void)
{
    static const uint8_t tail_call[] = {1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0,
                                        10, 6, 1, 4, 0, 0x12, 0, 0x0B};
    bytes_are("(func (return_call 0))", tail_call, sizeof tail_call);
    static const uint8_t tag[] = {1, 5, 1, 0x60, 1, 0x7F, 0, 13, 3, 1, 0, 0};
    bytes_are("(tag (param i32))", tag, sizeof tag);
    static const uint8_t strct[] = {1, 7, 1, 0x5F, 2, 0x7F, 1, 0x78, 0};
    bytes_are("(type $s (struct (field $x (mut i32)) (field i8)))", strct, sizeof strct);
    static const uint8_t rec[] = {1, 14, 1, 0x4E, 2, 0x50, 0, 0x60, 0, 0, 0x4F, 1, 0, 0x60, 0, 0};
    bytes_are("(rec (type $a (sub (func))) (type $b (sub final $a (func))))", rec, sizeof rec);
    static const uint8_t try_table[] = {1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 13, 1, 11, 0, 2, 0x40,
                                        0x1F, 0x40, 1, 2, 0, 0x0B, 0x0B, 0x0B};
    bytes_are("(func (block $l (try_table (catch_all $l))))", try_table, sizeof try_table);
    static const uint8_t mem64[] = {5, 3, 1, 4, 1};
    bytes_are("(memory i64 1)", mem64, sizeof mem64);
    static const uint8_t typed_ref[] = {1, 9, 2, 0x60, 0, 0, 0x60, 1, 0x63, 0, 0,
                                        3, 2, 1, 1, 10, 4, 1, 2, 0, 0x0B};
    bytes_are("(type (func)) (func (param (ref null 0)))", typed_ref, sizeof typed_ref);
}

static void test_malformed_text(void)
{
    fails_with("(func (i32.const 0x100000000) drop)", "1:18:", "out of range");
    fails_with("(func\n  (nop)\n  (foo))", "3:4:", "unknown operator");
    fails_with("(func (br $nope))", "1:11:", "unknown label");
    fails_with("(func $f) (func $f)", "1:17:", "duplicate function");
    fails_with("(func) (import \"a\" \"b\" (func))", "1:9:", "import after");
    fails_with("(start 0) (start 0) (func)", "1:12:", "multiple start");
    fails_with("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))", "1:", "power of two");
    fails_with("(func block $a end $b)", "1:20:", "mismatching label");
    fails_with("(func (result i32) (i32.const 0) (local i32))", "1:", "unknown operator");
    fails_with("(func (local $x i32) (local $x i32))", "1:", "duplicate local");
    fails_with("(module) (module)", "1:10:", "unexpected token");
}

int main(void)
{
    RUN(test_empty_module);
    RUN(test_func_and_implicit_type);
    RUN(test_typeuse_reuses_explicit_type);
    RUN(test_names_section);
    RUN(test_engine_accepts_abbreviations);
    RUN(test_proposal_encodings);
    RUN(test_malformed_text);
    base_free(res.bytes);
    return 0;
}
