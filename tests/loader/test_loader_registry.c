/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* test_loader_registry.c — the process-wide image registry: many images
 * (more than one chunk of slots), lookups after frees, the user pointer,
 * native_image_is_code from a signal handler while other threads load and
 * free images. Usage: test_loader_registry FIXTURE.o */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/time.h>
#include "loader_util.h"
#include "native/loader.h"

static uint8_t *obj;
static size_t obj_size;

static void *resolve(void *user, const char *name)
{
    (void)user;
    if (strcmp(name, "memcpy") == 0) return (void *)memcpy;
    if (strcmp(name, "memset") == 0) return (void *)memset;
    return (void *)abort;   /* never called here */
}

static native_image_t *load(void)
{
    char err[256];
    native_image_t *img = native_image_load(obj, obj_size, resolve, NULL, err, sizeof err);
    CHECK_MSG(img != NULL, "%s", err);
    return img;
}

static uintptr_t fn(native_image_t *img) { return (uintptr_t)native_image_symbol(img, "fx_ack"); }

enum { MANY = 300 };

static void test_registry_many_images(void)
{
    static native_image_t *imgs[MANY];
    for (int i = 0; i < MANY; i++)
        imgs[i] = load();
    for (int i = 0; i < MANY; i++) {
        uintptr_t f = fn(imgs[i]);
        CHECK(native_image_find(f) == imgs[i] && native_image_is_code(f));
        CHECK_STR(native_image_func_at(native_image_find(f + 3), f + 3, NULL, NULL), "fx_ack");
    }
    uintptr_t freed[MANY];
    for (int i = 0; i < MANY; i += 2) {
        freed[i] = fn(imgs[i]);
        native_image_free(imgs[i]);
    }
    for (int i = 0; i < MANY; i++) {
        if (i % 2 == 0) {
            /* the address may belong to a later image, never the freed one */
            CHECK(native_image_find(freed[i]) == NULL || native_image_find(freed[i]) != imgs[i]);
            continue;
        }
        CHECK(native_image_find(fn(imgs[i])) == imgs[i]);
    }
    for (int i = 1; i < MANY; i += 2)
        native_image_free(imgs[i]);
    for (int i = 0; i < MANY; i += 2)
        CHECK(!native_image_is_code(freed[i]) && native_image_find(freed[i]) == NULL);
}

static void test_registry_outside_addresses(void)
{
    native_image_t *img = load();
    CHECK(native_image_find((uintptr_t)&obj) == NULL);
    CHECK(!native_image_is_code((uintptr_t)test_registry_outside_addresses));
    CHECK(!native_image_is_code(0) && native_image_find(0) == NULL);
    CHECK(!native_image_is_code(UINTPTR_MAX) && native_image_find(UINTPTR_MAX) == NULL);
    CHECK(!native_image_is_code((uintptr_t)native_image_symbol(img, "zeroes")));
    native_image_free(img);
}

static void test_registry_user_pointer(void)
{
    native_image_t *img = load();
    int tag;
    CHECK(native_image_user(img) == NULL);
    native_image_set_user(img, &tag);
    CHECK(native_image_user(native_image_find(fn(img))) == &tag);
    native_image_free(img);
}

/* A signal handler asks about a live image's code and data while two
 * threads load and free images (and so rewrite registry slots). */
static uintptr_t live_code, live_data;
static volatile sig_atomic_t handled, wrong;
static atomic_int stop;

static void on_alarm(int sig)
{
    (void)sig;
    if (!native_image_is_code(live_code) || native_image_is_code(live_data))
        wrong = 1;
    handled++;
}

static void *churn(void *arg)
{
    (void)arg;
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &block, NULL);   /* the main thread takes the signals */
    while (!atomic_load(&stop)) {
        native_image_t *img = load();
        CHECK(native_image_find(fn(img)) == img);
        native_image_free(img);
    }
    return NULL;
}

static void test_registry_is_code_from_signal_handler(void)
{
    native_image_t *img = load();
    live_code = fn(img);
    live_data = (uintptr_t)native_image_symbol(img, "counter");
    struct sigaction sa = {0};
    sa.sa_handler = on_alarm;
    CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, churn, NULL) == 0);
    struct itimerval it = {{0, 200}, {0, 200}};
    CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
    for (int i = 0; i < 300; i++) {
        native_image_t *mine = load();   /* the main thread writes slots too */
        native_image_free(mine);
    }
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    atomic_store(&stop, 1);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    signal(SIGALRM, SIG_DFL);
    CHECK(!wrong);
    printf("  %d signals handled\n", (int)handled);
    native_image_free(img);
}

int main(int argc, char **argv)
{
    CHECK_MSG(argc == 2, "usage: test_loader_registry FIXTURE.o");
    obj = read_file(argv[1], &obj_size);
    RUN(test_registry_many_images);
    RUN(test_registry_outside_addresses);
    RUN(test_registry_user_pointer);
    RUN(test_registry_is_code_from_signal_handler);
    free(obj);
    return 0;
}
