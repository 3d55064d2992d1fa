/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* run.c — `wasmcell run`: parse options, set up WASI like node:wasi
 * (wasmcell_wasi_new + define_imports + instantiate + start), run the
 * program or an --invoke'd export, and turn the outcome into an exit code.
 * --listen opens the host's listening sockets handed to the guest.
 */
#include "cli.h"
#include "wasmcell_wasi.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

extern char **environ;

static const char run_usage[] =
    "usage: wasmcell run [options] FILE.wasm|FILE.wat|FILE.cwasm [ARGS...]\n"
    "       wasmcell [options] FILE.wasm|FILE.wat|FILE.cwasm [ARGS...]\n"
    "\n"
    "Runs a WASI command (its _start export). The guest's argv is FILE as given,\n"
    "then ARGS. A .wat file is converted by wasmcell's own text parser.\n"
    "\n"
    "options:\n"
    "  --dir HOST[::GUEST][:readonly]  preopen host directory HOST as GUEST (default:\n"
    "                                  the same name); repeatable; fds 3, 4, ... in order.\n"
    "                                  The guest cannot reach outside it.\n"
    "  --listen HOST:PORT              open a TCP socket listening on HOST:PORT for the\n"
    "                                  guest (sock_accept); repeatable; fds follow the\n"
    "                                  --dir ones. HOST: an IPv4 address, localhost or\n"
    "                                  [IPv6]; PORT 0 picks a free port and prints\n"
    "                                  'wasmcell: listening on HOST:PORT' to stderr\n"
    "  --env NAME=VALUE                set a guest environment variable (repeatable)\n"
    "  --env NAME                      pass the host's NAME to the guest (nothing when\n"
    "                                  the host has no NAME)\n"
    "  --inherit-env                   pass the host environment to the guest\n"
    "  --wasi-version preview1|unstable  import module wasi_snapshot_preview1 (default)\n"
    "                                  or wasi_unstable\n"
    "  --invoke NAME                   call export NAME instead of _start (after\n"
    "                                  _initialize for reactors); ARGS are its\n"
    "                                  arguments; results print one per line (i32:42)\n"
    "  --max-memory BYTES              limit each linear memory (suffixes K, M, G)\n"
    "  --max-stack BYTES               limit the wasm value stack (default 8M; deep\n"
    "                                  recursion traps with 'call stack exhausted')\n"
    "  --max-call-depth N              limit nested wasm calls (default 100000)\n"
    "  --fuel N                        stop with a trap after N units of fuel: one unit\n"
    "                                  per loop iteration (back-edge) and per call\n"
    "  --timeout SECONDS               interrupt the guest after SECONDS (exit 124)\n"
    "  --trace                         log every WASI call and its result to stderr\n"
    "  --tier auto|native|interp       auto (default): start interpreting at once, run\n"
    "                                  hot code as baseline JIT code (WASMCELL_JIT=0:\n"
    "                                  off) and switch to native code compiled in the\n"
    "                                  background (or found in the cache); native:\n"
    "                                  compile every function before running; interp:\n"
    "                                  interpreter only. The environment variable\n"
    "                                  WASMCELL_TIER sets the default. FILE.cwasm\n"
    "                                  (wasmcell compile) always runs native\n"
    "  --opt 0|1|2|3                   LLVM optimisation level of native code (default 2)\n"
    "  --wasm 2.0|3.0                  WebAssembly version the module must keep to:\n"
    "                                  2.0 refuses tail calls, extended constant\n"
    "                                  expressions, relaxed SIMD, multiple memories,\n"
    "                                  memory64/table64, exception handling and\n"
    "                                  typed function references;\n"
    "                                  3.0 (default): every feature supported\n"
    "  --bounds-checks                 check every linear-memory access against the\n"
    "                                  memory's size instead of relying on an 8 GiB\n"
    "                                  guard-page reservation (same results, slower;\n"
    "                                  used anyway when the reservation fails, e.g.\n"
    "                                  under ulimit -v). A FILE.cwasm must then be\n"
    "                                  compiled with --bounds-checks too. The\n"
    "                                  environment variable WASMCELL_BOUNDS_CHECKS=1\n"
    "                                  sets it by default\n"
    "  --cache-dir DIR                 native code cache (default $XDG_CACHE_HOME/wasmcell\n"
    "                                  or ~/.cache/wasmcell)\n"
    "  --no-cache                      neither read nor write the native code cache\n"
    "  -h, --help                      this help\n"
    "\n"
    "exit status:\n"
    "  the guest's exit code: 0 when _start returns, else the proc_exit code; a code\n"
    "  above 255 does not fit an exit status and exits with its low 8 bits, or with 1\n"
    "  when those are 0 (256, 512, ...): a failing guest never looks successful\n"
    "  124  --timeout expired\n"
    "  125  wasmcell error: bad usage, unreadable file, malformed or invalid module,\n"
    "       unknown import, WASI setup failure, a --listen address that cannot be bound,\n"
    "       a module that is no WASI command (a reactor, no _start, no exported\n"
    "       memory) run without --invoke\n"
    "  134  the guest trapped (also in its start function): `error: <message>` and\n"
    "       a backtrace on stderr\n"
    "  135  a wasm exception nobody caught (exception handling): `error: exception\n"
    "       of tag \"NAME\" thrown and not caught` (the tag's export or import name,\n"
    "       else its index) and a backtrace of the throw on stderr\n";

/* One --listen HOST:PORT, parsed; bound only when the module has loaded. */
typedef struct listen_addr {
    const char *spec; /* borrowed from argv, for messages */
    struct sockaddr_storage addr;
    socklen_t addr_len;
} listen_addr_t;

typedef struct run_options {
    wasmcell_wasi_preopen_t *preopens;
    size_t npreopens;
    listen_addr_t *listens;
    size_t nlistens;
    char **env; /* "NAME=VALUE", owned strings */
    size_t envc;
    bool inherit_env, trace;
    bool bounds_checks; /* wasmcell_config_t.bounds_checks (--bounds-checks) */
    const char *version;
    const char *invoke;
    uint64_t max_memory, fuel, max_stack, max_call_depth;
    bool has_fuel;
    wasmcell_tier_t tier;
    uint32_t opt_level;
    uint32_t wasm_features; /* wasmcell_config_t.wasm_features (--wasm) */
    const char *cache_dir; /* NULL: default; "": --no-cache */
    double timeout_seconds;
    const char *file;
    int nargs; /* ARGS after FILE */
    char **args;
} run_options_t;

/* ---- option parsing ----------------------------------------------------------- */

/* HOST[::GUEST][:readonly] */
static bool add_preopen(run_options_t *o, const char *spec)
{
    char *copy = strdup(spec);
    wasmcell_wasi_preopen_t *p = realloc(o->preopens, (o->npreopens + 1) * sizeof *p);
    if (!copy || !p) {
        free(copy);
        cli_errorf("out of memory");
        return false;
    }
    o->preopens = p;
    p = &p[o->npreopens];
    p->readonly = false;
    if (cli_has_suffix(copy, ":readonly")) {
        p->readonly = true;
        copy[strlen(copy) - strlen(":readonly")] = '\0';
    }
    char *sep = strstr(copy, "::");
    p->host_path = copy; /* freed through host_path in options_free */
    p->guest_path = copy;
    if (sep) {
        *sep = '\0';
        p->guest_path = sep + 2;
    }
    if (!*p->host_path || !*p->guest_path) {
        cli_errorf("run: --dir '%s': expected HOST[::GUEST][:readonly]", spec);
        free(copy);
        return false;
    }
    o->npreopens++;
    return true;
}

/* PORT: decimal 0..65535, the whole string. */
static bool parse_port(const char *text, uint16_t *out)
{
    uint64_t port;
    if (!cli_parse_u64(text, &port) || port > 65535)
        return false;
    *out = (uint16_t)port;
    return true;
}

/* HOST:PORT with HOST an IPv4 address, `localhost` (127.0.0.1) or [IPv6].
 * No name lookup: what the guest gets is exactly what the command line says. */
static bool parse_listen_addr(const char *spec, listen_addr_t *out)
{
    const char *colon = strrchr(spec, ':');
    uint16_t port;
    if (!colon || colon == spec || !parse_port(colon + 1, &port))
        return false;
    size_t host_len = (size_t)(colon - spec);
    char host[64];
    if (host_len >= sizeof host)
        return false;
    memcpy(host, spec, host_len);
    host[host_len] = '\0';
    memset(out, 0, sizeof *out);
    out->spec = spec;
    if (host[0] == '[' && host[host_len - 1] == ']') {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&out->addr;
        host[host_len - 1] = '\0';
        if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
            return false;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons(port);
        out->addr_len = sizeof *a6;
        return true;
    }
    struct sockaddr_in *a4 = (struct sockaddr_in *)&out->addr;
    if (strcmp(host, "localhost") == 0)
        a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
        return false;
    a4->sin_family = AF_INET;
    a4->sin_port = htons(port);
    out->addr_len = sizeof *a4;
    return true;
}

static bool add_listen(run_options_t *o, const char *spec)
{
    listen_addr_t addr;
    if (!parse_listen_addr(spec, &addr)) {
        cli_errorf("run: --listen '%s': expected HOST:PORT (HOST an IPv4 address, localhost "
                   "or [IPv6]; PORT 0..65535)", spec);
        return false;
    }
    listen_addr_t *l = realloc(o->listens, (o->nlistens + 1) * sizeof *l);
    if (!l) {
        cli_errorf("out of memory");
        return false;
    }
    o->listens = l;
    l[o->nlistens++] = addr;
    return true;
}

static bool push_env(run_options_t *o, const char *entry)
{
    const char *eq = strchr(entry, '=');
    size_t name_len = eq ? (size_t)(eq - entry) : 0;
    for (size_t i = 0; i < o->envc; i++) /* a later NAME= replaces an earlier one */
        if (strncmp(o->env[i], entry, name_len + 1) == 0) {
            char *dup = strdup(entry);
            if (!dup)
                return false;
            free(o->env[i]);
            o->env[i] = dup;
            return true;
        }
    char **env = realloc(o->env, (o->envc + 1) * sizeof *env);
    if (!env)
        return false;
    o->env = env;
    if (!(env[o->envc] = strdup(entry)))
        return false;
    o->envc++;
    return true;
}

/* --env NAME=VALUE, or --env NAME: the host's value of NAME, if it has one
 * (like docker's `-e NAME`); an absent NAME is not set (nor removed). */
static bool add_env(run_options_t *o, const char *value)
{
    const char *eq = strchr(value, '=');
    if (value[0] == '=' || value[0] == '\0') {
        cli_errorf("run: --env '%s': expected NAME=VALUE or NAME", value);
        return false;
    }
    bool ok = true;
    if (eq) {
        ok = push_env(o, value);
    } else {
        const char *host = getenv(value);
        if (!host)
            return true;
        size_t n = strlen(value) + strlen(host) + 2;
        char *entry = malloc(n);
        if (entry) {
            snprintf(entry, n, "%s=%s", value, host);
            ok = push_env(o, entry);
        }
        ok = ok && entry;
        free(entry);
    }
    if (!ok)
        cli_errorf("out of memory");
    return ok;
}

static void options_free(run_options_t *o)
{
    for (size_t i = 0; i < o->npreopens; i++)
        free((char *)o->preopens[i].host_path);
    free(o->preopens);
    free(o->listens);
    for (size_t i = 0; i < o->envc; i++)
        free(o->env[i]);
    free(o->env);
}

/* "--name=value" or "--name value"; advances *i past a separate value. */
static const char *option_value(int argc, char **argv, int *i, const char *name, bool *matched)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    *matched = false;
    if (strncmp(arg, name, n) != 0 || (arg[n] != '\0' && arg[n] != '='))
        return NULL;
    *matched = true;
    if (arg[n] == '=')
        return arg + n + 1;
    if (*i + 1 >= argc) {
        cli_errorf("run: option %s needs a value (try 'wasmcell run --help')", name);
        return NULL;
    }
    return argv[++*i];
}

/* Returns -1 on success (continue), else an exit code. */
static int parse_value_option(run_options_t *o, const char *name, const char *value)
{
    if (strcmp(name, "--dir") == 0)
        return add_preopen(o, value) ? -1 : CLI_EXIT_ERROR;
    if (strcmp(name, "--listen") == 0)
        return add_listen(o, value) ? -1 : CLI_EXIT_ERROR;
    if (strcmp(name, "--env") == 0)
        return add_env(o, value) ? -1 : CLI_EXIT_ERROR;
    if (strcmp(name, "--wasi-version") == 0) {
        if (strcmp(value, "preview1") != 0 && strcmp(value, "unstable") != 0) {
            cli_errorf("run: --wasi-version '%s': expected preview1 or unstable", value);
            return CLI_EXIT_ERROR;
        }
        o->version = value;
        return -1;
    }
    if (strcmp(name, "--invoke") == 0) {
        o->invoke = value;
        return -1;
    }
    if (strcmp(name, "--max-memory") == 0) {
        if (!cli_parse_size(value, &o->max_memory) || o->max_memory == 0) {
            cli_errorf("run: --max-memory '%s': expected a size in bytes (suffixes K, M, G)",
                       value);
            return CLI_EXIT_ERROR;
        }
        return -1;
    }
    if (strcmp(name, "--max-stack") == 0) {
        if (!cli_parse_size(value, &o->max_stack) || o->max_stack < 8192 ||
            o->max_stack > UINT32_MAX) {
            cli_errorf("run: --max-stack '%s': expected a size from 8K to 4G-1 (suffixes K, M, G)",
                       value);
            return CLI_EXIT_ERROR;
        }
        return -1;
    }
    if (strcmp(name, "--max-call-depth") == 0) {
        if (!cli_parse_u64(value, &o->max_call_depth) || o->max_call_depth == 0 ||
            o->max_call_depth > 100000000) {
            cli_errorf("run: --max-call-depth '%s': expected a number from 1 to 100000000",
                       value);
            return CLI_EXIT_ERROR;
        }
        return -1;
    }
    if (strcmp(name, "--fuel") == 0) {
        if (!cli_parse_u64(value, &o->fuel)) {
            cli_errorf("run: --fuel '%s': expected a number (loop iterations and calls)", value);
            return CLI_EXIT_ERROR;
        }
        o->has_fuel = true;
        return -1;
    }
    if (strcmp(name, "--tier") == 0) {
        if (!cli_parse_tier(value, &o->tier)) {
            cli_errorf("run: --tier '%s': expected auto, native or interp", value);
            return CLI_EXIT_ERROR;
        }
        return -1;
    }
    if (strcmp(name, "--opt") == 0) {
        if (!cli_parse_opt(value, &o->opt_level)) {
            cli_errorf("run: --opt '%s': expected 0, 1, 2 or 3", value);
            return CLI_EXIT_ERROR;
        }
        return -1;
    }
    if (strcmp(name, "--wasm") == 0) {
        if (!cli_parse_wasm_version(value, &o->wasm_features)) {
            cli_errorf("run: --wasm '%s': expected 2.0 or 3.0", value);
            return CLI_EXIT_ERROR;
        }
        return -1;
    }
    if (strcmp(name, "--cache-dir") == 0) {
        if (!value[0]) {
            cli_errorf("run: --cache-dir needs a directory (use --no-cache to disable the cache)");
            return CLI_EXIT_ERROR;
        }
        o->cache_dir = value;
        return -1;
    }
    if (!cli_parse_seconds(value, &o->timeout_seconds)) { /* --timeout */
        cli_errorf("run: --timeout '%s': expected a positive number of seconds", value);
        return CLI_EXIT_ERROR;
    }
    return -1;
}

static const char *const with_value[] = {"--dir", "--listen", "--env", "--wasi-version",
                                         "--invoke", "--max-memory", "--fuel", "--timeout",
                                         "--max-stack", "--max-call-depth", "--tier",
                                         "--opt", "--cache-dir", "--wasm"};
static const char *const flags[] = {"--inherit-env", "--trace", "--no-cache", "--bounds-checks"};

bool cli_run_is_option(const char *arg)
{
    for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
        if (strcmp(arg, flags[k]) == 0)
            return true;
    for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++) {
        size_t n = strlen(with_value[k]);
        if (strncmp(arg, with_value[k], n) == 0 && (arg[n] == '\0' || arg[n] == '='))
            return true;
    }
    return false;
}

/* Returns -1 to go on running, else the exit code (help, usage error). */
static int parse_options(int argc, char **argv, run_options_t *o)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(run_usage, stdout);
            return CLI_EXIT_OK;
        }
        if (strcmp(arg, "--inherit-env") == 0) {
            o->inherit_env = true;
            continue;
        }
        if (strcmp(arg, "--bounds-checks") == 0) {
            o->bounds_checks = true;
            continue;
        }
        if (strcmp(arg, "--trace") == 0) {
            o->trace = true;
            continue;
        }
        if (strcmp(arg, "--no-cache") == 0) {
            o->cache_dir = "";
            continue;
        }
        bool matched = false;
        for (size_t k = 0; k < sizeof with_value / sizeof with_value[0] && !matched; k++) {
            const char *value = option_value(argc, argv, &i, with_value[k], &matched);
            if (matched && !value)
                return CLI_EXIT_ERROR;
            if (matched) {
                int rc = parse_value_option(o, with_value[k], value);
                if (rc >= 0)
                    return rc;
            }
        }
        if (!matched) {
            cli_errorf("run: unknown option '%s' (try 'wasmcell run --help')", arg);
            return CLI_EXIT_ERROR;
        }
    }
    if (i >= argc) {
        cli_errorf("run: missing FILE (try 'wasmcell run --help')");
        return CLI_EXIT_ERROR;
    }
    o->file = argv[i];
    o->args = argv + i + 1;
    o->nargs = argc - i - 1;
    return -1;
}

/* The guest environment: the host's (with --inherit-env), then --env. */
static bool build_env(run_options_t *o)
{
    if (!o->inherit_env)
        return true;
    size_t own = o->envc;
    char **explicit_env = o->env;
    o->env = NULL;
    o->envc = 0;
    bool ok = true;
    for (char **e = environ; ok && e && *e; e++)
        if (strchr(*e, '='))
            ok = push_env(o, *e);
    for (size_t i = 0; i < own; i++) {
        ok = ok && push_env(o, explicit_env[i]);
        free(explicit_env[i]);
    }
    free(explicit_env);
    if (!ok)
        cli_errorf("out of memory");
    return ok;
}

/* ---- --listen sockets -------------------------------------------------------------- */

/* "127.0.0.1:8080" or "[::1]:8080" for the address a socket is bound to. */
static void format_addr(const struct sockaddr_storage *addr, char *buf, size_t size)
{
    char host[INET6_ADDRSTRLEN] = "?";
    if (addr->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)addr;
        inet_ntop(AF_INET6, &a6->sin6_addr, host, sizeof host);
        snprintf(buf, size, "[%s]:%u", host, (unsigned)ntohs(a6->sin6_port));
    } else {
        const struct sockaddr_in *a4 = (const struct sockaddr_in *)addr;
        inet_ntop(AF_INET, &a4->sin_addr, host, sizeof host);
        snprintf(buf, size, "%s:%u", host, (unsigned)ntohs(a4->sin_port));
    }
}

static uint16_t addr_port(const struct sockaddr_storage *addr)
{
    return ntohs(addr->ss_family == AF_INET6 ? ((const struct sockaddr_in6 *)addr)->sin6_port
                                             : ((const struct sockaddr_in *)addr)->sin_port);
}

/* With port 0 the kernel chose one: say which, or nobody can connect. */
static void report_chosen_port(int fd)
{
    struct sockaddr_storage bound;
    socklen_t len = sizeof bound;
    char text[INET6_ADDRSTRLEN + 16];
    if (getsockname(fd, (struct sockaddr *)&bound, &len) != 0)
        return;
    format_addr(&bound, text, sizeof text);
    cli_errorf("listening on %s", text);
}

/* A TCP socket listening on l (SO_REUSEADDR, backlog 128), or -1 with a
 * message naming the step that failed. */
static int open_listener(const listen_addr_t *l)
{
    int one = 1;
    const char *step = "socket";
    int fd = socket(l->addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        goto fail;
    step = "setsockopt(SO_REUSEADDR)";
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
        goto fail;
    step = "cannot bind";
    if (bind(fd, (const struct sockaddr *)&l->addr, l->addr_len) != 0)
        goto fail;
    step = "listen";
    if (listen(fd, 128) != 0)
        goto fail;
    if (addr_port(&l->addr) == 0)
        report_chosen_port(fd);
    return fd;
fail:
    cli_errorf("run: --listen %s: %s: %s", l->spec, step, strerror(errno));
    if (fd >= 0)
        close(fd);
    return -1;
}

/* Opens every --listen socket into fds[] (o->nlistens entries, all -1 on
 * entry); false when one fails (those opened stay in fds[] to be closed). */
static bool open_listeners(const run_options_t *o, int *fds)
{
    for (size_t i = 0; i < o->nlistens; i++)
        if ((fds[i] = open_listener(&o->listens[i])) < 0)
            return false;
    return true;
}

static void close_listeners(int *fds, size_t n)
{
    for (size_t i = 0; fds && i < n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    free(fds);
}

/* ---- --invoke -------------------------------------------------------------------- */

/* Decimal, or hexadecimal with 0x (never octal: "010" is ten). */
static int int_base(const char *text)
{
    const char *p = text[0] == '-' || text[0] == '+' ? text + 1 : text;
    return p[0] == '0' && (p[1] == 'x' || p[1] == 'X') ? 16 : 10;
}

static bool parse_arg(const char *text, wasmcell_valtype_t type, wasmcell_val_t *out)
{
    char *end;
    errno = 0;
    memset(out, 0, sizeof *out);
    out->type = type;
    switch (type) {
    case WASMCELL_I32: {
        long long v = strtoll(text, &end, int_base(text));
        if (v < INT32_MIN || v > (long long)UINT32_MAX)
            return false;
        out->of.i32 = (int32_t)(uint32_t)v;
        break;
    }
    case WASMCELL_I64:
        if (text[0] == '-')
            out->of.i64 = strtoll(text, &end, int_base(text));
        else
            out->of.i64 = (int64_t)strtoull(text, &end, int_base(text));
        break;
    case WASMCELL_F32: out->of.f32 = strtof(text, &end); break;
    case WASMCELL_F64: out->of.f64 = strtod(text, &end); break;
    case WASMCELL_EXTERNREF:
    case WASMCELL_FUNCREF:
        end = (char *)text + strlen(text);
        return strcmp(text, "null") == 0;
    default:
        return false;
    }
    return errno == 0 && end != text && *end == '\0';
}

/* Shortest %g text that reads back as the same value. */
static void print_float(const char *type, double v, bool single)
{
    char buf[64];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (single ? strtof(buf, NULL) == (float)v : strtod(buf, NULL) == v)
            break;
    }
    if (isnan(v))
        snprintf(buf, sizeof buf, "%snan", signbit(v) ? "-" : "");
    printf("%s:%s\n", type, buf);
}

static void print_result(const wasmcell_val_t *v)
{
    switch (v->type) {
    case WASMCELL_I32: printf("i32:%" PRId32 "\n", v->of.i32); break;
    case WASMCELL_I64: printf("i64:%" PRId64 "\n", v->of.i64); break;
    case WASMCELL_F32: print_float("f32", v->of.f32, true); break;
    case WASMCELL_F64: print_float("f64", v->of.f64, false); break;
    case WASMCELL_V128:
        printf("v128:0x");
        for (int i = 15; i >= 0; i--)
            printf("%02x", v->of.v128[i]);
        printf("\n");
        break;
    case WASMCELL_FUNCREF: printf("funcref:%s\n", v->of.funcref ? "<func>" : "null"); break;
    case WASMCELL_EXTERNREF:
        if (v->of.externref)
            printf("externref:%p\n", v->of.externref);
        else
            printf("externref:null\n");
        break;
    case WASMCELL_EXNREF: printf("exnref:%s\n", v->of.exnref ? "<exception>" : "null"); break;
    }
}

/* Calls o->invoke with ARGS; prints the results. */
static wasmcell_status_t invoke_export(wasmcell_instance_t *instance, const run_options_t *o,
                                       wasmcell_error_t **error, bool *usage_error)
{
    wasmcell_func_t *func = wasmcell_instance_func(instance, o->invoke);
    if (!func) {
        cli_errorf("run: %s exports no function '%s'", o->file, o->invoke);
        *usage_error = true;
        return WASMCELL_ERR_NOT_FOUND;
    }
    size_t nparams = wasmcell_func_param_count(func), nresults = wasmcell_func_result_count(func);
    if ((size_t)o->nargs != nparams) {
        cli_errorf("run: '%s' takes %zu arguments, %d given", o->invoke, nparams, o->nargs);
        *usage_error = true;
        return WASMCELL_ERR_MISUSE;
    }
    wasmcell_val_t *args = calloc(nparams + 1, sizeof *args);
    wasmcell_val_t *results = calloc(nresults + 1, sizeof *results);
    wasmcell_status_t st = args && results ? WASMCELL_OK : WASMCELL_ERR_NOMEM;
    for (size_t i = 0; st == WASMCELL_OK && i < nparams; i++) {
        wasmcell_valtype_t t = wasmcell_func_param_type(func, i);
        if (!parse_arg(o->args[i], t, &args[i])) {
            cli_errorf("run: argument %zu '%s' is not a valid %s", i + 1, o->args[i],
                       t == WASMCELL_I32 ? "i32" : t == WASMCELL_I64 ? "i64" : t == WASMCELL_F32 ? "f32"
                       : t == WASMCELL_F64 ? "f64" : "value of this type (only null references)");
            *usage_error = true;
            st = WASMCELL_ERR_MISUSE;
        }
    }
    if (st == WASMCELL_OK)
        st = wasmcell_func_call(func, args, nparams, results, nresults, error);
    for (size_t i = 0; st == WASMCELL_OK && i < nresults; i++)
        print_result(&results[i]);
    fflush(stdout);
    free(args);
    free(results);
    return st;
}

/* ---- running ------------------------------------------------------------------------ */

/* POSIX keeps the low 8 bits of an exit status, so proc_exit(256) would
 * look like success (what node's process.exit does): codes 0..255 are
 * kept, larger ones (WASI's exit code is a u32) keep their low 8 bits
 * like a native program's, except that those that would read 0 exit 1. */
int cli_exit_status(int32_t guest_code)
{
    uint32_t code = (uint32_t)guest_code;
    if (code <= 255)
        return (int)code;
    return (code & 0xff) ? (int)(code & 0xff) : CLI_EXIT_FAILED;
}

/* Prints a trap: "error: <message>" (and where), then its backtrace. */
static void print_trap(wasmcell_error_t *error, const char *context)
{
    const char *bt = error ? wasmcell_error_backtrace(error) : "";
    fprintf(stderr, "error: %s%s\n", error ? wasmcell_error_message(error) : "trap", context);
    if (bt && *bt)
        fprintf(stderr, "backtrace:\n%s%s", bt, cli_has_suffix(bt, "\n") ? "" : "\n");
}

static bool exports_name(wasmcell_instance_t *instance, const char *name)
{
    wasmcell_extern_t ext;
    return wasmcell_instance_export(instance, name, &ext) == WASMCELL_OK;
}

static bool exports_kind(wasmcell_instance_t *instance, const char *name,
                         wasmcell_extern_kind_t kind)
{
    wasmcell_extern_t ext;
    return wasmcell_instance_export(instance, name, &ext) == WASMCELL_OK && ext.kind == kind;
}

/* What node:wasi's start()/initialize() would refuse, said in terms of what
 * to do (wasmcell_wasi_start's own messages speak of the API). Without
 * --invoke the module must be a WASI command: _start, no _initialize, an
 * exported memory; with --invoke a reactor (_initialize) needs its memory. */
static bool check_runnable(wasmcell_instance_t *instance, const run_options_t *o)
{
    bool has_start = exports_name(instance, "_start");
    bool has_init = exports_name(instance, "_initialize");
    bool has_memory = exports_kind(instance, "memory", WASMCELL_EXTERN_MEMORY);
    const char *f = o->file;
    if (o->invoke) {
        if (has_init && !has_start && !has_memory)
            cli_errorf("run: %s is a WASI reactor (it exports _initialize) but exports no memory "
                       "named \"memory\", which WASI needs for its system calls; rebuild it "
                       "for WASI", f);
        return !has_init || has_start || has_memory;
    }
    if (!has_start && has_init)
        cli_errorf("run: %s is a WASI reactor (a library: it exports _initialize, not _start); "
                   "call one of its exported functions with --invoke NAME [ARGS...]", f);
    else if (!has_start)
        cli_errorf("run: %s has no _start function to run; call one of its exported functions "
                   "with --invoke NAME [ARGS...] (`wasmcell inspect %s` lists them)", f, f);
    else if (has_init)
        cli_errorf("run: %s exports both _start and _initialize; a WASI program has one of "
                   "them (use --invoke NAME to call an export)", f);
    else if (!exports_kind(instance, "_start", WASMCELL_EXTERN_FUNC))
        cli_errorf("run: %s exports _start, but not as a function", f);
    else if (!has_memory)
        cli_errorf("run: %s exports no memory named \"memory\", which a WASI program needs for "
                   "its system calls; rebuild it for WASI (e.g. clang --target=wasm32-wasi), or "
                   "call a function that needs no WASI with --invoke NAME [ARGS...]", f);
    else
        return true;
    return false;
}

/* Runs the program; returns its exit code or one of ours. */
static int execute(wasmcell_wasi_t *wasi, wasmcell_instance_t *instance, const run_options_t *o)
{
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st = WASMCELL_OK;
    int32_t exit_code = 0;
    bool usage_error = false;
    cli_watchdog_t *watchdog = NULL;
    if (!check_runnable(instance, o))
        return CLI_EXIT_ERROR;
    if (o->has_fuel)
        wasmcell_instance_set_fuel(instance, o->fuel);
    if (o->timeout_seconds > 0 && !(watchdog = cli_watchdog_start(instance, o->timeout_seconds)))
        return CLI_EXIT_ERROR;
    if (!o->invoke) {
        st = wasmcell_wasi_start(wasi, instance, &exit_code, &error);
    } else {
        if (exports_name(instance, "_initialize"))
            st = wasmcell_wasi_initialize(wasi, instance, &error);
        if (st == WASMCELL_OK)
            st = invoke_export(instance, o, &error, &usage_error);
    }
    bool timed_out = cli_watchdog_stop(watchdog);
    int rc;
    if (st == WASMCELL_OK) {
        rc = cli_exit_status(exit_code);
    } else if (st == WASMCELL_ERR_EXIT) {
        rc = cli_exit_status(wasmcell_error_exit_code(error));
    } else if (usage_error) {
        rc = CLI_EXIT_ERROR;
    } else if (st == WASMCELL_ERR_TRAP && timed_out &&
               wasmcell_error_trap_kind(error) == WASMCELL_TRAP_INTERRUPTED) {
        fprintf(stderr, "error: timed out after %g seconds (interrupted)\n", o->timeout_seconds);
        rc = CLI_EXIT_TIMEOUT;
    } else if (st == WASMCELL_ERR_TRAP) {
        print_trap(error, "");
        rc = CLI_EXIT_TRAP;
    } else if (st == WASMCELL_ERR_EXCEPTION) {
        print_trap(error, "");
        rc = CLI_EXIT_EXCEPTION;
    } else {
        fprintf(stderr, "error: %s: %s\n", wasmcell_status_name(st),
                error ? wasmcell_error_message(error) : "(no message)");
        rc = CLI_EXIT_ERROR;
    }
    wasmcell_error_delete(error);
    return rc;
}

static void print_error(const char *what, const char *file, wasmcell_status_t st,
                        wasmcell_error_t *error)
{
    fprintf(stderr, "error: %s %s: %s: %s\n", what, file, wasmcell_status_name(st),
            error ? wasmcell_error_message(error) : "(no message)");
    wasmcell_error_delete(error);
}

/* socket_fds: the --listen sockets (WASI duplicates them). */
static wasmcell_wasi_t *new_wasi(const run_options_t *o, const int *socket_fds)
{
    wasmcell_wasi_options_t wo;
    wasmcell_wasi_options_init(&wo);
    size_t argc = (size_t)o->nargs + 1;
    const char **argv = calloc(argc, sizeof *argv);
    if (!argv) {
        cli_errorf("out of memory");
        return NULL;
    }
    argv[0] = o->file;
    for (int i = 0; i < o->nargs; i++)
        argv[i + 1] = o->args[i];
    wo.version = o->version;
    wo.argc = argc;
    wo.argv = argv;
    wo.envc = o->envc;
    wo.env = (const char *const *)o->env;
    wo.npreopens = o->npreopens;
    wo.preopens = o->preopens;
    wo.nsockets = o->nlistens;
    wo.socket_fds = socket_fds;
    wo.return_on_exit = true;
    wo.trace_fd = o->trace ? 2 : 0; /* WASI writes one line per call to stderr */
    wasmcell_error_t *error = NULL;
    wasmcell_wasi_t *wasi = wasmcell_wasi_new(&wo, &error);
    free(argv);
    if (!wasi)
        print_error("cannot set up WASI for", o->file,
                    error ? wasmcell_error_status(error) : WASMCELL_ERR_NOMEM, error);
    return wasi;
}

/* Everything after option parsing. */
static int run_file(const run_options_t *o)
{
    uint8_t *bytes = NULL;
    size_t size = 0;
    int rc = CLI_EXIT_ERROR;
    wasmcell_engine_t *engine = NULL;
    wasmcell_module_t *module = NULL;
    wasmcell_wasi_t *wasi = NULL;
    wasmcell_linker_t *linker = NULL;
    wasmcell_instance_t *instance = NULL;
    wasmcell_error_t *error = NULL;
    wasmcell_status_t st;
    wasmcell_config_t config;
    int *listen_fds = NULL;

    if (!cli_load_wasm(o->file, &bytes, &size))
        return CLI_EXIT_ERROR;
    wasmcell_config_init(&config);
    config.max_memory_bytes = o->max_memory;
    config.max_stack_bytes = (uint32_t)o->max_stack;
    config.max_call_depth = (uint32_t)o->max_call_depth;
    config.tier = o->tier;
    config.opt_level = o->opt_level;
    config.wasm_features = o->wasm_features;
    config.bounds_checks = o->bounds_checks;
    config.cache_dir = o->cache_dir;
    /* --fuel counts in native code too (compiled with polls) */
    config.fuel_metering = o->has_fuel;
    if (!(engine = wasmcell_engine_new(&config)) || !(linker = wasmcell_linker_new(engine))) {
        cli_errorf("out of memory");
        goto done;
    }
    st = wasmcell_is_artifact(bytes, size)
             ? wasmcell_module_deserialize(engine, bytes, size, &module, &error)
             : wasmcell_module_new(engine, bytes, size, &module, &error);
    if (st != WASMCELL_OK) {
        print_error("cannot load", o->file, st, error);
        goto done;
    }
    if (o->nlistens && !(listen_fds = malloc(o->nlistens * sizeof *listen_fds))) {
        cli_errorf("out of memory");
        goto done;
    }
    for (size_t i = 0; i < o->nlistens; i++)
        listen_fds[i] = -1;
    if (!open_listeners(o, listen_fds) || !(wasi = new_wasi(o, listen_fds)))
        goto done;
    if ((st = wasmcell_wasi_define_imports(wasi, linker)) != WASMCELL_OK) {
        print_error("cannot define the WASI imports for", o->file, st, error);
        goto done;
    }
    st = wasmcell_linker_instantiate(linker, module, &instance, &error);
    if (st == WASMCELL_ERR_TRAP || st == WASMCELL_ERR_EXCEPTION) {
        char context[64 + 4096];
        snprintf(context, sizeof context, " (while instantiating %s)", o->file);
        print_trap(error, context);
        wasmcell_error_delete(error);
        rc = st == WASMCELL_ERR_TRAP ? CLI_EXIT_TRAP : CLI_EXIT_EXCEPTION;
        goto done;
    }
    if (st != WASMCELL_OK) {
        print_error("cannot instantiate", o->file, st, error);
        goto done;
    }
    rc = execute(wasi, instance, o);
    /* the module got hot and the run ended normally (no trap, no
     * timeout): next time it should start with native code for every
     * function (a detached compile fills the cache) */
    if (rc < 124 && !wasmcell_is_artifact(bytes, size) && wasmcell_module_cache_wanted(module))
        cli_cache_fill_spawn(o->file, o->cache_dir, o->opt_level, o->bounds_checks);
    /* A background compile still running is of no use now: exit without
     * waiting for it (the guest's output is already written). */
    if (wasmcell_engine_compiling(engine)) {
        fflush(stdout);
        fflush(stderr);
        _exit(rc);
    }
done:
    wasmcell_instance_delete(instance);
    wasmcell_linker_delete(linker);
    wasmcell_wasi_delete(wasi);
    close_listeners(listen_fds, o->nlistens);
    wasmcell_module_delete(module);
    wasmcell_engine_delete(engine);
    free(bytes);
    return rc;
}

int cli_run_main(int argc, char **argv)
{
    run_options_t o;
    memset(&o, 0, sizeof o);
    o.version = "preview1";
    o.bounds_checks = cli_env_bounds_checks();
    const char *env_tier = getenv("WASMCELL_TIER");
    if (env_tier && *env_tier && !cli_parse_tier(env_tier, &o.tier)) {
        cli_errorf("run: WASMCELL_TIER='%s': expected auto, native or interp", env_tier);
        return CLI_EXIT_ERROR;
    }
    int rc = parse_options(argc, argv, &o);
    if (rc < 0)
        rc = build_env(&o) ? run_file(&o) : CLI_EXIT_ERROR;
    options_free(&o);
    fflush(stdout);
    return rc;
}
