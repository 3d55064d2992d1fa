/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* opinfo.c — bin_opinfo[], the opcode table generated from opcodes.def. */
#include "instr.h"

const bin_opinfo_t bin_opinfo[OP_COUNT_] = {
#define OP(name, prefix, code, text, imm, sig, feature) {text, prefix, code, imm, sig, feature},
#include "opcodes.def"
#undef OP
};
