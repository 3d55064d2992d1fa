/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* icode.c — names, formats and meanings of the internal opcodes, for the
 * compiler and the disassembler. */
#include "icode.h"

const icode_info_t icode_info[IC_COUNT_] = {
#define IC(name, fmt, meaning) [IC_##name] = {#name, FMT_##fmt, meaning},
#include "icode.def"
#undef IC
};

uintptr_t icode_handler_base(const void *const *handlers)
{
    uintptr_t base = (uintptr_t)handlers[0];
    for (int i = 1; i < IC_COUNT_; i++)
        if ((uintptr_t)handlers[i] < base) base = (uintptr_t)handlers[i];
    return base;
}

bool icode_handler_codes(const void *const *handlers, uint16_t codes[IC_COUNT_])
{
    uintptr_t base = ICODE_HANDLER_OFFSETS ? icode_handler_base(handlers) : 0;
    for (int i = 0; i < IC_COUNT_; i++) {
        uintptr_t code = ICODE_HANDLER_OFFSETS ? (uintptr_t)handlers[i] - base : (uintptr_t)i;
        if (code > 0xFFFF) return false;
        codes[i] = (uint16_t)code;
    }
    return true;
}

icode_op_t icode_checked_twin(icode_op_t op)
{
    switch (op) {
#define TWIN(name, fmt, meaning) case IC_##name: return IC_##name##_C;
    IC_MEMORY_ACCESS(TWIN)
    IC_SIMD_MEMORY_ACCESS(TWIN)
#undef TWIN
    default: return op;
    }
}

icode_op_t icode_guarded_twin(icode_op_t op)
{
    switch (op) {
#define TWIN(name, fmt, meaning) case IC_##name##_C: return IC_##name;
    IC_MEMORY_ACCESS(TWIN)
    IC_SIMD_MEMORY_ACCESS(TWIN)
#undef TWIN
    default: return op;
    }
}
