/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* WASI calls keep working after memory.grow replaced the ArrayBuffer
 * (node: fd_prestat_get_refresh). */
#include <unistd.h>
#include "check.h"

int main(void)
{
    int before = isatty(1);
    CHECK(__builtin_wasm_memory_grow(0, 1) != (size_t)-1);
    CHECK(isatty(1) == before);
    return 0;
}
