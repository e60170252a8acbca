/*
 * gen.c - `rcm gen`: check the options, load the profile, write a
 * synthetic SIS export (SPEC 1, files of SPEC 3).
 *
 * The profile (config/<profile>.ini and its catalog) decides the headers,
 * the code values, the delimiter, year_end and the credential codes; the
 * export itself is rcm_gen_export() in export.c.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "gen/gen_internal.h"

#define GEN_MAX_STUDENTS 100000000u
#define GEN_MAX_YEARS_OPT 30

rcm_err rcm_gen_check_options(const rcm_gen_options *opt, rcm_diag *diag)
{
    const char *p = opt ? opt->profile : NULL;
    if (!opt || !opt->output_dir || !*opt->output_dir)
        return rcm_fail(diag, RCM_ERR_USAGE, "gen: an output directory is required (--output)");
    if (opt->students == 0 || opt->students > GEN_MAX_STUDENTS)
        return rcm_fail(diag, RCM_ERR_USAGE, "gen: --students: '%llu' is not in 1..%u",
                        (unsigned long long)opt->students, GEN_MAX_STUDENTS);
    if (opt->years < 0 || opt->years > GEN_MAX_YEARS_OPT)
        return rcm_fail(diag, RCM_ERR_USAGE, "gen: --years: '%d' is not in 1..%d", opt->years,
                        GEN_MAX_YEARS_OPT);
    if (p && (!*p || *p == '.' || strchr(p, '/')))
        return rcm_fail(diag, RCM_ERR_USAGE, "gen: --profile: '%s' is not a profile name", p);
    return RCM_OK;
}

/*
 * Write enrollments, credentials, assessments and programs (.csv, or .csv.gz
 * with opt->gzip) into opt->output_dir, creating it if missing; other
 * spellings of those names there (NAME, NAME.csv / NAME.csv.gz) are removed
 * so the directory is a valid --input. students 0 is an error, years 0
 * means 6, profile NULL means ohio, config_dir NULL means "config".
 * Errors: RCM_ERR_USAGE (bad option), RCM_ERR_NOINPUT (no such profile),
 * the config loader's errors, RCM_ERR_CANTCREAT (directory or file cannot
 * be created), RCM_ERR_IO (a write failed), RCM_ERR_NOMEM.
 */
rcm_err rcm_gen(const rcm_gen_options *opt, rcm_diag *diag)
{
    const char *profile, *dir;
    char path[4096];
    rcm_config *cfg = NULL;
    rcm_err err = rcm_gen_check_options(opt, diag);
    if (err)
        return err;
    profile = opt->profile ? opt->profile : "ohio";
    dir = opt->config_dir ? opt->config_dir : "config";
    if ((size_t)snprintf(path, sizeof path, "%s/%s.ini", dir, profile) >= sizeof path)
        return rcm_fail(diag, RCM_ERR_USAGE, "gen: --profile: '%s' is too long", profile);
    if (access(path, R_OK) != 0)
        return rcm_fail(diag, RCM_ERR_NOINPUT, "%s: cannot read profile '%s': %s", path,
                        profile, strerror(errno));
    err = rcm_config_load(path, NULL, 0, &cfg, diag);
    if (err)
        return err;
    err = rcm_gen_export(opt, cfg, diag);
    rcm_config_free(cfg);
    return err;
}
