/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* fixture_extdata.c — reads and writes host data through the object's GOT
 * (PIC) or, compiled without PIC, through a PC-relative reference that a
 * far host address cannot satisfy: the load must then fail cleanly. */
extern long host_data[4];
extern long host_scale(long x);

/* A pointer to host data stored in the object's own data. */
long *fx_host_ptr = &host_data[2];

long fx_host_sum(void)
{
    return host_data[0] + host_data[1] + host_data[2] + host_data[3];
}

void fx_host_set(int i, long v) { host_data[i & 3] = v; }

long fx_host_indirect(void) { return *fx_host_ptr + host_scale(3); }
