/*
 * report.h - the outputs (SPEC 8): metrics.csv, metrics_public.csv,
 * rejects.csv, students.csv, manifest.json, report.xlsx, written safely.
 *
 * Last stage. Every writer takes an open path chosen by the caller (a
 * temporary file in the output directory); rcm_outset commits the whole set
 * by renaming after all writers succeeded (SPEC 8.7).
 */
#ifndef RCM_REPORT_H
#define RCM_REPORT_H

#include <stdio.h>

#include "suppress/suppress.h"

/* Count of reject lines per (file, reason code, action), for the Data
 * quality sheet and the log. */
typedef struct {
    uint8_t file;          /* rcm_file_kind, or RCM_FILE_COUNT for the catalog */
    uint8_t blanked;       /* 0 rejected, 1 blanked */
    const char *reason;    /* reason code only, e.g. "bad_date" */
    uint64_t count;
} rcm_reason_count;

/* Everything a report writer may show. All pointers are borrowed. */
typedef struct {
    const rcm_config *cfg;
    const rcm_dataset *ds;
    const rcm_cohort *cohort;
    const rcm_results *res;
    const uint8_t *public_status;  /* rcm_status per res->rows[i] */
    const rcm_reason_count *reasons;
    size_t n_reasons;              /* sorted by file, action, reason */
    int64_t source_epoch;          /* fixed document time for the workbook (seconds) */
} rcm_report_input;

/* Writer of metrics.csv / metrics_public.csv lines, with the CSV text of
 * every entity cached. Owned by the caller: rcm_csv_writer_free(). */
typedef struct rcm_csv_writer rcm_csv_writer;
rcm_err rcm_csv_writer_new(const rcm_config *cfg, const rcm_cohort *c, rcm_csv_writer **out);
void rcm_csv_writer_free(rcm_csv_writer *w);
/* Attach w to the file descriptor fd (nothing written there yet) and put
 * the header line of both metrics files (SPEC 8.1). Full buffers are
 * written on a background thread (report/bgwrite.h). RCM_ERR_NOMEM. */
rcm_err rcm_report_csv_header(rcm_csv_writer *w, int fd);
/* Write w's file with direct I/O (O_DIRECT) where the system allows it:
 * the lines go from w's buffers to the disk, not through the page cache,
 * which the run has to flush anyway (SPEC 8.7). Returns 1 if on. */
int rcm_csv_writer_direct(rcm_csv_writer *w);
/* Write out the rest; 0, or the errno of the first failed write (the
 * file is not yet flushed to disk: the caller fsyncs it). */
int rcm_csv_writer_finish(rcm_csv_writer *w);
/* SHA-256 (lowercase hex) and size of everything w wrote; call once, at the
 * end (the files' checksums need no read-back). */
void rcm_csv_writer_digest(rcm_csv_writer *w, char hex[65], uint64_t *bytes);
/* Bytes w has formatted and hashed so far. */
uint64_t rcm_csv_writer_bytes(const rcm_csv_writer *w);
/* Lines for rows[0..n), which share one metric and the detail string
 * `detail`; status NULL = full figures (metrics.csv), else the public status
 * of each row (metrics_public.csv: hidden cells empty). A writer is used by
 * one thread at a time. Errors: RCM_ERR_IO (write failed), RCM_ERR_NOMEM. */
rcm_err rcm_report_csv_block(rcm_csv_writer *w, const char *detail, const rcm_metric_row *rows,
                             size_t n, const uint8_t *status);

/* students.csv (SPEC 8.4). */
rcm_err rcm_report_write_students_csv(const rcm_report_input *in, FILE *f, rcm_diag *diag);
/* report.xlsx at `path` (libxlsxwriter writes the file itself).
 * Errors: RCM_ERR_IO (cannot write the path), RCM_ERR_NOMEM,
 * RCM_ERR_SOFTWARE (libxlsxwriter refused a call: a bug of ours). */
rcm_err rcm_report_write_xlsx(const rcm_report_input *in, const char *path, rcm_diag *diag);

/* Append one CSV field to f with RFC 4180 quoting only where needed
 * (delimiter, quote, CR or LF in the value). */
void rcm_csv_put_field(FILE *f, const char *s, size_t len);

/* The group_value text of a row: "all", a gender or race code, or Y/N. */
const char *rcm_report_group_value(const rcm_metric_row *r);

/* The PFS letter grade of an oh_pfs points row: the exact percent (points
 * per student x 100) rounded to one decimal against cfg->grades; F below
 * the last cut-off. */
char rcm_report_pfs_grade(const rcm_config *cfg, const rcm_metric_row *row);

#endif
