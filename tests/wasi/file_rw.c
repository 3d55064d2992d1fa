/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* file_rw: create, write, read back, lseek/tell, fstat, pread/pwrite,
 * ftruncate, O_APPEND, O_EXCL, stat, stdio on files, in the preopen
 * /sandbox (a fresh host temp dir). The host checks the files afterwards. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

int main(void) {
    char buf[128];
    /* a file the host made before the run */
    int fd = open("/sandbox/host.txt", O_RDONLY);
    CHECK(fd >= 0);
    ssize_t n = read(fd, buf, sizeof buf);
    CHECK(n == 10 && memcmp(buf, "from host\n", 10) == 0);
    CHECK(read(fd, buf, sizeof buf) == 0);
    CHECK(close(fd) == 0);
    CHECK_ERR(close(fd), EBADF);
    printf("read host file\n");

    fd = open("/sandbox/a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    for (int i = 0; i < 100; i++) CHECK(write(fd, "hello world\n", 12) == 12);
    CHECK(lseek(fd, 0, SEEK_CUR) == 1200);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 1200 && S_ISREG(st.st_mode));
    CHECK_ERR(read(fd, buf, 1), EBADF);   /* opened write-only */
    CHECK(close(fd) == 0);

    fd = open("/sandbox/a.txt", O_RDWR);
    CHECK(fd >= 0);
    CHECK(lseek(fd, 6, SEEK_SET) == 6);
    CHECK(read(fd, buf, 5) == 5 && memcmp(buf, "world", 5) == 0);
    CHECK(lseek(fd, 0, SEEK_CUR) == 11);
    CHECK(lseek(fd, 13, SEEK_CUR) == 24);
    CHECK(lseek(fd, -12, SEEK_END) == 1188);
    CHECK(read(fd, buf, 100) == 12 && memcmp(buf, "hello world\n", 12) == 0);
    CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
    CHECK(pwrite(fd, "HELLO", 5, 12) == 5);
    CHECK(pread(fd, buf, 11, 12) == 11 && memcmp(buf, "HELLO world", 11) == 0);
    CHECK(lseek(fd, 0, SEEK_CUR) == 1200);   /* pread/pwrite leave the offset */
    CHECK(ftruncate(fd, 5) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 5);
    CHECK(ftruncate(fd, 100) == 0);
    CHECK(pread(fd, buf, 100, 0) == 100 && memcmp(buf, "hello", 5) == 0);
    for (int i = 5; i < 100; i++) CHECK(buf[i] == 0);
    CHECK(fsync(fd) == 0 && fdatasync(fd) == 0);
    CHECK(close(fd) == 0);
    printf("seek/tell/truncate ok\n");

    /* a write past the end leaves a hole of zeros */
    fd = open("/sandbox/hole.bin", O_CREAT | O_RDWR, 0644);
    CHECK(fd >= 0);
    CHECK(lseek(fd, 4096, SEEK_SET) == 4096 && write(fd, "X", 1) == 1);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 4097);
    CHECK(pread(fd, buf, 4, 4094) == 3 && buf[0] == 0 && buf[1] == 0 && buf[2] == 'X');
    CHECK(close(fd) == 0);

    /* O_APPEND writes always go to the end */
    fd = open("/sandbox/log.txt", O_CREAT | O_WRONLY | O_APPEND, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "one\n", 4) == 4);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(write(fd, "two\n", 4) == 4);
    CHECK(close(fd) == 0);
    fd = open("/sandbox/log.txt", O_RDONLY);
    CHECK(read(fd, buf, sizeof buf) == 8 && memcmp(buf, "one\ntwo\n", 8) == 0);
    CHECK(close(fd) == 0);
    printf("append ok\n");

    CHECK_ERR(open("/sandbox/log.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    CHECK_ERR(open("/sandbox/missing.txt", O_RDONLY), ENOENT);
    CHECK_ERR(open("/sandbox/a.txt/x", O_RDONLY), ENOTDIR);
    CHECK_ERR(open("/sandbox", O_WRONLY), EISDIR);

    /* stat by path and timestamps */
    CHECK(stat("/sandbox/a.txt", &st) == 0 && st.st_size == 100 && st.st_nlink == 1);
    CHECK(st.st_mtim.tv_sec > 1600000000);
    printf("stat ok\n");

    /* stdio on a file */
    FILE *f = fopen("/sandbox/kept.txt", "w");
    CHECK(f);
    fprintf(f, "written by guest %d\n", 42);
    CHECK(fclose(f) == 0);
    f = fopen("/sandbox/kept.txt", "r");
    CHECK(f && fgets(buf, sizeof buf, f) && strcmp(buf, "written by guest 42\n") == 0);
    CHECK(fgets(buf, sizeof buf, f) == NULL && feof(f));
    fclose(f);
    printf("stdio ok\n");
    return 0;
}
