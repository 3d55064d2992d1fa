/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception */
/* diag.c — formats the first diagnostic of a failed decode/validate/link. */
#include "diag.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool base_diag_fail(base_diag_t *d, int status, size_t offset, const char *reason,
                    const char *context_fmt, ...)
{
    if (!d || d->set) return false;
    d->set = true;
    d->status = status;
    d->offset = offset;
    snprintf(d->reason, sizeof d->reason, "%s", reason);
    char context[256] = "";
    if (context_fmt) {
        va_list ap;
        va_start(ap, context_fmt);
        vsnprintf(context, sizeof context, context_fmt, ap);
        va_end(ap);
    }
    if (context[0])
        snprintf(d->message, sizeof d->message, "%s, offset 0x%zx: %s", context, offset, reason);
    else
        snprintf(d->message, sizeof d->message, "offset 0x%zx: %s", offset, reason);
    return false;
}
