/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* floatmath: f32/f64 arithmetic, rounding functions, sqrt, min/max, copysign,
 * NaN and infinity rules, int<->float conversions, libm. Printed with %.17g
 * (f64) and %.9g (f32), which are exact round trips. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "check.h"

static volatile double vd[] = {2.5, -2.5, 0.1, 3.0, 1e308, -0.0, 0.49999999999999994, 4503599627370497.0};
static volatile float vf[] = {2.5f, -2.5f, 0.1f, 3.0f, 1e38f, 16777217.0f};

#define P(name, expr) printf("%-10s %.17g\n", name, (double)(expr))
#define PF(name, expr) printf("%-10s %.9g\n", name, (double)(expr))

int main(void) {
    double a = vd[0], b = vd[1], c = vd[2], t = vd[3];
    P("add", a + c); P("sub", c - t); P("mul", c * t); P("div", c / t);
    P("sqrt2", sqrt(vd[3] - 1.0)); P("sqrt-neg", sqrt(b) != sqrt(b));
    P("fabs", fabs(b)); P("floor", floor(b)); P("ceil", ceil(b));
    P("trunc", trunc(b)); P("round", round(b)); P("nearbyint", nearbyint(a));
    P("rint-", rint(b)); P("rint.5", rint(vd[6])); P("round.5-", round(vd[6]));
    P("floorbig", floor(vd[7])); P("fmod", fmod(vd[3] * 7.0 + 0.5, t));
    P("fmin", fmin(a, b)); P("fmax", fmax(a, b)); P("copysign", copysign(t, vd[5]));
    P("signbit", signbit(vd[5]) != 0); P("neg0", 1.0 / vd[5]);
    P("overflow", vd[4] * 10.0); P("underflow", DBL_MIN / vd[4] * 1e-10);
    double nan_v = vd[5] / vd[5];
    P("nan==nan", nan_v == nan_v); P("nan<1", nan_v < 1.0); P("isnan", isnan(nan_v) != 0);
    P("isinf", isinf(vd[4] * 10.0) != 0);
    P("fmin-nan", fmin(nan_v, a));

    P("pow", pow(a, t)); P("exp", exp(a)); P("log", log(vd[4])); P("log10", log10(1000.0 * c * 10.0));
    P("sin", sin(a)); P("cos", cos(a)); P("atan2", atan2(a, b)); P("hypot", hypot(t, 4.0 * c * 10.0));
    P("cbrt", cbrt(27.0 * c * 10.0)); P("tanh", tanh(c));

    float fa = vf[0], fb = vf[1], fc = vf[2], ft = vf[3];
    PF("f32add", fa + fc); PF("f32div", fc / ft); PF("f32mul", fc * ft);
    PF("f32sqrt", sqrtf(ft)); PF("f32floor", floorf(fb)); PF("f32ceil", ceilf(fb));
    PF("f32trunc", truncf(fb)); PF("f32round", roundf(fb)); PF("f32nearest", nearbyintf(fa));
    PF("f32ovf", vf[4] * 10.0f); PF("f32round-trip", (float)(double)vf[5]);
    PF("f32from64", (float)vd[2]); P("f64from32", (double)fc);

    P("i32->f64", (double)(int32_t)(-2147483647 - 1 + (int)a));
    P("u32->f64", (double)(uint32_t)(4294967295u - (unsigned)a));
    P("i64->f64", (double)(int64_t)(9007199254740993LL + (int64_t)a));
    P("u64->f64", (double)(uint64_t)(18446744073709551615ull - (uint64_t)a));
    PF("i32->f32", (float)(int32_t)(16777217 + (int)a));
    PF("u64->f32", (float)(uint64_t)(18446744073709551615ull - (uint64_t)a));
    printf("f64->i32 %d %d\n", (int32_t)b, (int32_t)(vd[7] / 1e10));
    printf("f64->u32 %u\n", (uint32_t)(a * 1e9));
    printf("f64->i64 %lld\n", (long long)(int64_t)(-vd[7] * 2.0));
    printf("f64->u64 %llu\n", (unsigned long long)(uint64_t)(vd[7] * 4000.0));
    printf("f32->i32 %d\n", (int32_t)(fb * 1000000.0f));

    double dbits = c;
    uint64_t bits;
    memcpy(&bits, &dbits, sizeof bits);
    printf("bits %016llx\n", (unsigned long long)bits);
    float fbits = fc;
    uint32_t b32;
    memcpy(&b32, &fbits, sizeof b32);
    printf("bits32 %08x\n", b32);

    /* accumulate: a long loop of dependent f64 operations */
    double acc = 0.0;
    for (int i = 1; i <= 100000; i++) acc += 1.0 / ((double)i * (double)i);
    P("basel", acc);
    CHECK(fabs(acc - 1.6449240668982423) < 1e-12);
    return 0;
}
