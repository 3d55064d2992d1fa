// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
// cxx_exceptions.cpp — C++ try/catch/throw built with clang-19
// -fwasm-exceptions (the legacy try/catch/rethrow encoding): typed and
// catch-all handlers, a throw several frames deep, a destructor run by the
// unwinding, a handler that does not match (rethrown to an outer one).
// Debian's libc++abi for wasm32 has no exception support: the program
// carries the small runtime it needs (cxx_eh_runtime.inc).
#include <stdio.h>
#include "cxx_eh_runtime.inc"

struct Err { int code; };
struct Other { int x; };
struct Third { int y; };
static int destroyed;
struct Guard { ~Guard() { destroyed++; } };

__attribute__((noinline)) static int may_throw(int x)
{
    Guard g;
    if (x == 3) throw Err{x};
    if (x == 4) throw Other{x};
    if (x == 5) throw Third{x};
    return x;
}
__attribute__((noinline)) static int deep(int n, int x) { return n ? deep(n - 1, x) + 1 : may_throw(x); }

__attribute__((noinline)) static int only_err(int x)
{
    try {
        return deep(3, x);
    } catch (const Err &e) {
        return 100 * e.code;
    }
}

int main()
{
    int sum = 0;
    for (int i = 0; i < 6; i++) {
        try {
            sum += only_err(i);
        } catch (const Other &o) {
            sum += 1000 * o.x;
        } catch (...) {
            sum -= 1;
        }
    }
    printf("sum %d, destructors %d\n", sum, destroyed);
    /* deep(3, x) is x + 3: 3 + 4 + 5, then 300 (Err), 4000 (Other), -1 (Third) */
    return sum == 4311 && destroyed == 6 ? 0 : 1;
}
