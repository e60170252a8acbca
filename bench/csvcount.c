/*
 * csvcount.c - the parse ceiling of the rcm benchmark: reads each file given
 * (plain, or gzip by its magic bytes) and runs it through libcsv with the
 * options rcm's reader uses, counting records and fields, and nothing else.
 * rcm's read stage does this plus value rules, interning and duplicate
 * merging, so its read time over this program's time is what those cost.
 *
 *   csvcount FILE...     prints "FILE: N records, M fields" per file
 *
 * Exit status: 0, or 1 when a file cannot be read or does not parse.
 */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK ((size_t)1 << 20) /* bytes per read, as rcm's default chunk */

typedef struct {
    unsigned long long records, fields;
} counts;

static void on_field(void *s, size_t len, void *data)
{
    (void)s;
    (void)len;
    ((counts *)data)->fields++;
}

static void on_record(int c, void *data)
{
    (void)c;
    ((counts *)data)->records++;
}

/* Feed n bytes to the parser; 0 on success. */
static int feed(struct csv_parser *p, const char *buf, size_t n, counts *k, const char *path)
{
    if (csv_parse(p, buf, n, on_field, on_record, k) != n) {
        fprintf(stderr, "csvcount: %s: %s\n", path, csv_strerror(csv_error(p)));
        return -1;
    }
    return 0;
}

/* Parse one file, plain or gzip; 0 on success. */
static int count_file(const char *path, char *buf, counts *k)
{
    struct csv_parser p;
    unsigned char magic[2] = {0, 0};
    ssize_t got;
    int fd = open(path, O_RDONLY), rc = 0, gz;
    if (fd < 0) {
        fprintf(stderr, "csvcount: %s: %s\n", path, strerror(errno));
        return -1;
    }
    got = read(fd, magic, 2);
    gz = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    if (got < 0 || lseek(fd, 0, SEEK_SET) != 0) {
        fprintf(stderr, "csvcount: %s: %s\n", path, strerror(errno));
        close(fd);
        return -1;
    }
    /* the options of rcm's reader (lib/ingest/csv.c) */
    if (csv_init(&p, CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
        fprintf(stderr, "csvcount: out of memory\n");
        close(fd);
        return -1;
    }
    if (gz) {
        gzFile z = gzdopen(fd, "rb");
        int n;
        if (!z) {
            fprintf(stderr, "csvcount: %s: cannot open gzip stream\n", path);
            close(fd);
            csv_free(&p);
            return -1;
        }
        gzbuffer(z, (unsigned)CHUNK);
        while (rc == 0 && (n = gzread(z, buf, (unsigned)CHUNK)) > 0)
            rc = feed(&p, buf, (size_t)n, k, path);
        if (rc == 0 && n < 0) {
            int zerr;
            fprintf(stderr, "csvcount: %s: %s\n", path, gzerror(z, &zerr));
            rc = -1;
        }
        gzclose(z); /* closes fd */
    } else {
        while (rc == 0 && (got = read(fd, buf, CHUNK)) > 0)
            rc = feed(&p, buf, (size_t)got, k, path);
        if (rc == 0 && got < 0) {
            fprintf(stderr, "csvcount: %s: %s\n", path, strerror(errno));
            rc = -1;
        }
        close(fd);
    }
    if (rc == 0 && csv_fini(&p, on_field, on_record, k) != 0) {
        fprintf(stderr, "csvcount: %s: %s\n", path, csv_strerror(csv_error(&p)));
        rc = -1;
    }
    csv_free(&p);
    return rc;
}

int main(int argc, char **argv)
{
    char *buf;
    int i, status = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: csvcount FILE...\n");
        return 1;
    }
    buf = malloc(CHUNK);
    if (!buf) {
        fprintf(stderr, "csvcount: out of memory\n");
        return 1;
    }
    for (i = 1; i < argc; i++) {
        counts k = {0, 0};
        if (count_file(argv[i], buf, &k) != 0) {
            status = 1;
            continue;
        }
        printf("%s: %llu records, %llu fields\n", argv[i], k.records, k.fields);
    }
    free(buf);
    return status;
}
