/*
 * rcm.h - the public interface of the rcm library.
 *
 * rcm turns SIS exports into report-card metrics. The command line tool in
 * cmd/rcm includes only this header: it fills an rcm_options, calls
 * rcm_run / rcm_validate / rcm_gen, and maps the returned rcm_err to an exit
 * code with rcm_exit_code(). The library never prints and never exits:
 * warnings and log lines go through the caller's rcm_diag_fn, errors come
 * back as an rcm_err with a message in rcm_diag.
 */
#ifndef RCM_H
#define RCM_H

#include <stddef.h>
#include <stdint.h>

/* Error codes. Numbered once and never renumbered. */
typedef enum {
    RCM_OK = 0,
    RCM_ERR_USAGE = 1,    /* bad command line or option value */
    RCM_ERR_DATA = 2,     /* input invalid (missing column, reject rate, no rows) */
    RCM_ERR_NOINPUT = 3,  /* input file or config missing / unreadable / ambiguous */
    RCM_ERR_SOFTWARE = 4, /* internal invariant broke */
    RCM_ERR_NOMEM = 5,    /* out of memory or other system failure */
    RCM_ERR_CANTCREAT = 6,/* output directory cannot be created or written */
    RCM_ERR_IO = 7,       /* read or write failed mid-run */
    RCM_ERR_LOCKED = 8,   /* another run holds the output lock */
    RCM_ERR_CONFIG = 9,   /* config invalid */
    RCM_ERR_COUNT
} rcm_err;

/* Human-readable name of an error code ("config invalid"); never NULL. */
const char *rcm_strerror(rcm_err err);
/* sysexits.h code for an error (RCM_OK -> 0, RCM_ERR_CONFIG -> 78, ...). */
int rcm_exit_code(rcm_err err);
/* "1.0.0" */
const char *rcm_version(void);

/* Severity of a diagnostic line passed to the callback. */
typedef enum { RCM_DIAG_LOG = 0, RCM_DIAG_WARN = 1, RCM_DIAG_PROGRESS = 2 } rcm_diag_level;

/* Callback for log lines and warnings. `msg` has no trailing newline and no
 * "rcm: " prefix; it is valid only during the call. */
typedef void (*rcm_diag_fn)(void *ctx, rcm_diag_level level, const char *msg);

/* The error record: where (path, line, column may be empty / 0) and a
 * complete message such as "enrollments.csv:12: school_year: '2019-2021' is
 * not a school year (want 2019-2020)". Filled by the function that fails. */
typedef struct rcm_diag {
    rcm_err err;
    char message[1024];
    rcm_diag_fn fn;  /* may be NULL: warnings and logs are dropped */
    void *ctx;
} rcm_diag;

/* One --set SECTION.KEY=VALUE override, as given on the command line. */
typedef struct {
    const char *assignment;
} rcm_setting;

typedef struct {
    const char *config_path;    /* --config */
    const char *input_dir;      /* --input */
    const char *output_dir;     /* --output (NULL allowed for validate) */
    const rcm_setting *sets;    /* --set, in command-line order */
    size_t n_sets;
    int student_detail;         /* --student-detail */
    int progress;               /* show a progress line through RCM_DIAG_PROGRESS */
} rcm_options;

/* The whole pipeline: read, cohort, metrics, suppress, report. */
rcm_err rcm_run(const rcm_options *opt, rcm_diag *diag);
/* Read and check inputs and config only; writes rejects.csv when
 * opt->output_dir is set. */
rcm_err rcm_validate(const rcm_options *opt, rcm_diag *diag);

typedef struct {
    const char *output_dir;
    uint64_t students;    /* default 2000 */
    uint64_t seed;        /* default 1 */
    int years;            /* school years of data, default 6 */
    int gzip;             /* write .csv.gz files */
    const char *profile;  /* ohio (default), tennessee, colorado, washington */
    const char *config_dir; /* where config/<profile>.ini lives; NULL = built-in search */
} rcm_gen_options;

/* Write a synthetic SIS export (all four input files) into output_dir. */
rcm_err rcm_gen(const rcm_gen_options *opt, rcm_diag *diag);

#endif
