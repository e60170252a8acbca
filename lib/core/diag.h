/*
 * diag.h - building error messages and log lines inside the library.
 *
 * rcm_fail() records an error in the caller's rcm_diag and returns its code,
 * so a failing function can `return rcm_fail(d, RCM_ERR_DATA, "...")`.
 * Messages follow STYLE: location first, lowercase, no final period.
 */
#ifndef RCM_CORE_DIAG_H
#define RCM_CORE_DIAG_H

#include "rcm.h"

#if defined(__GNUC__)
#define RCM_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define RCM_PRINTF(a, b)
#endif

/* Record `err` with a formatted message; returns err. d may be NULL. */
rcm_err rcm_fail(rcm_diag *d, rcm_err err, const char *fmt, ...) RCM_PRINTF(3, 4);
/* Send a log line (stage, counts) to the callback. */
void rcm_log(rcm_diag *d, const char *fmt, ...) RCM_PRINTF(2, 3);
/* Send a warning line to the callback. */
void rcm_warn(rcm_diag *d, const char *fmt, ...) RCM_PRINTF(2, 3);
/* Send a progress line (only shown on a terminal by the CLI). */
void rcm_progress(rcm_diag *d, const char *fmt, ...) RCM_PRINTF(2, 3);

/* Seconds since an arbitrary fixed point (monotonic clock). */
double rcm_now(void);

#endif
