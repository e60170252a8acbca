/*
 * ingest.h - reading the SIS exports (SPEC 3) into compact row records.
 *
 * First stage of the pipeline: read -> cohort -> metrics -> suppress ->
 * report. Each input file is streamed once (plain or gzip, by magic bytes)
 * through libcsv; every data row is accepted, merged as an exact duplicate,
 * or rejected with a line to the reject sink. Accepted rows become
 * fixed-size records whose text fields are interned ids, so memory grows
 * with rows * ~50 bytes and with distinct strings, never with file size.
 *
 * Enrollments are read first: credential, assessment and program rows of a
 * student absent from every accepted enrollment row are `unknown_student`.
 */
#ifndef RCM_INGEST_H
#define RCM_INGEST_H

#include <stdint.h>
#include <stdio.h>

#include "config/config.h"
#include "core/intern.h"
#include "core/parse.h"

/* Enrollment code fields store enum + 1 (0 = empty); assessment test and
 * subject and program kind store the plain enum (always present). Flags:
 * 0 empty, 1 N, 2 Y. */
#define RCM_FLAG_EMPTY 0
#define RCM_FLAG_N 1
#define RCM_FLAG_Y 2

/* One accepted enrollment row (SPEC 3.1). Dates are days (RCM_NO_DATE when
 * empty); years are labels (0 when empty). */
typedef struct {
    uint32_t student;        /* id in ds->students */
    uint32_t district;       /* id in ds->districts */
    uint32_t school;         /* id in ds->schools */
    uint32_t district_name;  /* id in ds->names, 0 = empty */
    uint32_t school_name;    /* id in ds->names, 0 = empty */
    uint32_t order;          /* 0-based index among the file's accepted rows */
    int32_t entry_date, exit_date, diploma_date;
    uint16_t label;          /* school_year label */
    uint16_t grade9_entry;   /* label of grade9_entry_year, 0 = empty */
    uint16_t cohort_year;    /* 0 = empty */
    int8_t grade;            /* PK -1, KG 0, 1..12 */
    uint8_t exit_code;       /* rcm_exit + 1; 0 = empty (still enrolled) */
    uint8_t gender, race;    /* rcm_gender / rcm_race + 1; 0 = empty */
    uint8_t ell, econ_disadv, sped, cte; /* RCM_FLAG_* */
    uint8_t diploma_type;    /* rcm_diploma + 1; 0 = empty */
} rcm_enrollment;

typedef struct {
    uint32_t student;
    uint32_t code;           /* index into cfg->catalog.codes */
    int32_t earned_date;
    uint32_t line;           /* physical line (for diagnostics) */
} rcm_credential;

typedef struct {
    uint32_t student;
    uint8_t test;            /* rcm_test */
    uint8_t pad;
    uint16_t subject;        /* rcm_subject, or for AP/IB: unused (0) */
    uint32_t course;         /* AP/IB course name id in ds->courses, 0 otherwise */
    int32_t test_date;
    int64_t score;           /* fixed-point */
} rcm_assessment;

typedef struct {
    uint32_t student;
    uint16_t label;          /* school_year label */
    uint8_t kind;            /* rcm_kind */
    uint8_t completed;       /* 1 = Y (default), 0 = N */
    uint32_t course;         /* course_id in ds->courses, 0 = empty */
    int64_t credit_hours;    /* fixed-point, default 0 */
} rcm_program;

/* Per-file accounting (SPEC 3.6): read = accepted + duplicates + rejected. */
typedef struct {
    const char *name;        /* canonical file name ("enrollments") */
    char *path;              /* path that was read; NULL when an optional file is absent */
    char *display;           /* file name as shown in messages and rejects.csv */
    uint64_t bytes;          /* bytes on disk */
    char sha256[65];         /* of the bytes on disk */
    int present;
    uint64_t read, accepted, duplicates, rejected, blanked;
} rcm_file_stats;

/* Which optional enrollment columns the header had (a subgroup dimension
 * whose column is absent produces no rows: SPEC 4). Index rcm_enr_col. */
typedef struct {
    uint8_t present[ENR_COL_COUNT];
} rcm_enr_columns;

typedef struct {
    rcm_enrollment *enr;  size_t n_enr;
    rcm_credential *cred; size_t n_cred;
    rcm_assessment *test; size_t n_test;
    rcm_program *prog;    size_t n_prog;

    rcm_intern *students;   /* student_id */
    rcm_intern *districts;  /* district_id */
    rcm_intern *schools;    /* school_id */
    rcm_intern *names;      /* district and school names */
    rcm_intern *courses;    /* AP/IB course names, program course ids */

    rcm_enr_columns enr_columns;
    int max_label;          /* latest school-year label among accepted enrollment rows */

    rcm_file_stats files[RCM_FILE_COUNT];
    rcm_file_stats catalog; /* the catalog file, for the manifest (rows: catalog rows) */
} rcm_dataset;

/* One line of rejects.csv (SPEC 8.3). Strings valid during the call only. */
typedef struct {
    const char *file;     /* display name, e.g. "enrollments.csv.gz" */
    uint64_t line;        /* physical line where the record starts (header = 1) */
    const char *column;   /* canonical column name, "" when none */
    const char *value;    /* offending value as read, "" when none */
    size_t value_len;
    const char *reason;   /* "bad_date: not a date (YYYY-MM-DD)": code, colon, message */
    int blanked;          /* 0 = action rejected, 1 = action blanked */
} rcm_reject;

/* Receives reject lines in input order. Returns 0, or -1 when it could not
 * record the line (write error: ingest stops with RCM_ERR_IO). */
typedef int (*rcm_reject_fn)(void *ctx, const rcm_reject *r);

typedef struct {
    rcm_reject_fn fn;     /* may be NULL: rejects are counted only */
    void *ctx;
    size_t chunk_size;    /* read size; 0 = default (1 MiB). Tests vary it. */
} rcm_ingest_options;

/* Read every input file of `cfg` from `input_dir`. Errors: RCM_ERR_NOINPUT
 * (enrollments missing, a file unreadable, NAME / NAME.csv / NAME.csv.gz
 * ambiguous), RCM_ERR_DATA (required column missing, reject rate above
 * max_reject_rate, no valid enrollment row, field over 64 KiB, unterminated
 * quote), RCM_ERR_IO (read error, truncated or corrupt gzip), RCM_ERR_NOMEM.
 * On success *out is owned by the caller: rcm_dataset_free(). */
rcm_err rcm_ingest_read(const rcm_config *cfg, const char *input_dir,
                        const rcm_ingest_options *opt, rcm_dataset **out, rcm_diag *diag);
void rcm_dataset_free(rcm_dataset *ds);

/*
 * The CSV record reader underneath (exposed for tests and the benchmark).
 * It reads a byte source (plain or gzip by magic bytes), skips a leading
 * BOM, accepts LF and CRLF, and reports each record with the physical line
 * on which it starts. Empty lines are skipped.
 */
typedef struct rcm_csv_reader rcm_csv_reader;

typedef struct {
    size_t n_fields;
    const char *const *fields;   /* fields[i] points at field i, NUL-terminated; the
                                  * fields lie back to back, each after the
                                  * previous one's NUL */
    const size_t *lens;          /* lens[i] = byte length of field i */
    uint64_t line;               /* physical line where the record starts */
    unsigned flags;              /* RCM_REC_*: what is known of every field */
} rcm_csv_record;

/* No field starts or ends with a blank (space, tab, CR, LF): trimming would
 * change nothing. Set on lines split without libcsv (no quotes). */
#define RCM_REC_TRIMMED 1u
/* Every byte of every field is 0x01-0x7F: valid UTF-8 text, no NUL. */
#define RCM_REC_ASCII 2u

/* Open `path` for reading. display is the name used in messages.
 * chunk_size 0 = default. Errors: RCM_ERR_NOINPUT, RCM_ERR_IO, RCM_ERR_NOMEM. */
rcm_err rcm_csv_open(const char *path, const char *display, char delimiter, size_t chunk_size,
                     rcm_csv_reader **out, rcm_diag *diag);
/* Next record: returns RCM_OK and sets *rec (valid until the next call), or
 * RCM_OK with *rec = NULL at end of input. Errors: RCM_ERR_IO (read error,
 * truncated/corrupt gzip), RCM_ERR_DATA (field over 64 KiB, record over
 * 1 MiB, unterminated quoted field at end of file), RCM_ERR_NOMEM. */
rcm_err rcm_csv_next(rcm_csv_reader *r, const rcm_csv_record **rec, rcm_diag *diag);
/* Bytes read from disk so far (for progress), and the SHA-256 of the bytes
 * read (complete once the end was reached). */
uint64_t rcm_csv_bytes_read(const rcm_csv_reader *r);
void rcm_csv_sha256(const rcm_csv_reader *r, char hex[65]);
void rcm_csv_close(rcm_csv_reader *r);

#endif
