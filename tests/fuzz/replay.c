/*
 * replay.c - a main() for the fuzz targets without libFuzzer: feeds every
 * file named on the command line (or found in a folder named there) to
 * LLVMFuzzerTestOneInput once. ctest runs it on the committed corpus, so
 * every input that ever crashed a target is replayed in every build,
 * including the sanitizer build.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Largest input replayed; corpus files are small (libFuzzer's -max_len). */
#define MAX_INPUT (1u << 20)

static int replay_file(const char *path, unsigned long *count)
{
    static uint8_t buf[MAX_INPUT];
    FILE *f = fopen(path, "rb");
    size_t n;
    if (!f) {
        fprintf(stderr, "replay: %s: cannot open\n", path);
        return -1;
    }
    n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    /* an empty input is fine: the target must handle it */
    LLVMFuzzerTestOneInput(buf, n);
    (*count)++;
    return 0;
}

static int replay_path(const char *path, unsigned long *count)
{
    struct stat sb;
    DIR *d;
    struct dirent *e;
    int bad = 0;
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "replay: %s: no such file or folder\n", path);
        return -1;
    }
    if (!S_ISDIR(sb.st_mode))
        return replay_file(path, count);
    if (!(d = opendir(path)))
        return -1;
    while ((e = readdir(d)) != NULL) {
        char child[4096];
        if (e->d_name[0] == '.')
            continue;
        snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        if (replay_path(child, count))
            bad = 1;
    }
    closedir(d);
    return bad ? -1 : 0;
}

int main(int argc, char **argv)
{
    unsigned long count = 0;
    int i, bad = 0;
    for (i = 1; i < argc; i++)
        if (replay_path(argv[i], &count))
            bad = 1;
    printf("replay: %lu inputs replayed\n", count);
    return bad || count == 0;
}
