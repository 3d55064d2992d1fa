/* main's return value is the exit code start() returns (node: exitcode). */
int main(void) { return 120; }
