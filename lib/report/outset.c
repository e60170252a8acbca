/*
 * outset.c - lock, temporary files and atomic commit of outputs (SPEC 8.7).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/diag.h"
#include "report/outset.h"

#define TMP_PREFIX ".rcm-tmp-"

static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = rcm_malloc(a + b + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

static rcm_err make_dir(const char *dir, rcm_diag *diag)
{
    struct stat st;
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return rcm_fail(diag, RCM_ERR_CANTCREAT, "%s: cannot create output directory: %s", dir,
                        strerror(errno));
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return rcm_fail(diag, RCM_ERR_CANTCREAT, "%s: output path is not a directory", dir);
    return RCM_OK;
}

void rcm_remove_scratch_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (d) {
        while ((e = readdir(d)) != NULL) {
            char *p;
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if ((p = join(dir, e->d_name)) != NULL)
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* A killed run's .rcm-tmp-* files, and its workbook scratch folder. */
static void remove_leftovers(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) == 0) {
            char *p = join(dir, e->d_name);
            struct stat st;
            if (p && lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                rcm_remove_scratch_dir(p);
            else if (p)
                unlink(p);
            free(p);
        }
    }
    closedir(d);
}

rcm_err rcm_outset_open(rcm_outset *o, const char *dir, rcm_diag *diag)
{
    char *lock_path;
    rcm_err err;
    memset(o, 0, sizeof *o);
    o->lock_fd = -1;
    if ((err = make_dir(dir, diag)))
        return err;
    o->dir = join(dir, "");
    lock_path = join(dir, ".rcm.lock");
    if (!o->dir || !lock_path) {
        free(lock_path);
        return rcm_fail(diag, RCM_ERR_NOMEM, "out of memory");
    }
    o->dir[strlen(o->dir) - 1] = '\0';
    o->lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    free(lock_path);
    if (o->lock_fd < 0)
        return rcm_fail(diag, RCM_ERR_CANTCREAT, "%s/.rcm.lock: cannot create lock file: %s",
                        dir, strerror(errno));
    /* flock dies with the process: a killed run's lock never blocks the next */
    if (flock(o->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            return rcm_fail(diag, RCM_ERR_LOCKED,
                            "%s: another rcm run is writing this output directory", dir);
        return rcm_fail(diag, RCM_ERR_CANTCREAT, "%s/.rcm.lock: %s", dir, strerror(errno));
    }
    remove_leftovers(dir);
    return RCM_OK;
}

/* A rename that fails halfway through the commit would leave a mixed set,
 * so what a rename can be refused for here is checked first: a directory
 * (or another non-file) squatting on an output name. Checked when the
 * output is added, so the run stops before it does the work, and again
 * before the first rename. */
static rcm_err check_target(const char *final_path, rcm_diag *diag)
{
    struct stat st;
    if (lstat(final_path, &st) != 0)
        return errno == ENOENT ? RCM_OK
                               : rcm_fail(diag, RCM_ERR_CANTCREAT, "%s: %s", final_path,
                                          strerror(errno));
    if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
        return RCM_OK;
    return rcm_fail(diag, RCM_ERR_CANTCREAT,
                    "%s: is a %s, not a file: remove it so the outputs can be written",
                    final_path, S_ISDIR(st.st_mode) ? "directory" : "special file");
}

rcm_err rcm_outset_add(rcm_outset *o, const char *name, int mode, FILE **f, rcm_outfile **out,
                       rcm_diag *diag)
{
    rcm_outfile *of;
    char tmp_name[96];
    rcm_err err;
    int fd;
    if (o->n_files == RCM_OUT_MAX)
        return rcm_fail(diag, RCM_ERR_SOFTWARE, "too many output files");
    of = &o->files[o->n_files];
    memset(of, 0, sizeof *of);
    snprintf(of->name, sizeof of->name, "%s", name);
    snprintf(tmp_name, sizeof tmp_name, TMP_PREFIX "%s", name);
    of->tmp_path = join(o->dir, tmp_name);
    of->final_path = join(o->dir, name);
    if (!of->tmp_path || !of->final_path) {
        free(of->tmp_path);
        free(of->final_path);
        return rcm_fail(diag, RCM_ERR_NOMEM, "out of memory");
    }
    o->n_files++;
    *out = of;
    if ((err = check_target(of->final_path, diag)))
        return err;
    fd = open(of->tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return rcm_fail(diag, RCM_ERR_CANTCREAT, "%s: cannot create: %s", of->tmp_path,
                        strerror(errno));
    fchmod(fd, (mode_t)mode); /* the umask must not widen or narrow it */
    if (!f) {
        close(fd);
        return RCM_OK;
    }
    *f = fdopen(fd, "w");
    if (!*f) {
        close(fd);
        return rcm_fail(diag, RCM_ERR_NOMEM, "%s: %s", of->tmp_path, strerror(errno));
    }
    setvbuf(*f, NULL, _IOFBF, 1 << 20);
    return RCM_OK;
}

rcm_err rcm_outset_close(rcm_outset *o, rcm_outfile *of, FILE *f, rcm_diag *diag)
{
    int bad = fflush(f) != 0 || ferror(f);
    (void)o;
    if (!bad && fsync(fileno(f)) != 0 && errno != EINVAL)
        bad = 1;
    if (fclose(f) != 0)
        bad = 1;
    if (bad)
        return rcm_fail(diag, RCM_ERR_IO, "%s: write failed: %s", of->name, strerror(errno));
    return RCM_OK;
}

rcm_err rcm_sha256_file(const char *path, char hex[65], uint64_t *bytes, rcm_diag *diag)
{
    unsigned char buf[1 << 16], md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0, i;
    size_t n;
    FILE *f = fopen(path, "rb");
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    rcm_err err = RCM_OK;
    *bytes = 0;
    if (!f || !ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
        err = rcm_fail(diag, f ? RCM_ERR_NOMEM : RCM_ERR_IO, "%s: cannot read: %s", path,
                       strerror(errno));
        goto done;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        EVP_DigestUpdate(ctx, buf, n);
        *bytes += n;
    }
    if (ferror(f)) {
        err = rcm_fail(diag, RCM_ERR_IO, "%s: read failed", path);
        goto done;
    }
    EVP_DigestFinal_ex(ctx, md, &mdlen);
    for (i = 0; i < mdlen && i < 32; i++) {
        static const char digits[] = "0123456789abcdef";
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
done:
    if (f)
        fclose(f);
    EVP_MD_CTX_free(ctx);
    return err;
}

rcm_err rcm_outset_sync(rcm_outfile *of, rcm_diag *diag)
{
    int fd = open(of->tmp_path, O_RDONLY | O_CLOEXEC), bad;
    if (fd < 0)
        return rcm_fail(diag, RCM_ERR_IO, "%s: cannot reopen to flush: %s", of->name,
                        strerror(errno));
    bad = fsync(fd) != 0;
    close(fd);
    if (bad)
        return rcm_fail(diag, RCM_ERR_IO, "%s: flush to disk failed: %s", of->name,
                        strerror(errno));
    return RCM_OK;
}

rcm_err rcm_outset_checksum(rcm_outfile *of, rcm_diag *diag)
{
    return rcm_sha256_file(of->tmp_path, of->sha256, &of->bytes, diag);
}

/*
 * Closing the last descriptor of a replaced file frees its blocks: for a
 * state's run, two files of over a gigabyte, about 0.2 s each on a
 * filesystem mounted with discard, mostly waiting for the device. The large
 * ones are closed each on its own thread, so the waits overlap with each
 * other and with the directory's fsync; a file that cannot get a thread is
 * closed here.
 */
#define RELEASE_ON_THREAD ((off_t)64 << 20)

typedef struct {
    pthread_t thread[RCM_OUT_MAX];
    int fd[RCM_OUT_MAX];
    int n;
} release;

static void *close_fd(void *arg)
{
    close(*(int *)arg);
    return NULL;
}

static void release_start(release *r, const int *old_fd, int n)
{
    int i;
    r->n = 0;
    for (i = 0; i < n; i++) {
        struct stat st;
        if (old_fd[i] < 0)
            continue;
        r->fd[r->n] = old_fd[i];
        if (fstat(old_fd[i], &st) == 0 && st.st_size >= RELEASE_ON_THREAD &&
            pthread_create(&r->thread[r->n], NULL, close_fd, &r->fd[r->n]) == 0)
            r->n++;
        else
            close(old_fd[i]);
    }
}

static void release_wait(release *r)
{
    int i;
    for (i = 0; i < r->n; i++)
        pthread_join(r->thread[i], NULL);
    r->n = 0;
}

/*
 * The commit is one rename per file, manifest.json last (SPEC 8.7); the set
 * is whole again only after the last. The renames are kept as short as the
 * kernel allows:
 *   - each file being replaced is held open until all are renamed, so a
 *     rename only swaps directory entries and never waits for the old
 *     file's pages to be freed (about a millisecond per file, found by the
 *     kill test when a kill landed between two renames);
 *   - SIGINT, SIGTERM and SIGHUP (a stop by hand or by systemd) are held
 *     until the renames are done, and then act.
 * A kill -9 in the remaining microseconds leaves the new files beside an
 * old manifest.json whose checksums no longer match them.
 */
rcm_err rcm_outset_commit(rcm_outset *o, rcm_diag *diag)
{
    int i, dfd, old_fd[RCM_OUT_MAX];
    release rel;
    sigset_t stop, saved;
    rcm_err err = RCM_OK;
    for (i = 0; i < o->n_files; i++)
        if ((err = check_target(o->files[i].final_path, diag)))
            return err;
    for (i = 0; i < o->n_files; i++)
        old_fd[i] = open(o->files[i].final_path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, &saved);
    for (i = 0; i < o->n_files && !err; i++) {
        if (rename(o->files[i].tmp_path, o->files[i].final_path) != 0) {
            err = rcm_fail(diag, RCM_ERR_IO, "%s: cannot rename into place: %s",
                           o->files[i].final_path, strerror(errno));
            break;
        }
        free(o->files[i].tmp_path);
        o->files[i].tmp_path = NULL;
    }
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    release_start(&rel, old_fd, o->n_files);
    if (!err) {
        dfd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
    }
    release_wait(&rel);
    return err;
}

void rcm_outset_release(rcm_outset *o)
{
    int i;
    for (i = 0; i < o->n_files; i++) {
        if (o->files[i].tmp_path)
            unlink(o->files[i].tmp_path);
        free(o->files[i].tmp_path);
        free(o->files[i].final_path);
    }
    if (o->lock_fd >= 0)
        close(o->lock_fd);
    free(o->dir);
    memset(o, 0, sizeof *o);
    o->lock_fd = -1;
}
