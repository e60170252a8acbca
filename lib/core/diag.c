/*
 * diag.c - error records, log lines and the error-code tables.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "core/diag.h"

static const char *const err_names[RCM_ERR_COUNT] = {
    "success",
    "bad command line",
    "input invalid",
    "input missing or unreadable",
    "internal error",
    "out of memory or system failure",
    "output cannot be created",
    "read or write failed",
    "output directory locked by another run",
    "config invalid",
};
_Static_assert(sizeof(err_names) / sizeof(err_names[0]) == RCM_ERR_COUNT, "error names");

/* sysexits.h values, written out so the library needs no BSD header. */
static const int exit_codes[RCM_ERR_COUNT] = {0, 64, 65, 66, 70, 71, 73, 74, 75, 78};
_Static_assert(sizeof(exit_codes) / sizeof(exit_codes[0]) == RCM_ERR_COUNT, "exit codes");

const char *rcm_strerror(rcm_err err)
{
    if ((unsigned)err >= RCM_ERR_COUNT)
        return "unknown error";
    return err_names[err];
}

int rcm_exit_code(rcm_err err)
{
    if ((unsigned)err >= RCM_ERR_COUNT)
        return 70;
    return exit_codes[err];
}

const char *rcm_version(void) { return RCM_VERSION; }

rcm_err rcm_fail(rcm_diag *d, rcm_err err, const char *fmt, ...)
{
    if (d) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->message, sizeof d->message, fmt, ap);
        va_end(ap);
        d->err = err;
    }
    return err;
}

static void emit(rcm_diag *d, rcm_diag_level level, const char *fmt, va_list ap)
{
    char buf[2048];
    if (!d || !d->fn)
        return;
    vsnprintf(buf, sizeof buf, fmt, ap);
    d->fn(d->ctx, level, buf);
}

void rcm_log(rcm_diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(d, RCM_DIAG_LOG, fmt, ap);
    va_end(ap);
}

void rcm_warn(rcm_diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(d, RCM_DIAG_WARN, fmt, ap);
    va_end(ap);
}

void rcm_progress(rcm_diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(d, RCM_DIAG_PROGRESS, fmt, ap);
    va_end(ap);
}

double rcm_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
