/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_sha256.c — SHA-256 against the FIPS 180-4 / NIST example vectors,
 * the padding boundaries, and streaming in pieces. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "native/artifact.h"

static void hex(const uint8_t d[32], char out[65]) {
    for (int i = 0; i < 32; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

static void check_digest(const void *data, size_t size, const char *expect) {
    uint8_t d[32];
    char h[65];
    native_sha256(data, size, d);
    hex(d, h);
    CHECK_STR(h, expect);
}

static void test_sha256_empty(void) {
    check_digest("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check_digest(NULL, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_sha256_abc(void) {
    check_digest("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_sha256_448_bits(void) {
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    check_digest(m, strlen(m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_sha256_896_bits(void) {
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                    "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    CHECK(strlen(m) == 112);
    check_digest(m, strlen(m), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_sha256_million_a(void) {
    size_t n = 1000000;
    char *m = malloc(n);
    CHECK(m);
    memset(m, 'a', n);
    check_digest(m, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* the same through the streaming interface, in odd pieces */
    native_sha256_t ctx;
    native_sha256_init(&ctx);
    for (size_t off = 0; off < n;) {
        size_t piece = off % 7 == 0 ? 1 : 997;
        if (piece > n - off)
            piece = n - off;
        native_sha256_update(&ctx, m + off, piece);
        off += piece;
    }
    uint8_t d[32];
    char h[65];
    native_sha256_final(&ctx, d);
    hex(d, h);
    CHECK_STR(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(m);
}

/* Lengths around the padding boundary (55: padding fits the block; 56: it
 * needs a second block) and the block size. Expected values from Python's
 * hashlib over bytes i*7 mod 256. */
static void test_sha256_padding_boundaries(void) {
    static const struct {
        size_t len;
        const char *digest;
    } cases[] = {
        {55, "576a1bf8d4478657e6dc4af9398544765c2a92cde28478b019235cfed315fc09"},
        {56, "9b20501dfd1d99161c257950f3444f3e49230c351c5c8e0943ef369f85f5205d"},
        {57, "a5534a9d0694341dfde5b1bb3d8addcb38bd46f44a629dc97b3f8fb2721b0720"},
        {63, "30b345906b493f06f69444b6521113511c242f30e29840462950035043682f1e"},
        {64, "d8bc63b4fc1156e5e7d95a418b9bf54cd3174bedbc2db40f74895349b229b3c0"},
        {65, "1ee23b0fbcaecc1aff4a9e8f1645f35ab2c8e13609cd73b68df8b5e3f63ce073"},
        {119, "7a6589821178918ca8d9edaba5abfc1e9b2669564f4469b66885379c1530b2c8"},
        {120, "655250427d56b1b0eeb8497d21428704273458a01772d6881b65c0abac0f8a98"},
    };
    uint8_t m[128];
    for (size_t i = 0; i < sizeof m; i++)
        m[i] = (uint8_t)(i * 7);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_digest(m, cases[i].len, cases[i].digest);
}

/* Every split of a 150-byte message into two updates gives the one-shot digest. */
static void test_sha256_streaming_splits(void) {
    uint8_t m[150], whole[32];
    for (size_t i = 0; i < sizeof m; i++)
        m[i] = (uint8_t)(i * 31 + 5);
    native_sha256(m, sizeof m, whole);
    for (size_t split = 0; split <= sizeof m; split++) {
        native_sha256_t ctx;
        uint8_t d[32];
        native_sha256_init(&ctx);
        native_sha256_update(&ctx, m, split);
        native_sha256_update(&ctx, m + split, sizeof m - split);
        native_sha256_final(&ctx, d);
        CHECK_MSG(memcmp(d, whole, 32) == 0, "split at %zu", split);
    }
}

int main(void) {
    RUN(test_sha256_empty);
    RUN(test_sha256_abc);
    RUN(test_sha256_448_bits);
    RUN(test_sha256_896_bits);
    RUN(test_sha256_million_a);
    RUN(test_sha256_padding_boundaries);
    RUN(test_sha256_streaming_splits);
    return 0;
}
