/*
 * csv.c - metrics.csv and metrics_public.csv (SPEC 8.1, 8.2).
 *
 * UTF-8, LF, RFC 4180 quoting only where needed; numbers formatted from
 * integers (rounding half away from zero already done by the metrics), so
 * the same input gives the same bytes.
 */
#include <string.h>

#include "core/diag.h"
#include "core/parse.h"
#include "report/report.h"

void rcm_csv_put_field(FILE *f, const char *s, size_t len)
{
    size_t i;
    int quote = 0;
    for (i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        fwrite(s, 1, len, f);
        return;
    }
    putc('"', f);
    for (i = 0; i < len; i++) {
        if (s[i] == '"')
            putc('"', f);
        putc(s[i], f);
    }
    putc('"', f);
}

static void put_str(FILE *f, const char *s) { rcm_csv_put_field(f, s, strlen(s)); }

const char *rcm_report_group_value(const rcm_metric_row *r)
{
    size_t n;
    switch ((rcm_dim)r->group) {
    case RCM_DIM_ALL: return "all";
    case RCM_DIM_GENDER: return rcm_codeset_values(RCM_CODES_GENDER, &n)[r->group_value];
    case RCM_DIM_RACE: return rcm_codeset_values(RCM_CODES_RACE, &n)[r->group_value];
    case RCM_DIM_ELL:
    case RCM_DIM_ECON_DISADV:
    case RCM_DIM_SPED:
    case RCM_DIM_CTE: return r->group_value ? "Y" : "N";
    case RCM_DIM_COUNT: break;
    }
    return "";
}

static void put_entity(FILE *f, const rcm_report_input *in, const rcm_metric_row *r)
{
    const rcm_entities *e = &in->cohort->entities;
    switch ((rcm_level)r->level) {
    case RCM_LEVEL_ALL:
        fputs(",,", f);
        put_str(f, in->cfg->name);
        break;
    case RCM_LEVEL_DISTRICT:
        put_str(f, e->district_ids[r->entity]);
        putc(',', f);
        putc(',', f);
        put_str(f, e->district_names[r->entity]);
        break;
    case RCM_LEVEL_SCHOOL:
        put_str(f, e->district_ids[e->school_district[r->entity]]);
        putc(',', f);
        put_str(f, e->school_ids[r->entity]);
        putc(',', f);
        put_str(f, e->school_names[r->entity]);
        break;
    case RCM_LEVEL_COUNT: break;
    }
}

static void put_figures(FILE *f, const rcm_metric_row *r, uint8_t status)
{
    char buf[48];
    int hide_num = status != RCM_STATUS_REPORTED;
    int hide_den = status == RCM_STATUS_SUPPRESSED_N;
    putc(',', f);
    if (!hide_num) {
        rcm_format_fixed(buf, r->num, r->num_scale_digits, r->num_scale_digits ? 1 : 0);
        fputs(buf, f);
    }
    putc(',', f);
    if (!hide_den && r->den >= 0) {
        rcm_format_fixed(buf, r->den, 0, 0);
        fputs(buf, f);
    }
    putc(',', f);
    if (!hide_num) {
        rcm_format_fixed(buf, r->value, r->value_decimals, r->value_decimals);
        fputs(buf, f);
    }
    putc(',', f);
    fputs(rcm_status_names[status], f);
    putc('\n', f);
}

rcm_err rcm_report_write_metrics_csv(const rcm_report_input *in, int public_out, FILE *f,
                                     rcm_diag *diag)
{
    const rcm_results *res = in->res;
    size_t i;
    (void)diag;
    fputs("metric,detail,year,level,district_id,school_id,entity_name,group,group_value,"
          "numerator,denominator,value,status\n",
          f);
    for (i = 0; i < res->n_rows; i++) {
        const rcm_metric_row *r = &res->rows[i];
        fputs(rcm_metric_names[r->metric], f);
        putc(',', f);
        put_str(f, res->details[r->detail]);
        fprintf(f, ",%u,%s,", (unsigned)r->year, rcm_level_names[r->level]);
        put_entity(f, in, r);
        putc(',', f);
        fputs(rcm_dim_names[r->group], f);
        putc(',', f);
        fputs(rcm_report_group_value(r), f);
        put_figures(f, r, public_out ? in->public_status[i] : RCM_STATUS_REPORTED);
    }
    return ferror(f) ? RCM_ERR_IO : RCM_OK;
}
