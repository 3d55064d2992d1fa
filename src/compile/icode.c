/* icode.c — names, formats and meanings of the internal opcodes, for the
 * compiler and the disassembler. */
#include "icode.h"

const icode_info_t icode_info[IC_COUNT_] = {
#define IC(name, fmt, meaning) [IC_##name] = {#name, FMT_##fmt, meaning},
#include "icode.def"
#undef IC
};
