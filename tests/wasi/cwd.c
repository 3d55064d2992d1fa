/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* cwd: wasi-libc's emulated working directory over the preopens: getcwd,
 * chdir into a preopen subdirectory, relative paths and "..", and paths into
 * a second preopen, all resolved to the right host files. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

static void read_file(const char *path, const char *want) {
    char buf[64] = {0};
    int fd = open(path, O_RDONLY);
    CHECK(fd >= 0);
    CHECK(read(fd, buf, sizeof buf - 1) == (ssize_t)strlen(want));
    CHECK(strcmp(buf, want) == 0);
    close(fd);
}

int main(void) {
    char buf[256];
    CHECK(getcwd(buf, sizeof buf) && strcmp(buf, "/") == 0);
    CHECK(chdir("/work/sub") == 0);
    CHECK(getcwd(buf, sizeof buf) && strcmp(buf, "/work/sub") == 0);
    read_file("file.txt", "in sub\n");
    read_file("../top.txt", "top\n");
    read_file("./../sub/./file.txt", "in sub\n");
    read_file("/data/d.txt", "data\n");
    CHECK(mkdir("made", 0755) == 0);
    int fd = open("made/new.txt", O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0 && write(fd, "new\n", 4) == 4 && close(fd) == 0);
    CHECK(chdir("..") == 0);   /* wasi-libc keeps "/work/sub/.." unnormalized */
    CHECK(getcwd(buf, sizeof buf) && strncmp(buf, "/work", 5) == 0);
    read_file("sub/made/new.txt", "new\n");
    CHECK_ERR(chdir("top.txt"), ENOTDIR);
    CHECK_ERR(chdir("/nowhere"), ENOENT);
    printf("ok\n");
    return 0;
}
