/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* sqlite_main: an SQL workload of our own on an in-memory database, using the
 * SQLite amalgamation built from the Debian sqlite3 source package.
 * Built with SQLITE_OS_OTHER: the tiny VFS below is all the OS layer there is
 * (in-memory databases and temp storage only; no files, no threads), so the
 * native and wasm builds run exactly the same code.
 * argv[1] = number of rows (default 30000). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite3.h"

/* ---- minimal VFS: nothing can be opened; time and randomness are fixed ---- */
static int vfs_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags, int *out)
{
    (void)v; (void)name; (void)flags; (void)out;
    f->pMethods = NULL;
    return SQLITE_CANTOPEN;
}
static int vfs_delete(sqlite3_vfs *v, const char *name, int sync)
{
    (void)v; (void)name; (void)sync;
    return SQLITE_IOERR_DELETE;
}
static int vfs_access(sqlite3_vfs *v, const char *name, int flags, int *res)
{
    (void)v; (void)name; (void)flags;
    *res = 0;
    return SQLITE_OK;
}
static int vfs_fullpath(sqlite3_vfs *v, const char *name, int n, char *out)
{
    (void)v;
    sqlite3_snprintf(n, out, "%s", name);
    return SQLITE_OK;
}
static int vfs_random(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    for (int i = 0; i < n; i++)
        out[i] = (char)(i * 37 + 11);
    return n;
}
static int vfs_sleep(sqlite3_vfs *v, int us)
{
    (void)v;
    return us;
}
static int vfs_time(sqlite3_vfs *v, double *t)
{
    (void)v;
    *t = 2460000.5;
    return SQLITE_OK;
}
static int vfs_lasterror(sqlite3_vfs *v, int n, char *buf)
{
    (void)v; (void)n; (void)buf;
    return 0;
}

static sqlite3_vfs bench_vfs = {
    1, (int)sizeof(sqlite3_file), 512, NULL, "bench-mem", NULL,
    vfs_open, vfs_delete, vfs_access, vfs_fullpath,
    NULL, NULL, NULL, NULL,
    vfs_random, vfs_sleep, vfs_time, vfs_lasterror,
    NULL, NULL, NULL, NULL,
};

int sqlite3_os_init(void)
{
    return sqlite3_vfs_register(&bench_vfs, 1);
}

int sqlite3_os_end(void)
{
    return SQLITE_OK;
}

/* ---- workload ---- */
static sqlite3 *db;

static void die(const char *what)
{
    printf("FAIL: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

static void exec(const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        printf("FAIL: %s: %s\n", sql, err ? err : "?");
        exit(1);
    }
}

static int64_t query_int(const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        die(sql);
    if (sqlite3_step(st) != SQLITE_ROW)
        die(sql);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static uint64_t rng(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

int main(int argc, char **argv)
{
    long rows = argc > 1 ? strtol(argv[1], NULL, 10) : 30000;
    if (rows < 100)
        rows = 100;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        die("open");
    exec("PRAGMA temp_store=MEMORY");
    exec("CREATE TABLE customer(id INTEGER PRIMARY KEY, name TEXT, city INTEGER)");
    exec("CREATE TABLE orders(id INTEGER PRIMARY KEY, cust INTEGER, amount INTEGER, note TEXT)");

    /* reference values computed in C while inserting */
    long ncust = rows / 10;
    int64_t total = 0, big = 0, below = 0, *per_city = calloc(16, sizeof(int64_t));
    if (!per_city)
        return 2;
    uint64_t seed = 1;
    sqlite3_stmt *ins;
    exec("BEGIN");
    if (sqlite3_prepare_v2(db, "INSERT INTO customer VALUES(?1, ?2, ?3)", -1, &ins, NULL))
        die("prepare");
    char name[64];
    for (long i = 1; i <= ncust; i++) {
        snprintf(name, sizeof name, "customer-%06ld-%s", i, (i % 3) ? "regular" : "gold");
        sqlite3_bind_int64(ins, 1, i);
        sqlite3_bind_text(ins, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(ins, 3, (int)(i % 16));
        if (sqlite3_step(ins) != SQLITE_DONE)
            die("insert customer");
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    if (sqlite3_prepare_v2(db, "INSERT INTO orders(cust, amount, note) VALUES(?1, ?2, ?3)", -1,
                           &ins, NULL))
        die("prepare");
    for (long i = 0; i < rows; i++) {
        long cust = (long)(rng(&seed) % (uint64_t)ncust) + 1;
        int amount = (int)(rng(&seed) % 10000);
        snprintf(name, sizeof name, "order %ld for %ld", i, cust);
        sqlite3_bind_int64(ins, 1, cust);
        sqlite3_bind_int(ins, 2, amount);
        sqlite3_bind_text(ins, 3, name, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE)
            die("insert order");
        sqlite3_reset(ins);
        total += amount;
        if (amount >= 9000)
            big++;
        if (amount < 5000)
            below++;
        per_city[cust % 16] += amount;
    }
    sqlite3_finalize(ins);
    exec("COMMIT");
    exec("CREATE INDEX orders_cust ON orders(cust)");
    exec("CREATE INDEX orders_amount ON orders(amount)");

    int ok = 1;
    ok &= query_int("SELECT count(*) FROM orders") == rows;
    ok &= query_int("SELECT sum(amount) FROM orders") == total;
    ok &= query_int("SELECT count(*) FROM orders WHERE amount >= 9000") == big;
    /* join + group by: per-city sums */
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
            "SELECT c.city, sum(o.amount) FROM orders o JOIN customer c ON c.id = o.cust "
            "GROUP BY c.city ORDER BY c.city", -1, &st, NULL))
        die("prepare join");
    int cities = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int city = sqlite3_column_int(st, 0);
        ok &= city >= 0 && city < 16 && sqlite3_column_int64(st, 1) == per_city[city];
        cities++;
    }
    sqlite3_finalize(st);
    ok &= cities == 16;
    /* string work: LIKE, substr, ORDER BY text with LIMIT */
    int64_t gold = query_int("SELECT count(*) FROM customer WHERE name LIKE '%gold'");
    ok &= gold == ncust / 3;
    int64_t top = query_int("SELECT sum(amount) FROM (SELECT amount FROM orders "
                            "ORDER BY note DESC LIMIT 1000)");
    /* a sort of everything, a correlated subquery, update and delete */
    int64_t maxcust = query_int("SELECT cust FROM (SELECT cust, sum(amount) s FROM orders "
                                "GROUP BY cust ORDER BY s DESC, cust LIMIT 1)");
    exec("UPDATE orders SET amount = amount + 1 WHERE amount < 5000");
    ok &= query_int("SELECT sum(amount) FROM orders") == total + below;
    exec("DELETE FROM orders WHERE amount >= 9000");
    ok &= query_int("SELECT count(*) FROM orders") == rows - big;
    int64_t busiest = query_int(
        "SELECT count(*) FROM customer c WHERE (SELECT count(*) FROM orders o "
        "WHERE o.cust = c.id) >= 12");
    printf("rows=%ld total=%lld big=%lld gold=%lld top=%lld maxcust=%lld busiest=%lld\n", rows,
           (long long)total, (long long)big, (long long)gold, (long long)top,
           (long long)maxcust, (long long)busiest);
    free(per_city);
    sqlite3_close(db);
    printf(ok ? "ok\n" : "FAIL: SQL results differ from the C reference\n");
    return ok ? 0 : 1;
}
