/*
 * scratch.c - the fuzz targets' private temporary folder (fuzz.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

#define MAX_FILES 4

static char dir[64];
static char paths[MAX_FILES][128];
static int n_paths;

static void cleanup(void)
{
    int i;
    for (i = 0; i < n_paths; i++)
        unlink(paths[i]);
    if (dir[0])
        rmdir(dir);
}

const char *fuzz_path(const char *name)
{
    int i;
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/rcm-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir)) {
            perror("fuzz: mkdtemp");
            abort();
        }
        atexit(cleanup);
    }
    for (i = 0; i < n_paths; i++)
        if (strcmp(strrchr(paths[i], '/') + 1, name) == 0)
            return paths[i];
    if (n_paths == MAX_FILES)
        abort();
    snprintf(paths[n_paths], sizeof paths[0], "%s/%s", dir, name);
    return paths[n_paths++];
}

const char *fuzz_write(const char *name, const uint8_t *data, size_t size)
{
    const char *path = fuzz_path(name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    if (size && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return NULL;
    }
    if (fclose(f) != 0)
        return NULL;
    return path;
}
