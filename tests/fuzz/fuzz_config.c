/*
 * fuzz_config.c - the profile loader (lib/config: inih, keys, lists, the
 * catalog reader): any profile, catalog and --set text ends in a config or
 * in RCM_ERR_CONFIG / RCM_ERR_USAGE with a message, never a crash, a leak
 * or another code.
 *
 * The input is the profile; a line "%%" starts the catalog (cat.csv beside
 * the profile, which a profile names with `catalog = cat.csv`), and a
 * second "%%" line starts --set assignments, one per line. Without a
 * catalog part the catalog is a fixed small one.
 */
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "fuzz.h"

#define MAX_SETS 8

static const char small_catalog[] =
    "code,name,career_field,points,tier,first_year,last_year,district_id,english,math,cdip\n"
    "H12,Health twelve,Health,12,VALUED,,,,Y,N,Y\n"
    "I4,IT four,Information Technology,4,RECOGNIZED,2018,2022,D1,N,Y,N\n";

static void check(int ok)
{
    if (!ok)
        abort();
}

/* The next part of data[*pos..size): up to a "\n%%\n" line or the end. */
static size_t next_part(const uint8_t *data, size_t size, size_t *pos, size_t *len)
{
    size_t start = *pos, i;
    for (i = start; i + 4 <= size; i++)
        if (memcmp(data + i, "\n%%\n", 4) == 0) {
            *len = i + 1 - start;
            *pos = i + 4;
            return start;
        }
    *len = size - start;
    *pos = size + 1;
    return start;
}

/* Split the --set part into NUL-terminated lines (at most MAX_SETS). */
static size_t split_sets(char *text, rcm_setting *sets)
{
    size_t n = 0;
    char *p = text;
    while (*p && n < MAX_SETS) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        sets[n++].assignment = p;
        if (!nl)
            break;
        p = nl + 1;
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t pos = 0, len, start, n_sets = 0;
    const char *path;
    char *set_text = NULL;
    rcm_setting sets[MAX_SETS];
    rcm_config *cfg = NULL;
    rcm_diag diag;
    rcm_err err;
    start = next_part(data, size, &pos, &len);
    check(fuzz_write("cat.csv", (const uint8_t *)small_catalog, strlen(small_catalog)) != NULL);
    path = fuzz_write("rcm.ini", data + start, len);
    check(path != NULL);
    if (pos <= size) {
        start = next_part(data, size, &pos, &len);
        check(fuzz_write("cat.csv", data + start, len) != NULL);
    }
    if (pos <= size) {
        set_text = malloc(size - pos + 1);
        check(set_text != NULL);
        memcpy(set_text, data + pos, size - pos);
        set_text[size - pos] = '\0';
        n_sets = split_sets(set_text, sets);
    }
    memset(&diag, 0, sizeof diag);
    err = rcm_config_load(path, n_sets ? sets : NULL, n_sets, &cfg, &diag);
    if (err) {
        check(cfg == NULL && diag.message[0] != '\0');
        check(err == RCM_ERR_CONFIG || err == RCM_ERR_USAGE || err == RCM_ERR_NOMEM);
    } else {
        check(cfg != NULL);
    }
    rcm_config_free(cfg);
    free(set_text);
    return 0;
}
