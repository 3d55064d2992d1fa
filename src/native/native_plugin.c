/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* native_plugin.c — finds and loads the LLVM plugin (libwasmcell-llvm.so)
 * on the first compile. The runtime never links libLLVM: a run that only
 * interprets, or only runs precompiled artifacts, starts as fast and as
 * small as a build without LLVM. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../base/alloc.h"
#include "native.h"

#ifndef WASMCELL_PLUGIN_DIR
#define WASMCELL_PLUGIN_DIR "/usr/local/lib/wasmcell"
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static native_plugin_compile_fn plugin_compile;
static char plugin_error[512];

static void *host_malloc(size_t n) { return base_malloc(n); }
static void *host_realloc(void *p, size_t n) { return base_realloc(p, n); }
static void host_free(void *p) { base_free(p); }
static const native_plugin_host_t host = {host_malloc, host_realloc, host_free};

static void *try_open(const char *dir, const char *file)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path) return NULL;
    return dlopen(path, RTLD_NOW | RTLD_LOCAL);
}

/* The last `max` characters of a path, for messages of bounded size. */
static const char *shorten(const char *path, size_t max)
{
    size_t n = strlen(path);
    return n > max ? path + (n - max) : path;
}

/* The plugin beside the file holding this code (libwasmcell.so, or the
 * executable it is linked into), then the install directory. */
static void load(void)
{
    void *h = NULL;
    const char *env = getenv("WASMCELL_LLVM_PLUGIN");
    if (env && *env) {
        h = dlopen(env, RTLD_NOW | RTLD_LOCAL);
        if (!h) snprintf(plugin_error, sizeof plugin_error, "%s", dlerror());
    } else {
        Dl_info info;
        char dir[4096] = "";
        if (dladdr((void *)&load, &info) && info.dli_fname) {
            snprintf(dir, sizeof dir, "%s", info.dli_fname);
            char *slash = strrchr(dir, '/');
            if (slash) *slash = 0;
            else snprintf(dir, sizeof dir, ".");
        }
        if (dir[0] && !h) h = try_open(dir, NATIVE_PLUGIN_FILE);
        if (!h) h = try_open(WASMCELL_PLUGIN_DIR, NATIVE_PLUGIN_FILE);
#ifdef WASMCELL_BUILD_PLUGIN_DIR
        /* programs linked against an uninstalled build (its own tests) */
        if (!h) h = try_open(WASMCELL_BUILD_PLUGIN_DIR, NATIVE_PLUGIN_FILE);
#endif
        if (!h)
            snprintf(plugin_error, sizeof plugin_error,
                     "the LLVM plugin %s was not found (beside %s or in %s; "
                     "WASMCELL_LLVM_PLUGIN names another)", NATIVE_PLUGIN_FILE,
                     dir[0] ? shorten(dir, 200) : "the runtime", WASMCELL_PLUGIN_DIR);
    }
    if (!h) return;
    uint32_t (*layout)(void) = (uint32_t (*)(void))dlsym(h, NATIVE_PLUGIN_LAYOUT);
    if (!layout || layout() != native_layout_fingerprint()) {
        /* built against other struct offsets: its code would read the
         * wrong fields */
        snprintf(plugin_error, sizeof plugin_error,
                 "%s was built for another wasmcell runtime (struct layout %08x, this one %08x): "
                 "rebuild or reinstall it", NATIVE_PLUGIN_FILE, layout ? layout() : 0u,
                 native_layout_fingerprint());
        return;
    }
    plugin_compile = (native_plugin_compile_fn)dlsym(h, NATIVE_PLUGIN_ENTRY);
    if (plugin_compile && getenv("WASMCELL_NATIVE_DEBUG")) fprintf(stderr, "wasmcell: LLVM plugin loaded\n");
    if (!plugin_compile)
        snprintf(plugin_error, sizeof plugin_error, "%s has no %s: another wasmcell's plugin?",
                 NATIVE_PLUGIN_FILE, NATIVE_PLUGIN_ENTRY);
}

bool native_llvm_available(void)
{
    pthread_once(&once, load);
    return plugin_compile != NULL;
}

bool native_llvm_compile(const bin_module_t *bin, const uint8_t *select, uint32_t opt_level,
                         bool generic_cpu, uint32_t flags, native_compiled_t *out,
                         wasmcell_error_t **error)
{
    memset(out, 0, sizeof *out);
    if (!native_llvm_available()) {
        if (error)
            *error = rt_error_new(WASMCELL_ERR_UNSUPPORTED,
                                  "this wasmcell cannot compile to native code (built without "
                                  "LLVM, or its plugin is missing): %s", plugin_error);
        return false;
    }
    char err[512] = "";
    if (plugin_compile(&host, bin, select, opt_level, generic_cpu, flags, out, err, sizeof err))
        return true;
    native_compiled_free(out);
    if (error) *error = rt_error_new(WASMCELL_ERR_UNSUPPORTED, "%s", err[0] ? err : "native compile failed");
    return false;
}

void native_compiled_free(native_compiled_t *c)
{
    if (!c) return;
    base_free(c->obj);
    base_free(c->triple);
    base_free(c->cpu);
    base_free(c->features);
    memset(c, 0, sizeof *c);
}
