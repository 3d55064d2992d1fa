/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* file_dirs: mkdir, readdir listing (names and types), rename of files and
 * directories, unlink, rmdir, and their errors, in the preopen /sandbox. */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints the sorted entries of `path` with a type letter. */
static void list(const char *path) {
    DIR *d = opendir(path);
    CHECK(d);
    char *names[64];
    int n = 0, dots = 0;

    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) { dots++; continue; }
        CHECK(n < 64);
        char type = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : e->d_type == DT_LNK ? 'l' : '?';
        names[n] = malloc(strlen(e->d_name) + 3);
        CHECK(names[n]);
        sprintf(names[n], "%s:%c", e->d_name, type);
        n++;
    }
    CHECK(closedir(d) == 0);
    CHECK(dots == 2);
    qsort(names, (size_t)n, sizeof names[0], cmp_str);
    printf("%s:", path);
    for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\n");
}

static void touch(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    CHECK(close(fd) == 0);
}

int main(void) {
    list("/sandbox");
    CHECK(mkdir("/sandbox/d", 0755) == 0);
    CHECK_ERR(mkdir("/sandbox/d", 0755), EEXIST);
    CHECK_ERR(mkdir("/sandbox/nope/x", 0755), ENOENT);
    touch("/sandbox/d/c", "c");
    touch("/sandbox/d/a", "a");
    touch("/sandbox/d/b", "b");
    CHECK(mkdir("/sandbox/d/sub", 0755) == 0);
    list("/sandbox/d");

    /* many entries: readdir needs several fd_readdir calls */
    CHECK(mkdir("/sandbox/many", 0755) == 0);
    char path[64];
    for (int i = 0; i < 300; i++) {
        snprintf(path, sizeof path, "/sandbox/many/entry-with-a-longish-name-%03d", i);
        touch(path, "");
    }
    DIR *dir = opendir("/sandbox/many");
    CHECK(dir);
    int count = 0;
    unsigned seen[10] = {0};
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        int k;
        if (sscanf(e->d_name, "entry-with-a-longish-name-%d", &k) == 1) {
            CHECK(k >= 0 && k < 300 && !(seen[k / 32] & (1u << (k % 32))));
            seen[k / 32] |= 1u << (k % 32);
            count++;
        }
    }
    closedir(dir);
    printf("many: %d entries\n", count);
    CHECK(count == 300);

    /* rename: file, over an existing file, directory, errors */
    CHECK(rename("/sandbox/d/a", "/sandbox/d/z") == 0);
    CHECK(rename("/sandbox/d/b", "/sandbox/d/c") == 0);   /* replaces c */
    int fd = open("/sandbox/d/c", O_RDONLY);
    char ch = 0;
    CHECK(fd >= 0 && read(fd, &ch, 1) == 1 && ch == 'b');
    close(fd);
    CHECK_ERR(rename("/sandbox/d/missing", "/sandbox/d/x"), ENOENT);
    CHECK(rename("/sandbox/d/sub", "/sandbox/moved") == 0);
    list("/sandbox/d");

    /* unlink and rmdir */
    CHECK_ERR(rmdir("/sandbox/d"), ENOTEMPTY);
    CHECK_ERR(rmdir("/sandbox/d/z"), ENOTDIR);
    CHECK(unlink("/sandbox/d/z") == 0);
    CHECK_ERR(unlink("/sandbox/d/z"), ENOENT);
    CHECK(unlink("/sandbox/d/c") == 0);
    CHECK(rmdir("/sandbox/d") == 0);
    CHECK_ERR(opendir("/sandbox/d") == NULL ? -1 : 0, ENOENT);
    for (int i = 0; i < 300; i++) {
        snprintf(path, sizeof path, "/sandbox/many/entry-with-a-longish-name-%03d", i);
        CHECK(unlink(path) == 0);
    }
    CHECK(rmdir("/sandbox/many") == 0);
    CHECK(mkdir("/sandbox/moved/deeper", 0755) == 0);
    touch("/sandbox/moved/deeper/file", "deep");
    list("/sandbox");
    struct stat st;
    CHECK(stat("/sandbox/moved/deeper", &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(stat("/sandbox/moved/deeper/file", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 4);
    return 0;
}
