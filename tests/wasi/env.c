/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* env: exactly the --env variables are visible, in order; none of the host's. */
#include <string.h>
#include "check.h"

extern char **environ;

int main(void) {
    int n = 0;
    for (char **e = environ; *e; e++, n++)
        printf("environ[%d]=[%s]\n", n, *e);
    printf("count=%d\n", n);
    const char *foo = getenv("FOO");
    CHECK(foo && strcmp(foo, "bar baz") == 0);
    const char *empty = getenv("EMPTY");
    CHECK(empty && empty[0] == '\0');
    const char *eq = getenv("WITH_EQ");
    CHECK(eq && strcmp(eq, "a=b=c") == 0);
    CHECK(getenv("PATH") == NULL);   /* host environment is not inherited */
    CHECK(getenv("HOME") == NULL);
    CHECK(getenv("NOPE") == NULL);
    CHECK(setenv("NEW", "1", 1) == 0 && strcmp(getenv("NEW"), "1") == 0);
    printf("ok\n");
    return 0;
}
