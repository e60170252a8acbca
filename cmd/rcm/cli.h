/*
 * cli.h - command-line parsing for the rcm tool (SPEC 1).
 */
#ifndef RCM_CLI_H
#define RCM_CLI_H

#include "rcm.h"

typedef enum { CLI_RUN, CLI_VALIDATE, CLI_GEN, CLI_HELP, CLI_VERSION } cli_command;

typedef struct {
    cli_command command;
    rcm_options run;
    rcm_gen_options gen;
    rcm_setting *sets;  /* owned: free() */
    int quiet;
    int no_progress;
} cli_args;

/* Parse argv. Returns 0, or 64 after printing one line and "Try 'rcm
 * --help'." to stderr. Help and version requests set command and return 0. */
int cli_parse(int argc, char **argv, cli_args *a);
/* Print the help text of a command (or the overview) to stdout. */
void cli_help(cli_command command, int command_given);

#endif
