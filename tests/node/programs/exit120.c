/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* main's return value is the exit code start() returns (node: exitcode). */
int main(void) { return 120; }
