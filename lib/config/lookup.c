/*
 * lookup.c - code-set mapping and catalog lookup used by later stages.
 */
#include <string.h>

#include "config/config.h"
#include "core/parse.h"

const char *const rcm_metric_names[RCM_METRIC_COUNT] = {
    "acgr", "cert_attainment", "cert_attainment_enrolled", "oh_pfs", "oh_cred_pathway",
    "tn_ready_graduate", "co_competency", "co_cdip"};

int rcm_code_lookup(const rcm_config *cfg, rcm_codeset set, const char *s, size_t len)
{
    const rcm_codemap *map = &cfg->codes[set];
    const char *const *values;
    size_t i, n;
    /* values listed under [codes.set] map first (SPEC 3) */
    for (i = 0; i < map->n_aliases; i++)
        if (rcm_ieq(s, len, map->aliases[i].sis_value))
            return map->aliases[i].code;
    values = rcm_codeset_values(set, &n);
    for (i = 0; i < n; i++)
        if (rcm_ieq(s, len, values[i]))
            return (int)i;
    return -1;
}

int rcm_catalog_find(const rcm_catalog *cat, const char *code, size_t len)
{
    size_t lo = 0, hi = cat->n_codes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *c = cat->codes[mid];
        size_t cl = strlen(c);
        int r = memcmp(c, code, cl < len ? cl : len);
        if (!r)
            r = cl < len ? -1 : cl > len;
        if (!r)
            return (int)mid;
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int row_valid_in(const rcm_catalog_row *r, int label)
{
    return (!r->first_year || label >= r->first_year) && (!r->last_year || label <= r->last_year);
}

const rcm_catalog_row *rcm_catalog_lookup(const rcm_catalog *cat, int code_index, int label,
                                          const char *district_id)
{
    const rcm_catalog_row *every = NULL;
    uint32_t i;
    if (code_index < 0 || (size_t)code_index >= cat->n_codes)
        return NULL;
    /* a row for the student's own district wins over a row for every district */
    for (i = 0; i < cat->n_code_rows[code_index]; i++) {
        const rcm_catalog_row *r = &cat->rows[cat->code_rows[code_index][i]];
        if (!row_valid_in(r, label))
            continue;
        if (r->district_id) {
            if (district_id && strcmp(r->district_id, district_id) == 0)
                return r;
        } else if (!every) {
            every = r;
        }
    }
    return every;
}
