/*
 * stream.h - metrics.csv and metrics_public.csv written by two threads
 * from a bounded queue of row blocks (see stream.c).
 */
#ifndef RCM_REPORT_STREAM_H
#define RCM_REPORT_STREAM_H

#include "report/report.h"

typedef struct rcm_csv_stream rcm_csv_stream;

/* Start the two writer threads on open files; writes both headers.
 * Errors: RCM_ERR_NOMEM. */
rcm_err rcm_csv_stream_start(const rcm_config *cfg, const rcm_cohort *cohort, FILE *full,
                             FILE *public_csv, rcm_csv_stream **out);
/* Queue a copy of one block (rows of one metric and detail, `detail` its
 * detail string, which must stay valid until finish); waits while the queue
 * is full. Returns a writer's error as soon as one is known. */
rcm_err rcm_csv_stream_push(rcm_csv_stream *s, const char *detail, const rcm_metric_row *rows,
                            size_t n, const uint8_t *status);
typedef struct {
    char sha256[65];
    uint64_t bytes;
} rcm_csv_digest;

/* Write what is queued, stop the threads and free everything; returns the
 * first write error (RCM_ERR_IO) or RCM_OK, and when `out` is not NULL the
 * checksum and size of each file ([0] full, [1] public). NULL s: no-op. */
rcm_err rcm_csv_stream_finish(rcm_csv_stream *s, rcm_csv_digest *out);

#endif
