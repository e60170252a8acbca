/*
 * outset.h - the set of output files of one run, written safely (SPEC 8.7).
 *
 * Opening takes an exclusive flock on DIR/.rcm.lock (it dies with the
 * process, so a killed run never blocks the next) and removes temporary
 * files a killed run left behind. Each output is written to a temporary
 * file in the same directory; commit flushes every file to disk and renames
 * them into place, manifest.json last. Freeing an uncommitted set removes
 * its temporary files, so a failed run leaves the previous outputs intact.
 */
#ifndef RCM_REPORT_OUTSET_H
#define RCM_REPORT_OUTSET_H

#include <stdio.h>

#include "rcm.h"

#define RCM_OUT_MAX 8

typedef struct {
    char name[64];        /* final file name, e.g. "metrics.csv" */
    char *tmp_path;       /* DIR/.rcm-tmp-NAME */
    char *final_path;
    uint64_t bytes;
    char sha256[65];
} rcm_outfile;

typedef struct {
    char *dir;
    int lock_fd;
    rcm_outfile files[RCM_OUT_MAX];
    int n_files;
} rcm_outset;

/* Create DIR if needed (RCM_ERR_CANTCREAT), take the lock (RCM_ERR_LOCKED
 * when another run holds it), remove leftover temporary files. */
rcm_err rcm_outset_open(rcm_outset *o, const char *dir, rcm_diag *diag);
/* Add an output; *f is open for writing on its temporary file (unless f is
 * NULL: the caller writes tmp_path itself, as libxlsxwriter does). */
rcm_err rcm_outset_add(rcm_outset *o, const char *name, int mode, FILE **f, rcm_outfile **out,
                       rcm_diag *diag);
/* Flush, fsync and close a file opened by rcm_outset_add (RCM_ERR_IO). */
rcm_err rcm_outset_close(rcm_outset *o, rcm_outfile *of, FILE *f, rcm_diag *diag);
/* fsync a temporary file written by a library (libxlsxwriter) before
 * it is committed (RCM_ERR_IO). */
rcm_err rcm_outset_sync(rcm_outfile *of, rcm_diag *diag);
/* Size and SHA-256 of a closed temporary file. */
rcm_err rcm_outset_checksum(rcm_outfile *of, rcm_diag *diag);
/* Rename every file into place in order (the last added last) and sync
 * the directory. */
rcm_err rcm_outset_commit(rcm_outset *o, rcm_diag *diag);
/* Remove uncommitted temporary files, release the lock. */
void rcm_outset_release(rcm_outset *o);

/* SHA-256 of a file as lowercase hex; also its size. */
/* Remove a scratch folder and the files in it (one level; errors ignored:
 * what is left is removed as a leftover by the next run). */
void rcm_remove_scratch_dir(const char *dir);
rcm_err rcm_sha256_file(const char *path, char hex[65], uint64_t *bytes, rcm_diag *diag);

#endif
