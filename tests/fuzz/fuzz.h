/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* fuzz.h — the libFuzzer entry point, shared by the fuzz targets and by
 * replay.c, the driver that runs a corpus without libFuzzer. */
#ifndef WASMCELL_FUZZ_H
#define WASMCELL_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
