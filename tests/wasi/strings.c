/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* strings: <string.h>, <ctype.h> and strto* functions with known answers. */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include "check.h"

int main(void) {
    char buf[64];
    CHECK(strlen("") == 0 && strlen("hello") == 5);
    CHECK(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && strcmp("x", "x") == 0);
    CHECK(strncmp("abcdef", "abcxyz", 3) == 0);
    CHECK(strcasecmp("HeLLo", "hello") == 0);
    strcpy(buf, "foo");
    strcat(buf, "bar");
    CHECK(strcmp(buf, "foobar") == 0);
    CHECK(strchr(buf, 'o') == buf + 1 && strrchr(buf, 'o') == buf + 2);
    CHECK(strchr(buf, 'z') == NULL && strchr(buf, '\0') == buf + 6);
    CHECK(strstr("the quick brown fox", "brown") != NULL);
    const char *hay = "aaaab";
    CHECK(strstr(hay, "aab") == hay + 2 && strstr(hay, "ba") == NULL);
    CHECK(strspn("123abc", "0123456789") == 3 && strcspn("abc;def", ";") == 3);

    /* memmove with overlap, both directions */
    char m[] = "0123456789";
    memmove(m + 2, m, 5);
    CHECK(memcmp(m, "0101234789", 10) == 0);
    memmove(m, m + 3, 5);
    CHECK(memcmp(m, "1234734789", 10) == 0);
    memset(buf, 'x', 10);
    buf[10] = 0;
    CHECK(strcmp(buf, "xxxxxxxxxx") == 0);

    /* a long memcpy/memcmp (bulk memory when enabled) */
    static unsigned char a[100000], b[100000];
    for (int i = 0; i < 100000; i++) a[i] = (unsigned char)(i * 13);
    memcpy(b, a, sizeof a);
    CHECK(memcmp(a, b, sizeof a) == 0);
    b[99999] ^= 1;
    CHECK(memcmp(a, b, sizeof a) < 0 || memcmp(a, b, sizeof a) > 0);

    /* strtok */
    char csv[] = "alpha,beta,,gamma";
    int n = 0;
    for (char *t = strtok(csv, ","); t; t = strtok(NULL, ",")) {
        printf("token %d: %s\n", n, t);
        n++;
    }
    CHECK(n == 3);

    /* number parsing */
    char *end;
    CHECK(strtol("  -1234xyz", &end, 10) == -1234 && strcmp(end, "xyz") == 0);
    CHECK(strtol("ff", NULL, 16) == 255 && strtol("0x1F", NULL, 0) == 31 && strtol("077", NULL, 0) == 63);
    CHECK(strtoul("4294967295", NULL, 10) == 4294967295ul);
    CHECK(strtoll("-9223372036854775808", NULL, 10) == INT64_MIN);
    errno = 0;
    strtol("99999999999999999999", NULL, 10);
    CHECK(errno == ERANGE);
    CHECK(atoi("42") == 42);
    CHECK(strtod("2.5e3", NULL) == 2500.0 && strtod("-0.125", NULL) == -0.125);
    CHECK(strtof("0.1", NULL) == 0.1f);

    /* ctype */
    strcpy(buf, "Hello, World 123!");
    for (char *p = buf; *p; p++) *p = (char)toupper((unsigned char)*p);
    printf("%s\n", buf);
    int digits = 0, alpha = 0, space = 0;
    for (char *p = buf; *p; p++) {
        digits += isdigit((unsigned char)*p) != 0;
        alpha += isalpha((unsigned char)*p) != 0;
        space += isspace((unsigned char)*p) != 0;
    }
    printf("digits=%d alpha=%d space=%d\n", digits, alpha, space);

    char *dup = strdup("duplicate");
    CHECK(dup && strcmp(dup, "duplicate") == 0);
    free(dup);
    CHECK(strcmp(strerror(ENOENT), "No such file or directory") == 0);
    printf("ok\n");
    return 0;
}
