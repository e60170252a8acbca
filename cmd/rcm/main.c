/*
 * main.c - the rcm command: parse options, call the library, map the
 * result to a sysexits code. Log lines and warnings go to stderr as
 * "rcm: ..."; a progress line only when stderr is a terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "rcm.h"

typedef struct {
    int quiet, progress, progress_shown;
} log_state;

static void on_diag(void *ctx, rcm_diag_level level, const char *msg)
{
    log_state *ls = ctx;
    if (level == RCM_DIAG_PROGRESS) {
        if (ls->progress) {
            fprintf(stderr, "\rrcm: %-70.70s", msg);
            ls->progress_shown = 1;
        }
        return;
    }
    if (ls->quiet)
        return;
    if (ls->progress_shown) {
        fputs("\r\033[K", stderr);
        ls->progress_shown = 0;
    }
    fprintf(stderr, level == RCM_DIAG_WARN ? "rcm: warning: %s\n" : "rcm: %s\n", msg);
}

int main(int argc, char **argv)
{
    cli_args a;
    log_state ls = {0, 0, 0};
    rcm_diag diag = {RCM_OK, "", on_diag, &ls};
    rcm_err err;
    int rc = cli_parse(argc, argv, &a);
    if (rc == -1 || (rc == 0 && a.command == CLI_HELP)) {
        if (rc == 0)
            cli_help(CLI_HELP, 0);
        free(a.sets);
        return 0;
    }
    if (rc != 0) {
        free(a.sets);
        return rc;
    }
    if (a.command == CLI_VERSION) {
        printf("rcm %s\n", rcm_version());
        return 0;
    }
    ls.quiet = a.quiet;
    ls.progress = !a.quiet && !a.no_progress && isatty(STDERR_FILENO);
    a.run.progress = ls.progress;
    if (a.command == CLI_GEN) {
        a.gen.config_dir = getenv("RCM_CONFIG_DIR");
        err = rcm_gen(&a.gen, &diag);
    } else if (a.command == CLI_VALIDATE) {
        err = rcm_validate(&a.run, &diag);
    } else {
        err = rcm_run(&a.run, &diag);
    }
    if (ls.progress_shown)
        fputs("\r\033[K", stderr);
    if (err)
        fprintf(stderr, "rcm: error: %s\n", diag.message[0] ? diag.message : rcm_strerror(err));
    free(a.sets);
    return rcm_exit_code(err);
}
