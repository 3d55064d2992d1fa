/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* dot_preopen: a preopen named "." serves relative paths (the layout
 * `wasmtime --dir .` gives); opening "../x" relative to it fails cleanly. */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "check.h"

int main(void) {
    char buf[64] = {0};
    int fd = open("hello.txt", O_RDONLY);
    CHECK(fd >= 0 && read(fd, buf, sizeof buf) == 6 && memcmp(buf, "hello\n", 6) == 0);
    close(fd);
    fd = open("out.txt", O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0 && write(fd, "out\n", 4) == 4 && close(fd) == 0);
    errno = 0;
    CHECK(open("../secret.txt", O_RDONLY) == -1 && errno != 0);
    DIR *d = opendir(".");
    CHECK(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) n += e->d_name[0] != '.';
    closedir(d);
    printf("entries=%d\n", n);
    return 0;
}
