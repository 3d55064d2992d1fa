/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* bigfile: an 8 MiB file written with writev (several iovecs per call) and
 * read back with readv and preadv in odd-sized pieces; checksums match. */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "check.h"

static uint8_t byte_at(uint32_t i) { return (uint8_t)((i * 2654435761u) >> 13); }

int main(void) {
    enum { SIZE = 8 << 20 };
    static uint8_t data[SIZE], back[SIZE];
    for (uint32_t i = 0; i < SIZE; i++) data[i] = byte_at(i);
    int fd = open("/sandbox/big.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    size_t off = 0;
    while (off < SIZE) {
        size_t a = 1000, b = 70000, c = 333;
        if (off + a + b + c > SIZE) { a = SIZE - off; b = c = 0; }
        struct iovec iov[3] = {{data + off, a}, {data + off + a, b}, {data + off + a + b, c}};
        ssize_t n = writev(fd, iov, 3);
        CHECK(n > 0);
        off += (size_t)n;
    }
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == SIZE);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    off = 0;
    while (off < SIZE) {
        size_t a = 4097, b = 12345;
        if (off + a + b > SIZE) { a = SIZE - off; b = 0; }
        struct iovec iov[2] = {{back + off, a}, {back + off + a, b}};
        ssize_t n = readv(fd, iov, 2);
        CHECK(n > 0);
        off += (size_t)n;
    }
    CHECK(memcmp(data, back, SIZE) == 0);
    memset(back, 0, SIZE);
    struct iovec piov[2] = {{back, 100}, {back + 100, 900}};
    CHECK(preadv(fd, piov, 2, 5000000) == 1000);
    CHECK(memcmp(back, data + 5000000, 1000) == 0);
    CHECK(lseek(fd, 0, SEEK_CUR) == SIZE);
    uint32_t sum = 0;
    for (uint32_t i = 0; i < SIZE; i++) sum = sum * 31u + data[i];
    printf("size=%d sum=%u\n", SIZE, sum);
    CHECK(close(fd) == 0);
    return 0;
}
