/*
 * config.h - the INI profile (SPEC 2) and the credential catalog (SPEC 3.5).
 *
 * rcm_config_load() reads the profile with inih, applies --set overrides,
 * validates every key (unknown section or key, bad value: RCM_ERR_CONFIG)
 * and loads the catalog the profile names. The result is read-only for the
 * rest of the pipeline. Everything it points to is owned by cfg->arena and
 * freed by rcm_config_free().
 */
#ifndef RCM_CONFIG_H
#define RCM_CONFIG_H

#include <stdint.h>

#include "core/arena.h"
#include "core/schema.h"
#include "rcm.h"

/* Metrics in output order (SPEC 6 / 8.1). */
typedef enum {
    RCM_METRIC_ACGR = 0, RCM_METRIC_CERT_ATTAINMENT, RCM_METRIC_CERT_ATTAINMENT_ENROLLED,
    RCM_METRIC_OH_PFS, RCM_METRIC_OH_CRED_PATHWAY, RCM_METRIC_TN_READY_GRADUATE,
    RCM_METRIC_CO_COMPETENCY, RCM_METRIC_CO_CDIP, RCM_METRIC_COUNT
} rcm_metric;
extern const char *const rcm_metric_names[RCM_METRIC_COUNT]; /* "acgr", ... */

/* One SIS value mapped onto a canonical code (value is stored uppercased,
 * trimmed; matching is case-insensitive). */
typedef struct {
    const char *sis_value;
    int code; /* enum value of the code set */
} rcm_code_alias;

typedef struct {
    rcm_code_alias *aliases;
    size_t n_aliases;
} rcm_codemap;

/* One catalog row (SPEC 3.5). Strings are NUL-terminated, owned by the
 * config arena. Years are graduation-year labels, 0 = open. Points are
 * fixed-point (RCM_FIXED_ONE). -1 in career_field / tier = none. */
typedef struct {
    const char *code;
    const char *name;
    int career_field;     /* index into rcm_catalog.fields, -1 none */
    int64_t points;       /* fixed-point, 0 when empty */
    int tier;             /* rcm_tier, -1 none */
    int first_year, last_year;
    const char *district_id; /* NULL = every district */
    uint8_t english, math, cdip;
    uint32_t line;        /* line in the catalog file */
} rcm_catalog_row;

typedef struct {
    rcm_catalog_row *rows;
    size_t n_rows;
    /* Distinct codes in byte order; code_rows[i] lists the row indices of
     * codes[i] (district rows first, then rows for every district; each group
     * in file order). */
    const char **codes;
    uint32_t **code_rows;
    uint32_t *n_code_rows;
    size_t n_codes;
    /* Distinct non-empty career fields in byte order. */
    const char **fields;
    size_t n_fields;
    /* Which tiers appear in the catalog. */
    uint8_t has_tier[RCM_TIER_COUNT];
    const char *path;     /* as resolved (relative to the config file) */
} rcm_catalog;

/* Index of `code` (exact bytes after trimming) in catalog->codes, or -1. */
int rcm_catalog_find(const rcm_catalog *cat, const char *code, size_t len);
/* The row of codes[code_index] valid for school-year label `label` and
 * district `district_id` (a district row before a row for every district),
 * or NULL when none applies (SPEC 3.5, 5). */
const rcm_catalog_row *rcm_catalog_lookup(const rcm_catalog *cat, int code_index, int label,
                                          const char *district_id);

typedef struct {
    rcm_arena *arena;
    const char *path;         /* config file path as given */
    const char *dir;          /* directory of the config file */

    /* [profile] */
    const char *name;         /* default "rcm" */
    const char *title;        /* default "Career readiness report" */

    /* [input] */
    const char *file_base[RCM_FILE_COUNT]; /* base names; default the canonical names */
    const char *catalog_path; /* resolved against dir; required */
    char delimiter;           /* default ',' */
    int bare_year_second;     /* 1 = "second" (default), 0 = "first" */
    int64_t max_reject_rate;  /* fixed-point fraction, default 0.05 */

    /* [columns.*]: header name for each canonical column of that file (the
     * canonical name itself when unlisted; NULL past the file's own column
     * count). Index by rcm_*_col. */
    const char *columns[RCM_FILE_COUNT][ENR_COL_COUNT];

    /* [codes.*] */
    rcm_codemap codes[RCM_CODES_COUNT];

    /* [cohort] */
    int year_end_month, year_end_day;   /* default 08-31 */
    uint8_t remove[RCM_EXIT_COUNT];     /* default TRANSFER_OUT, EMIGRATED, DECEASED, INCARCERATED */
    int subgroups_ever;                 /* 0 = latest (default), 1 = ever */

    /* [metrics] */
    uint8_t enabled[RCM_METRIC_COUNT];  /* default: acgr, cert_attainment, cert_attainment_enrolled, oh_pfs, oh_cred_pathway */

    /* [suppression] */
    int min_n;                /* default 10 */
    int64_t low, high;        /* fixed-point fractions, default 0 and 1 */
    int complementary;        /* default 1 */

    /* [report] */
    int report_years;         /* default 5 */

    /* [acgr] */
    uint8_t acgr_diplomas[RCM_DIPLOMA_COUNT]; /* default STANDARD, HONORS */

    /* [cert_attainment_enrolled] */
    uint8_t enrolled_grades[14];  /* index grade+1: PK=0, KG=1, 1..12 = 2..13; default 12 */

    /* [oh_pfs] (scores fixed-point) */
    int64_t pfs_points;           /* 12 */
    int pfs_union;                /* denominator: 0 four_plus_fifth (default), 1 union */
    int64_t act_english, act_math, act_reading, act_reading_until_2017; /* 18 22 22 21 */
    int64_t sat_ebrw, sat_math;   /* 480 530 */
    int64_t old_sat_writing, old_sat_reading, old_sat_math; /* 430 450 520 */
    int32_t new_sat_from;         /* 2016-03-01 (days) */
    int64_t ap_min, ib_min, ccp_hours; /* 3 4 3 */
    int64_t pfs_bonus;            /* 0.3 */
    struct { char letter; int64_t min_percent; } grades[8]; /* A:93, B:75, C:60, D:40; percents fixed-point */
    int n_grades;

    /* [oh_cred_pathway] */
    int64_t path_points;          /* 12 */
    int64_t section_min;          /* 3 */
    int64_t total_min_until_2019, total_min_from_2020; /* 13 14 */
    int silver_from;              /* 2025 */
    int64_t silver_section_min;   /* 4 */

    /* [tn_ready_graduate] */
    int64_t act_composite, sat_total; /* 21 1060 */
    int epso_min, epso_with;          /* 4 2 */
    int64_t asvab_afqt;               /* 31 */
    uint8_t epso_kinds[RCM_KIND_COUNT]; /* AP_COURSE IB_COURSE DUAL_ENROLLMENT DUAL_CREDIT CLEP CIE LDC */

    /* [co_cdip] (dollars fixed-point) */
    int64_t cdip_unit;            /* 1000 */
    int64_t cdip_frl_factor;      /* 1.2 */
    int64_t cdip_appropriation;   /* 0 = unlimited */

    rcm_catalog catalog;

    /* SHA-256 of the config file bytes, lowercase hex. */
    char sha256[65];
} rcm_config;

/* Load `path`, apply `sets` ("section.key=value", split at the last dot of
 * the part before '='), validate, load the catalog. Errors: RCM_ERR_NOINPUT
 * (config file missing/unreadable), RCM_ERR_CONFIG (anything invalid, or the
 * catalog missing/unreadable; the message names file:line and key),
 * RCM_ERR_USAGE (a malformed --set), RCM_ERR_NOMEM.
 * On success *out is owned by the caller: rcm_config_free(). */
rcm_err rcm_config_load(const char *path, const rcm_setting *sets, size_t n_sets,
                        rcm_config **out, rcm_diag *diag);
void rcm_config_free(rcm_config *cfg);

/* Map a trimmed SIS value through [codes.set]: a listed value maps first,
 * then a canonical value itself (case-insensitive). Returns the enum value
 * or -1 when it maps to nothing. */
int rcm_code_lookup(const rcm_config *cfg, rcm_codeset set, const char *s, size_t len);

#endif
