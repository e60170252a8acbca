/*
 * manifest.c - manifest.json, the run's audit record (SPEC 8.5): version,
 * config and input checksums, per-file reconciliation, student counts and
 * the checksums of the outputs it belongs to. Only `started` and
 * `finished` change between identical runs.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/diag.h"
#include "report/manifest.h"

static void iso_time(time_t t, char buf[32])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static cJSON *input_entry(const rcm_file_stats *fs, const char *name)
{
    cJSON *o = cJSON_CreateObject(), *rows = cJSON_CreateObject();
    const char *base = fs->display ? fs->display : (fs->path ? fs->path : "");
    cJSON_AddStringToObject(o, "name", name);
    cJSON_AddStringToObject(o, "path", base);
    cJSON_AddNumberToObject(o, "bytes", (double)fs->bytes);
    cJSON_AddStringToObject(o, "sha256", fs->sha256);
    cJSON_AddNumberToObject(rows, "read", (double)fs->read);
    cJSON_AddNumberToObject(rows, "accepted", (double)fs->accepted);
    cJSON_AddNumberToObject(rows, "duplicates", (double)fs->duplicates);
    cJSON_AddNumberToObject(rows, "rejected", (double)fs->rejected);
    cJSON_AddNumberToObject(rows, "blanked", (double)fs->blanked);
    cJSON_AddItemToObject(o, "rows", rows);
    return o;
}

static cJSON *build(const rcm_manifest_input *m)
{
    cJSON *root = cJSON_CreateObject(), *cfg = cJSON_CreateObject();
    cJSON *inputs = cJSON_CreateArray(), *students = cJSON_CreateObject();
    cJSON *outputs = cJSON_CreateArray();
    char started[32], finished[32];
    int k;
    iso_time(m->started, started);
    iso_time(m->finished, finished);
    cJSON_AddStringToObject(root, "rcm_version", rcm_version());
    cJSON_AddNumberToObject(root, "exit_code", 0);
    cJSON_AddStringToObject(root, "started", started);
    cJSON_AddStringToObject(root, "finished", finished);
    cJSON_AddStringToObject(cfg, "path", m->cfg->path);
    cJSON_AddStringToObject(cfg, "sha256", m->cfg->sha256);
    cJSON_AddItemToObject(root, "config", cfg);
    for (k = 0; k < RCM_FILE_COUNT; k++)
        if (m->ds->files[k].present)
            cJSON_AddItemToArray(inputs, input_entry(&m->ds->files[k], rcm_file_names[k]));
    cJSON_AddItemToArray(inputs, input_entry(&m->ds->catalog, "catalog"));
    cJSON_AddItemToObject(root, "inputs", inputs);
    if (m->cohort) {
        cJSON_AddNumberToObject(students, "total", (double)(m->cohort->in_cohort +
                                                            m->cohort->no_cohort));
        cJSON_AddNumberToObject(students, "in_cohort", (double)m->cohort->in_cohort);
        cJSON_AddNumberToObject(students, "no_cohort", (double)m->cohort->no_cohort);
        cJSON_AddNumberToObject(students, "cohort_conflicts", (double)m->cohort->conflicts);
    }
    cJSON_AddItemToObject(root, "students", students);
    for (k = 0; k < m->n_outputs; k++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", m->outputs[k]->name);
        cJSON_AddNumberToObject(o, "bytes", (double)m->outputs[k]->bytes);
        cJSON_AddStringToObject(o, "sha256", m->outputs[k]->sha256);
        cJSON_AddItemToArray(outputs, o);
    }
    cJSON_AddItemToObject(root, "outputs", outputs);
    return root;
}

rcm_err rcm_report_write_manifest(const rcm_manifest_input *m, FILE *f, rcm_diag *diag)
{
    cJSON *root = build(m);
    char *text = root ? cJSON_Print(root) : NULL;
    rcm_err err = RCM_OK;
    if (!text)
        err = rcm_fail(diag, RCM_ERR_NOMEM, "manifest: out of memory");
    else if (fputs(text, f) == EOF || fputc('\n', f) == EOF)
        err = rcm_fail(diag, RCM_ERR_IO, "manifest.json: write failed");
    free(text);
    cJSON_Delete(root);
    return err;
}
