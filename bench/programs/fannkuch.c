/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* fannkuch: fannkuch-redux — permutations, small array flips, branches. */
#include "bench.h"

int main(int argc, char **argv)
{
    int n = (int)bench_arg(argc, argv, 10);
    if (n > 16)
        return 2;
    int perm[16], perm1[16], count[16];
    int maxflips = 0, checksum = 0, permcount = 0, r = n;
    for (int i = 0; i < n; i++)
        perm1[i] = i;
    for (;;) {
        while (r != 1) {
            count[r - 1] = r;
            r--;
        }
        for (int i = 0; i < n; i++)
            perm[i] = perm1[i];
        int flips = 0, k;
        while ((k = perm[0]) != 0) {
            for (int i = 0, j = k; i < j; i++, j--) {
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            flips++;
        }
        if (flips > maxflips)
            maxflips = flips;
        checksum += (permcount % 2 == 0) ? flips : -flips;
        for (;;) {
            if (r == n)
                goto done;
            int p0 = perm1[0];
            for (int i = 0; i < r; i++)
                perm1[i] = perm1[i + 1];
            perm1[r] = p0;
            if (--count[r] > 0)
                break;
            r++;
        }
        permcount++;
    }
done:
    printf("%d\nPfannkuchen(%d) = %d\n", checksum, n, maxflips);
    /* published results */
    static const int known[][3] = {{7, 228, 16}, {8, 1616, 22}, {9, 8629, 30},
                                   {10, 73196, 38}, {11, 556355, 51}, {12, 3968050, 65}};
    int ok = 1;
    for (int i = 0; i < 6; i++)
        if (known[i][0] == n && (known[i][1] != checksum || known[i][2] != maxflips))
            ok = 0;
    return bench_check(ok, "fannkuch result mismatch");
}
