/*
 * students.c - students.csv (SPEC 8.4): one row per student in a cohort,
 * as of the cohort year, so that every figure can be traced to students
 * (appeals). Written only with --student-detail, mode 0600: it holds
 * student identifiers and is never published.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/parse.h"
#include "metrics/evidence.h"
#include "report/report.h"

static const char *yn(int v) { return v ? "Y" : "N"; }

static const char *code_name(rcm_codeset set, int stored)
{
    size_t n;
    return stored ? rcm_codeset_values(set, &n)[stored - 1] : "";
}

static const char *flag_name(int v) { return v == RCM_FLAG_Y ? "Y" : v == RCM_FLAG_N ? "N" : ""; }

static const char *graduated(const rcm_cohort *c, uint32_t s, int y, const rcm_asof *a4)
{
    const rcm_config *cfg = c->cfg;
    rcm_asof a5;
    if (rcm_is_graduate(cfg, a4, rcm_year_end(y, cfg->year_end_month, cfg->year_end_day)))
        return "4yr";
    if (c->ds->max_label < y + 1)
        return "";
    rcm_cohort_asof(c, s, y + 1, &a5);
    if (rcm_in_adjusted(cfg, &a5) &&
        rcm_is_graduate(cfg, &a5, rcm_year_end(y + 1, cfg->year_end_month, cfg->year_end_day)))
        return "5yr";
    return "";
}

static int write_student(FILE *f, const rcm_report_input *in, uint32_t s, rcm_cred_evidence *ev)
{
    const rcm_cohort *c = in->cohort;
    const rcm_config *cfg = in->cfg;
    const rcm_entities *e = &c->entities;
    int y = c->students[s].cohort_year, failed = 0;
    int32_t w = rcm_year_end(y, cfg->year_end_month, cfg->year_end_day);
    rcm_asof a;
    rcm_pfs_result pfs;
    rcm_test_evidence t;
    char pts[48];
    rcm_cohort_asof(c, s, y, &a);
    if (rcm_eval_pfs(c, s, y, y, ev, &pfs)) /* also fills ev for window y */
        return -1;
    rcm_eval_tests(c, s, w, &t);
    rcm_csv_put_field(f, rcm_intern_str(c->ds->students, s), rcm_intern_len(c->ds->students, s));
    fprintf(f, ",%d,", y);
    rcm_csv_put_field(f, e->district_ids[a.district], strlen(e->district_ids[a.district]));
    putc(',', f);
    rcm_csv_put_field(f, e->school_ids[a.school], strlen(e->school_ids[a.school]));
    fprintf(f, ",%s,%s,%s,%s,%s,%s,%s,%s,%d,", yn(rcm_in_adjusted(cfg, &a)),
            code_name(RCM_CODES_EXIT, a.exit_code), graduated(c, s, y, &a),
            code_name(RCM_CODES_GENDER, a.group[RCM_DIM_GENDER]),
            code_name(RCM_CODES_RACE, a.group[RCM_DIM_RACE]), flag_name(a.group[RCM_DIM_ELL]),
            flag_name(a.group[RCM_DIM_ECON_DISADV]), flag_name(a.group[RCM_DIM_SPED]),
            ev->n_codes);
    if (ev->best_field >= 0) {
        const char *field = cfg->catalog.fields[ev->best_field];
        rcm_csv_put_field(f, field, strlen(field));
        rcm_format_fixed(pts, ev->best_points, 6, 1);
    } else {
        pts[0] = '0';
        pts[1] = '\0';
    }
    fprintf(f, ",%s,%s,%s,%s,%s,%s,", pts, yn(ev->any), yn(pfs.remediation_free),
            yn(pfs.primary), yn(pfs.bonus),
            yn(ev->best_field >= 0 && ev->best_points >= cfg->path_points &&
               rcm_oh_workkeys_pass(cfg, &t, y)));
    fprintf(f, "%s\n", yn(rcm_in_adjusted(cfg, &a) && rcm_eval_tn_ready(c, s, y, &a, ev, &failed)));
    return failed ? -1 : 0;
}

rcm_err rcm_report_write_students_csv(const rcm_report_input *in, FILE *f, rcm_diag *diag)
{
    const rcm_cohort *c = in->cohort;
    uint32_t *rank = rcm_intern_ranks(c->ds->students), *by_rank, s;
    rcm_cred_evidence ev;
    rcm_err err = RCM_OK;
    (void)diag;
    by_rank = rcm_malloc(((size_t)c->n_students + 1) * sizeof *by_rank);
    if (!rank || !by_rank || rcm_cred_evidence_init(&ev, in->cfg)) {
        free(rank);
        free(by_rank);
        return RCM_ERR_NOMEM;
    }
    for (s = 1; s <= c->n_students; s++)
        by_rank[rank[s]] = s;
    fputs("student_id,cohort_year,district_id,school_id,in_adjusted_cohort,final_status,"
          "graduated,gender,race,ell,econ_disadv,sped,credentials,best_field,"
          "best_field_points,cert_attained,oh_remediation_free,oh_pfs_primary,oh_pfs_bonus,"
          "oh_cred_pathway,tn_ready_graduate\n",
          f);
    for (s = 0; s < c->n_students && !err; s++)
        if (c->students[by_rank[s]].cohort_year && write_student(f, in, by_rank[s], &ev))
            err = RCM_ERR_NOMEM;
    rcm_cred_evidence_release(&ev);
    free(rank);
    free(by_rank);
    if (!err && ferror(f))
        err = RCM_ERR_IO;
    return err;
}
