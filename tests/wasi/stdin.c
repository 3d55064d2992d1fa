/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* stdin: reads all of fd 0 (a pipe) until EOF; counts bytes, lines and words
 * and echoes each line reversed. A read after EOF returns 0 again. */
#include <string.h>
#include <unistd.h>
#include "check.h"

int main(void) {
    static char data[1 << 16];
    size_t len = 0;
    for (;;) {
        ssize_t n = read(0, data + len, 7);   /* small reads: many fd_read calls */
        CHECK(n >= 0);
        if (n == 0) break;
        len += (size_t)n;
        CHECK(len < sizeof data - 8);
    }
    CHECK(read(0, data + len, 1) == 0);
    int lines = 0, words = 0, in_word = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = data[i];
        if (ch == '\n') lines++;
        int space = ch == ' ' || ch == '\n' || ch == '\t';
        if (!space && !in_word) words++;
        in_word = !space;
    }
    printf("bytes=%zu lines=%d words=%d\n", len, lines, words);
    char *save = NULL;
    data[len] = 0;
    for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t n = strlen(line);
        for (size_t i = 0; i < n / 2; i++) { char t = line[i]; line[i] = line[n - 1 - i]; line[n - 1 - i] = t; }
        printf("<%s>\n", line);
    }
    return 0;
}
