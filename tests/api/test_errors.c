/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_errors.c — error objects: statuses, trap kinds, exit codes, names. */
#include "harness.h"

static void errors_trap_new_is_host_trap(void)
{
    wasmcell_error_t *e = wasmcell_trap_new("boom");
    CHECK(wasmcell_error_status(e) == WASMCELL_ERR_TRAP);
    CHECK(wasmcell_error_trap_kind(e) == WASMCELL_TRAP_HOST);
    CHECK(strcmp(wasmcell_error_message(e), "boom") == 0);
    CHECK(strcmp(wasmcell_error_backtrace(e), "") == 0);
    CHECK(wasmcell_error_exit_code(e) == 0);
    wasmcell_error_delete(e);
}

static void errors_exit_new_carries_code(void)
{
    wasmcell_error_t *e = wasmcell_exit_new(42);
    CHECK(wasmcell_error_status(e) == WASMCELL_ERR_EXIT);
    CHECK(wasmcell_error_exit_code(e) == 42);
    CHECK(strcmp(wasmcell_error_message(e), "exit with code 42") == 0);
    CHECK(wasmcell_error_trap_kind(e) == WASMCELL_TRAP_NONE);
    wasmcell_error_delete(e);
    e = wasmcell_exit_new(-1);
    CHECK(wasmcell_error_exit_code(e) == -1);
    wasmcell_error_delete(e);
}

static void errors_error_new_any_status(void)
{
    wasmcell_error_t *e = wasmcell_error_new(WASMCELL_ERR_IO, "disk on fire");
    CHECK(wasmcell_error_status(e) == WASMCELL_ERR_IO);
    CHECK(strcmp(wasmcell_error_message(e), "disk on fire") == 0);
    wasmcell_error_delete(e);
}

static void errors_null_accessors_are_safe(void)
{
    CHECK(wasmcell_error_status(NULL) == WASMCELL_OK);
    CHECK(strcmp(wasmcell_error_message(NULL), "") == 0);
    CHECK(strcmp(wasmcell_error_backtrace(NULL), "") == 0);
    CHECK(wasmcell_error_trap_kind(NULL) == WASMCELL_TRAP_NONE);
    CHECK(wasmcell_error_exit_code(NULL) == 0);
    wasmcell_error_delete(NULL);
}

static void errors_status_names_distinct(void)
{
    CHECK(strcmp(wasmcell_status_name(WASMCELL_OK), "ok") == 0);
    for (int a = WASMCELL_OK; a <= WASMCELL_ERR_IO; a++)
        for (int b = a + 1; b <= WASMCELL_ERR_IO; b++)
            CHECK(strcmp(wasmcell_status_name((wasmcell_status_t)a),
                         wasmcell_status_name((wasmcell_status_t)b)) != 0);
    CHECK(strcmp(wasmcell_status_name((wasmcell_status_t)999), "unknown status") == 0);
}

int main(int argc, char **argv)
{
    static const harness_test_t tests[] = {
        TEST(errors_trap_new_is_host_trap),
        TEST(errors_exit_new_carries_code),
        TEST(errors_error_new_any_status),
        TEST(errors_null_accessors_are_safe),
        TEST(errors_status_names_distinct),
    };
    return harness_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
