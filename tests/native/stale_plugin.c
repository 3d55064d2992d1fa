/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* stale_plugin.c — stands in for an LLVM plugin left over from a build
 * with another struct layout: its layout fingerprint cannot match, and its
 * compile entry must never be called (it would fail the test). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((visibility("default"))) uint32_t wasmcell_llvm_layout(void);
uint32_t wasmcell_llvm_layout(void)
{
    return 0x57a1e000u;
}

__attribute__((visibility("default"))) bool wasmcell_llvm_compile_v3(void);
bool wasmcell_llvm_compile_v3(void)
{
    fprintf(stderr, "stale plugin: compile entry called\n");
    abort();
}
