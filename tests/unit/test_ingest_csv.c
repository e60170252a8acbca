/*
 * test_ingest_csv.c - the CSV record reader (lib/ingest/csv.c, source.c):
 * quoting, BOM, CRLF, blank lines, physical line numbers, gzip, size caps,
 * and identical records for every read chunk size.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <zlib.h>

#include "core/arena.h"
#include "core/intern.h"
#include "ingest/ingest.h"
#include "ingest/ingest_internal.h"
#include "tmpdir.h"

TestSuite(csv, .init = make_tmpdir, .fini = remove_tmpdir);

/* Path of a file in the test directory (static buffer, one at a time). */
static const char *tmp_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

static void write_file(const char *name, const void *data, size_t len)
{
    FILE *f = fopen(tmp_path(name), "wb");
    cr_assert(f != NULL);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
}

/* Write a string literal (its length known at compile time, NULs and all). */
#define WRITE_LIT(name, lit) write_file(name, lit, sizeof(lit) - 1)

/* Write `data` as gzip, in `members` concatenated members. */
static void write_gzip(const char *name, const char *data, size_t len, int members)
{
    size_t cut = members > 1 ? len / 2 : len;
    gzFile g = gzopen(tmp_path(name), "wb");
    cr_assert(g != NULL);
    cr_assert_eq(gzwrite(g, data, (unsigned)cut), (int)cut);
    cr_assert_eq(gzclose(g), Z_OK);
    if (members > 1) {
        g = gzopen(tmp_path(name), "ab");
        cr_assert(g != NULL);
        cr_assert_eq(gzwrite(g, data + cut, (unsigned)(len - cut)), (int)(len - cut));
        cr_assert_eq(gzclose(g), Z_OK);
    }
}

/* A growable text rendering of the records read. */
typedef struct {
    char *s;
    size_t len, cap;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        cr_assert(t->s != NULL);
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

/* Whether read_all lets the reader split plain lines itself (csv.c's fast
 * path, the default) or sends every byte through libcsv. */
static int fast_path = 1;

/* Read a whole file: each record as "LINE:f1|f2|...\n" (a NUL or a missing
 * terminator would show up as a mismatch). Returns the reader's error. */
static rcm_err read_all(const char *name, char delim, size_t chunk, text *out, rcm_diag *d)
{
    rcm_csv_reader *r;
    const rcm_csv_record *rec;
    rcm_err err = rcm_csv_open(tmp_path(name), name, delim, chunk, &r, d);
    out->len = 0;
    put(out, "", 0);
    if (err)
        return err;
    rcm_csv_set_fast_path(r, fast_path);
    while ((err = rcm_csv_next(r, &rec, d)) == RCM_OK && rec) {
        char num[32];
        size_t i;
        int n = snprintf(num, sizeof num, "%llu:", (unsigned long long)rec->line);
        put(out, num, (size_t)n);
        for (i = 0; i < rec->n_fields; i++) {
            cr_assert_eq(strlen(rec->fields[i]), rec->lens[i]);
            if (i)
                put(out, "|", 1);
            put(out, rec->fields[i], rec->lens[i]);
        }
        put(out, "\n", 1);
    }
    rcm_csv_close(r);
    return err;
}

/* Quoted delimiters, doubled quotes, CRLF, BOM, blank and space-only lines,
 * a multi-line first field, a CRLF inside quotes, a stray quote in an
 * unquoted field, and no final newline. Physical lines are numbered in the
 * comments. */
static const char sample[] =
    "\xEF\xBB\xBFid,name,note\r\n"       /* 1 (BOM skipped) */
    "1,\"Smith, John\",\"said \"\"hi\"\"\"\r\n" /* 2 */
    "\r\n"                               /* 3 blank */
    "2,plain,  spaced  \r\n"             /* 4 unquoted blanks trimmed by libcsv */
    "\"3\n"                              /* 5 multi-line first field starts here */
    "x\",multi,\"line\n"                 /* 6 */
    "two\"\n"                            /* 7 */
    "\n"                                 /* 8 blank */
    "   \n"                              /* 9 spaces only: blank */
    "4,\"a\r\n"                          /* 10 CRLF inside quotes is content */
    "b\",end\n"                          /* 11 */
    "5,x\"y,z";                          /* 12 stray quote kept, no final newline */

static const char sample_expected[] = "1:id|name|note\n"
                                      "2:1|Smith, John|said \"hi\"\n"
                                      "4:2|plain|spaced\n"
                                      "5:3\nx|multi|line\ntwo\n"
                                      "10:4|a\r\nb|end\n"
                                      "12:5|x\"y|z\n";

Test(csv, quoting_bom_crlf_blank_lines_and_line_numbers)
{
    rcm_diag d = {0};
    text t = {0};
    write_file("s.csv", sample, sizeof sample - 1);
    cr_assert_eq(read_all("s.csv", ',', 0, &t, &d), RCM_OK, "%s", d.message);
    cr_assert_str_eq(t.s, sample_expected);
    free(t.s);
}

Test(csv, every_chunk_size_gives_identical_records)
{
    rcm_diag d = {0};
    text t = {0};
    size_t chunk, n = sizeof sample - 1;
    write_file("s.csv", sample, n);
    for (chunk = 1; chunk <= n + 1; chunk++) {
        cr_assert_eq(read_all("s.csv", ',', chunk, &t, &d), RCM_OK, "chunk %zu: %s", chunk,
                     d.message);
        cr_assert_str_eq(t.s, sample_expected, "chunk %zu", chunk);
    }
    free(t.s);
}

/* Plain lines as the fast path sees them: empty fields, CRLF, an inner
 * blank kept, blank lines skipped; lines with a quote, a lone CR or a
 * blank at a field's end go to libcsv, which trims the blanks. */
Test(csv, plain_lines_split_without_libcsv)
{
    static const char plain[] = "id,a,b\r\n"   /* 1 CRLF */
                                ",,\n"          /* 2 three empty fields */
                                "\n"            /* 3 blank */
                                "\r\n"          /* 4 blank (CRLF) */
                                "x y,2,\n"      /* 5 inner blank kept */
                                "3, p ,q\t\n"    /* 6 blanks: libcsv trims */
                                "4,\"s,t\",u\n"  /* 7 quoted: libcsv */
                                "5,v\rw,z\n";    /* 8 lone CR ends a record */
    rcm_diag d = {0};
    text t = {0};
    write_file("p.csv", plain, sizeof plain - 1);
    cr_assert_eq(read_all("p.csv", ',', 0, &t, &d), RCM_OK, "%s", d.message);
    cr_assert_str_eq(t.s, "1:id|a|b\n2:||\n5:x y|2|\n6:3|p|q\n7:4|s,t|u\n8:5|v\n8:w|z\n");
    free(t.s);
}

/* The fast path must give exactly what libcsv gives: the same records,
 * lines and errors, on random bytes rich in delimiters, quotes, blanks, CRs
 * and LFs, for three delimiters and several read sizes. */
Test(csv, fast_path_equals_libcsv_on_random_lines)
{
    static const char alphabet[] = "ab,;\t\" \r\n\n\nxy";
    uint32_t seed = 12345;
    static const char delims[3] = {',', ';', '\t'};
    static const size_t chunks[4] = {0, 1, 5, 64};
    rcm_diag d1 = {0}, d2 = {0};
    text fast = {0}, slow = {0};
    int file, k, c;
    for (file = 0; file < 400; file++) {
        char data[300];
        size_t n = 0, len;
        seed = seed * 1103515245u + 12345u;
        len = (seed >> 16) % sizeof data;
        for (n = 0; n < len; n++) {
            seed = seed * 1103515245u + 12345u;
            data[n] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        write_file("r.csv", data, len);
        for (k = 0; k < 3; k++)
            for (c = 0; c < 4; c++) {
                rcm_err e1, e2;
                fast_path = 1;
                e1 = read_all("r.csv", delims[k], chunks[c], &fast, &d1);
                fast_path = 0;
                e2 = read_all("r.csv", delims[k], chunks[c], &slow, &d2);
                fast_path = 1;
                cr_assert_eq(e1, e2, "file %d delim %d chunk %zu", file, k, chunks[c]);
                cr_assert_eq(fast.len, slow.len, "file %d delim %d chunk %zu", file, k,
                             chunks[c]);
                cr_assert_eq(memcmp(fast.s, slow.s, fast.len), 0, "file %d delim %d", file, k);
                if (e1)
                    cr_assert_str_eq(d1.message, d2.message);
            }
    }
    free(fast.s);
    free(slow.s);
}

Test(csv, gzip_by_magic_bytes_every_chunk_size_and_concatenated_members)
{
    rcm_diag d = {0};
    text t = {0};
    size_t chunk, n = sizeof sample - 1;
    /* the name says nothing: the magic bytes decide */
    write_gzip("plain_name.csv", sample, n, 1);
    write_gzip("two_members.gz", sample, n, 2);
    for (chunk = 1; chunk <= 300; chunk++) {
        cr_assert_eq(read_all("plain_name.csv", ',', chunk, &t, &d), RCM_OK, "%s", d.message);
        cr_assert_str_eq(t.s, sample_expected, "chunk %zu", chunk);
        cr_assert_eq(read_all("two_members.gz", ',', chunk, &t, &d), RCM_OK, "%s", d.message);
        cr_assert_str_eq(t.s, sample_expected, "two members, chunk %zu", chunk);
    }
    free(t.s);
}

Test(csv, truncated_gzip_is_an_io_error)
{
    rcm_diag d = {0};
    text t = {0};
    FILE *f;
    long size;
    char *buf;
    write_gzip("t.csv.gz", sample, sizeof sample - 1, 1);
    f = fopen(tmp_path("t.csv.gz"), "rb");
    cr_assert(f != NULL);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    buf = malloc((size_t)size);
    cr_assert_eq(fread(buf, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    /* drop the 8-byte trailer and some data */
    write_file("t.csv.gz", buf, (size_t)size - 20);
    cr_assert_eq(read_all("t.csv.gz", ',', 0, &t, &d), RCM_ERR_IO);
    cr_assert_str_eq(d.message, "t.csv.gz: truncated gzip stream");
    cr_assert_eq(rcm_exit_code(RCM_ERR_IO), 74);
    /* only the magic bytes */
    write_file("t.csv.gz", buf, 2);
    cr_assert_eq(read_all("t.csv.gz", ',', 1, &t, &d), RCM_ERR_IO);
    cr_assert_str_eq(d.message, "t.csv.gz: truncated gzip stream");
    /* corrupt deflate data */
    memset(buf + 10, 0xff, 8);
    write_file("t.csv.gz", buf, (size_t)size);
    cr_assert_eq(read_all("t.csv.gz", ',', 0, &t, &d), RCM_ERR_IO);
    cr_assert(strstr(d.message, "t.csv.gz: corrupt gzip stream") == d.message, "%s", d.message);
    free(buf);
    free(t.s);
}

Test(csv, trailing_garbage_after_gzip_member_is_an_io_error)
{
    rcm_diag d = {0};
    text t = {0};
    FILE *f;
    write_gzip("g.gz", "a,b\n", 4, 1);
    f = fopen(tmp_path("g.gz"), "ab");
    cr_assert(f != NULL);
    fputs("garbage", f);
    fclose(f);
    cr_assert_eq(read_all("g.gz", ',', 0, &t, &d), RCM_ERR_IO);
    free(t.s);
}

Test(csv, field_of_exactly_64k_is_accepted_one_more_byte_is_not)
{
    size_t n = 65536;
    char *buf = malloc(3 * n + 64);
    rcm_diag d = {0};
    text t = {0};
    size_t len;
    /* unquoted and quoted fields of exactly 65536 bytes */
    memcpy(buf, "a,", 2);
    memset(buf + 2, 'x', n);
    memcpy(buf + 2 + n, ",\"", 2);
    memset(buf + 4 + n, 'y', n);
    memcpy(buf + 4 + 2 * n, "\",b\n", 4);
    len = 8 + 2 * n;
    write_file("ok.csv", buf, len);
    cr_assert_eq(read_all("ok.csv", ',', 0, &t, &d), RCM_OK, "%s", d.message);
    cr_assert_eq(t.len, 2 + 2 + n + 1 + n + 1 + 1 + 1); /* "1:a|" x "|" y "|b\n" */
    /* one more byte, unquoted, on line 2 */
    memcpy(buf, "h\nz,", 4);
    memset(buf + 4, 'x', n + 1);
    memcpy(buf + 5 + n, "\n", 1);
    write_file("long.csv", buf, n + 6);
    cr_assert_eq(read_all("long.csv", ',', 0, &t, &d), RCM_ERR_DATA);
    cr_assert_str_eq(d.message, "long.csv:2: field longer than 65536 bytes");
    /* one more byte, quoted */
    memcpy(buf, "h\n\"", 3);
    memset(buf + 3, 'x', n + 1);
    memcpy(buf + 4 + n, "\"\n", 2);
    write_file("longq.csv", buf, n + 6);
    cr_assert_eq(read_all("longq.csv", ',', 4096, &t, &d), RCM_ERR_DATA);
    cr_assert_str_eq(d.message, "longq.csv:2: field longer than 65536 bytes");
    /* far longer, never buffered whole */
    free(buf);
    buf = malloc(10 * n);
    buf[0] = '"';
    memset(buf + 1, 'q', 10 * n - 1);
    write_file("huge.csv", buf, 10 * n);
    cr_assert_eq(read_all("huge.csv", ',', 0, &t, &d), RCM_ERR_DATA);
    cr_assert_str_eq(d.message, "huge.csv:1: field longer than 65536 bytes");
    free(buf);
    free(t.s);
}

Test(csv, record_over_1mib_is_a_data_error)
{
    size_t field = 60000, n = 20, i, len = 0;
    char *buf = malloc(n * (field + 1) + 8);
    rcm_diag d = {0};
    text t = {0};
    memcpy(buf, "h\n", 2);
    len = 2;
    for (i = 0; i < n; i++) {
        memset(buf + len, 'r', field);
        len += field;
        buf[len++] = i + 1 < n ? ',' : '\n';
    }
    write_file("rec.csv", buf, len);
    cr_assert_eq(read_all("rec.csv", ',', 0, &t, &d), RCM_ERR_DATA);
    cr_assert_str_eq(d.message, "rec.csv:2: record longer than 1048576 bytes");
    free(buf);
    free(t.s);
}

Test(csv, unterminated_quote_names_the_line_where_the_record_began)
{
    static const char s[] = "a,b\n1,2\n3,\"open\nstill open\n\nno end";
    rcm_diag d = {0};
    text t = {0};
    size_t chunk;
    write_file("u.csv", s, sizeof s - 1);
    for (chunk = 1; chunk < sizeof s + 1; chunk++) {
        cr_assert_eq(read_all("u.csv", ',', chunk, &t, &d), RCM_ERR_DATA);
        cr_assert(strstr(d.message, "u.csv:3: unterminated quoted field") == d.message, "%s",
                  d.message);
    }
    free(t.s);
}

Test(csv, partial_bom_is_content_and_empty_files_have_no_records)
{
    rcm_diag d = {0};
    text t = {0};
    size_t chunk;
    WRITE_LIT("p.csv", "\xEF\xBB" "x,y\n");
    for (chunk = 1; chunk <= 7; chunk++) {
        cr_assert_eq(read_all("p.csv", ',', chunk, &t, &d), RCM_OK);
        cr_assert_str_eq(t.s, "1:\xEF\xBB" "x|y\n");
    }
    WRITE_LIT("b.csv", "\xEF\xBB");
    cr_assert_eq(read_all("b.csv", ',', 1, &t, &d), RCM_OK);
    cr_assert_str_eq(t.s, "1:\xEF\xBB\n");
    WRITE_LIT("e.csv", "");
    cr_assert_eq(read_all("e.csv", ',', 0, &t, &d), RCM_OK);
    cr_assert_str_eq(t.s, "");
    WRITE_LIT("bom.csv", "\xEF\xBB\xBF\r\n\n");
    cr_assert_eq(read_all("bom.csv", ',', 1, &t, &d), RCM_OK);
    cr_assert_str_eq(t.s, "");
    free(t.s);
}

Test(csv, other_delimiters_and_empty_fields)
{
    rcm_diag d = {0};
    text t = {0};
    WRITE_LIT("t.tsv", "a\tb\tc\n1\t\t\"x\ty\"\n\t\t\n");
    cr_assert_eq(read_all("t.tsv", '\t', 0, &t, &d), RCM_OK);
    cr_assert_str_eq(t.s, "1:a|b|c\n2:1||x\ty\n3:||\n");
    WRITE_LIT("p.csv", "a|b\n\"\"|\n");
    cr_assert_eq(read_all("p.csv", '|', 0, &t, &d), RCM_OK);
    cr_assert_str_eq(t.s, "1:a|b\n2:|\n");
    free(t.s);
}

Test(csv, missing_file_is_noinput)
{
    rcm_diag d = {0};
    rcm_csv_reader *r = NULL;
    cr_assert_eq(rcm_csv_open(tmp_path("none.csv"), "none.csv", ',', 0, &r, &d),
                 RCM_ERR_NOINPUT);
    cr_assert(r == NULL);
    cr_assert(strstr(d.message, "none.csv: cannot open") == d.message);
    cr_assert_eq(rcm_csv_open(tmpdir, "dir", ',', 0, &r, &d), RCM_ERR_NOINPUT);
    rcm_csv_close(NULL);
}

static void sha_hex(const void *data, size_t len, char hex[65])
{
    unsigned char md[32];
    unsigned n = 0, i;
    cr_assert(EVP_Digest(data, len, md, &n, EVP_sha256(), NULL));
    for (i = 0; i < n; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

Test(csv, sha256_and_bytes_are_of_the_raw_file)
{
    rcm_diag d = {0};
    rcm_csv_reader *r;
    const rcm_csv_record *rec;
    char hex[65], want[65];
    FILE *f;
    char raw[4096];
    size_t n;
    /* FIPS 180-2 example: SHA-256("abc") */
    WRITE_LIT("abc", "abc");
    cr_assert_eq(rcm_csv_open(tmp_path("abc"), "abc", ',', 2, &r, &d), RCM_OK);
    while (rcm_csv_next(r, &rec, &d) == RCM_OK && rec)
        ;
    rcm_csv_sha256(r, hex);
    cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    cr_assert_eq(rcm_csv_bytes_read(r), 3);
    rcm_csv_close(r);
    /* gzip: the digest is of the compressed bytes on disk */
    write_gzip("s.gz", sample, sizeof sample - 1, 1);
    f = fopen(tmp_path("s.gz"), "rb");
    n = fread(raw, 1, sizeof raw, f);
    fclose(f);
    sha_hex(raw, n, want);
    cr_assert_eq(rcm_csv_open(tmp_path("s.gz"), "s.gz", ',', 7, &r, &d), RCM_OK);
    while (rcm_csv_next(r, &rec, &d) == RCM_OK && rec)
        ;
    rcm_csv_sha256(r, hex);
    cr_assert_str_eq(hex, want);
    cr_assert_eq(rcm_csv_bytes_read(r), n);
    rcm_csv_close(r);
}

Test(csv, every_allocation_failure_is_nomem)
{
    rcm_diag d = {0};
    text t = {0};
    unsigned long n;
    rcm_err err = RCM_ERR_NOMEM;
    write_gzip("s.gz", sample, sizeof sample - 1, 2);
    for (n = 1; n < 500 && err != RCM_OK; n++) {
        rcm_alloc_fail_at(n);
        err = read_all("s.gz", ',', 5, &t, &d);
        rcm_alloc_fail_at(0);
        cr_assert(err == RCM_OK || err == RCM_ERR_NOMEM, "allocation %lu: %d %s", n, err,
                  d.message);
    }
    cr_assert_eq(err, RCM_OK);
    cr_assert_str_eq(t.s, sample_expected);
    free(t.s);
}

/* The lookahead of the ingest stage: the read-ahead thread hashes each
 * record's key field, 0 when it equals the record before's; peek_key gives
 * the hash of the record k ahead of the last one returned while it is in
 * the same batch (the first batch holds the 128 records after the one read
 * before the thread started: 1..128), and nothing past it, for k = 0, or
 * without the thread. Keys come in pairs: S000 S000 S001 S001 ... */
Test(csv, peek_key_gives_hashes_of_records_ahead_within_the_batch)
{
    text t = {0};
    rcm_csv_reader *r;
    const rcm_csv_record *rec;
    rcm_diag d = {0};
    uint64_t h = 7;
    int i;
    for (i = 0; i < 300; i++) {
        char line[32];
        put(&t, line, (size_t)snprintf(line, sizeof line, "S%03d,%d\n", i / 2, i * 7));
    }
    write_file("peek.csv", t.s, t.len);
    cr_assert_eq(rcm_csv_open(tmp_path("peek.csv"), "peek.csv", ',', 0, &r, &d), RCM_OK);
    cr_assert_eq(rcm_csv_next(r, &rec, &d), RCM_OK); /* record 0, no thread yet */
    cr_assert_eq(rcm_csv_peek_key(r, 1, &h), 0);
    rcm_csv_set_key_field(r, 0);
    cr_assert_eq(rcm_csv_prefetch(r), RCM_OK);
    cr_assert_eq(rcm_csv_next(r, &rec, &d), RCM_OK); /* record 1: S000 */
    cr_assert_str_eq(rec->fields[0], "S000");
    cr_assert_eq(rcm_csv_peek_key(r, 1, &h), 1); /* record 2: S001, new */
    cr_assert_eq(h, rcm_hash_bytes("S001", 4));
    cr_assert_eq(rcm_csv_peek_key(r, 2, &h), 1); /* record 3: S001 again */
    cr_assert_eq(h, 0);
    cr_assert_eq(rcm_csv_peek_key(r, 7, &h), 1); /* record 8: S004, new */
    cr_assert_eq(h, rcm_hash_bytes("S004", 4));
    cr_assert_eq(rcm_csv_peek_key(r, 0, &h), 0);
    for (i = 2; i < 120; i++)
        cr_assert_eq(rcm_csv_next(r, &rec, &d), RCM_OK);
    cr_assert_str_eq(rec->fields[1], "833"); /* record 119 */
    cr_assert_eq(rcm_csv_peek_key(r, 9, &h), 1); /* record 128, the batch's last: S064 */
    cr_assert_eq(h, rcm_hash_bytes("S064", 4));
    cr_assert_eq(rcm_csv_peek_key(r, 10, &h), 0); /* in the next batch */
    rcm_csv_close(r);
    free(t.s);
}

/* What a record says of its fields: a line split without libcsv is
 * TRIMMED (no quotes, no blank at a field's edge); it is also ASCII when
 * every byte is 0x01-0x7F. A quoted line (libcsv) says nothing. The same
 * through the read-ahead thread. */
Test(csv, record_flags_trimmed_and_ascii)
{
    static const char data[] = "a,b\n"       /* 1: plain ASCII */
                               "caf\xC3\xA9,x\n" /* 2: UTF-8 */
                               "\"q\",y\n"   /* 3: quoted */
                               "n\x01,z\n"   /* 4: a control byte is still ASCII */
                               "\x80,w\n";   /* 5: not UTF-8 at all */
    static const unsigned want[] = {RCM_REC_TRIMMED | RCM_REC_ASCII, RCM_REC_TRIMMED, 0,
                                    RCM_REC_TRIMMED | RCM_REC_ASCII, RCM_REC_TRIMMED};
    int pass;
    WRITE_LIT("flags.csv", data);
    for (pass = 0; pass < 2; pass++) {
        rcm_csv_reader *r;
        const rcm_csv_record *rec;
        rcm_diag d = {0};
        int i = 0;
        cr_assert_eq(rcm_csv_open(tmp_path("flags.csv"), "flags.csv", ',', 0, &r, &d), RCM_OK);
        if (pass)
            cr_assert_eq(rcm_csv_prefetch(r), RCM_OK);
        while (rcm_csv_next(r, &rec, &d) == RCM_OK && rec) {
            cr_assert_lt(i, 5);
            cr_assert_eq(rec->flags, want[i], "line %d (pass %d): flags %u, want %u", i + 1,
                         pass, rec->flags, want[i]);
            i++;
        }
        cr_assert_eq(i, 5);
        rcm_csv_close(r);
    }
}
