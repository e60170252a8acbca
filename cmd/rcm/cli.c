/*
 * cli.c - getopt_long tables, help text and option checks for rcm.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char overview[] =
    "usage: rcm COMMAND [OPTIONS]\n"
    "\n"
    "Report-card metrics from student information system exports.\n"
    "\n"
    "commands:\n"
    "  run       read the exports, compute every enabled metric, write the outputs\n"
    "  validate  read and check the exports and config only\n"
    "  gen       write a synthetic SIS export for demos, tests and benchmarks\n"
    "\n"
    "rcm COMMAND --help shows the options of a command; rcm --version the version.\n"
    "Exit codes: 0 ok, 64 usage, 65 data, 66 no input, 70 internal, 71 system,\n"
    "73 cannot create output, 74 i/o error, 75 output locked, 78 config.\n";

static const char run_help[] =
    "usage: rcm run --config FILE --input DIR --output DIR [--set SECTION.KEY=VALUE]...\n"
    "               [--student-detail] [--quiet] [--no-progress]\n"
    "\n"
    "  --config FILE      the INI profile (e.g. config/ohio.ini)\n"
    "  --input DIR        directory of SIS exports (NAME, NAME.csv or NAME.csv.gz)\n"
    "  --output DIR       where metrics.csv, metrics_public.csv, rejects.csv,\n"
    "                     report.xlsx and manifest.json are written\n"
    "  --set S.K=V        override a config key (repeatable)\n"
    "  --student-detail   also write students.csv (student identifiers, mode 0600)\n"
    "  --quiet            print errors only\n"
    "  --no-progress      no progress line, even on a terminal\n";

static const char validate_help[] =
    "usage: rcm validate --config FILE --input DIR [--output DIR] [--set S.K=V]...\n"
    "\n"
    "Reads and checks the config and every input file and prints the\n"
    "reconciliation (read = accepted + duplicates + rejected) per file.\n"
    "With --output, writes rejects.csv there.\n";

static const char gen_help[] =
    "usage: rcm gen --output DIR [--students N] [--seed S] [--years Y] [--gzip]\n"
    "               [--profile NAME]\n"
    "\n"
    "Writes a synthetic, deterministic SIS export (enrollments, credentials,\n"
    "assessments, programs). --profile (ohio, tennessee, colorado, washington)\n"
    "picks the catalog the credential codes come from (config/NAME.ini).\n"
    "Defaults: 2000 students, seed 1, 6 years, plain CSV, profile ohio.\n";

void cli_help(cli_command command, int command_given)
{
    if (!command_given)
        fputs(overview, stdout);
    else if (command == CLI_RUN)
        fputs(run_help, stdout);
    else if (command == CLI_VALIDATE)
        fputs(validate_help, stdout);
    else
        fputs(gen_help, stdout);
}

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "rcm: %s%s%s\nTry 'rcm --help'.\n", msg, arg ? ": " : "", arg ? arg : "");
    return 64;
}

static int parse_count(const char *s, uint64_t max, uint64_t *out)
{
    char *end;
    unsigned long long v;
    if (!*s || *s == '-' || *s == '+')
        return -1;
    v = strtoull(s, &end, 10);
    if (*end || v > max)
        return -1;
    *out = v;
    return 0;
}

enum { OPT_SET = 256, OPT_DETAIL, OPT_QUIET, OPT_NOPROG, OPT_STUDENTS, OPT_SEED, OPT_YEARS,
       OPT_GZIP, OPT_PROFILE };

static const struct option options[] = {
    {"config", required_argument, NULL, 'c'},   {"input", required_argument, NULL, 'i'},
    {"output", required_argument, NULL, 'o'},   {"set", required_argument, NULL, OPT_SET},
    {"student-detail", no_argument, NULL, OPT_DETAIL},
    {"quiet", no_argument, NULL, OPT_QUIET},    {"no-progress", no_argument, NULL, OPT_NOPROG},
    {"students", required_argument, NULL, OPT_STUDENTS},
    {"seed", required_argument, NULL, OPT_SEED}, {"years", required_argument, NULL, OPT_YEARS},
    {"gzip", no_argument, NULL, OPT_GZIP},      {"profile", required_argument, NULL, OPT_PROFILE},
    {"help", no_argument, NULL, 'h'},           {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

/* Options that belong to one command only. */
static int allowed(cli_command cmd, int opt)
{
    int gen_only = opt >= OPT_STUDENTS && opt <= OPT_PROFILE;
    int run_only = opt == OPT_DETAIL || opt == OPT_NOPROG;
    if (cmd == CLI_GEN)
        return gen_only || opt == 'o' || opt == OPT_QUIET || opt == 'h';
    if (gen_only)
        return 0;
    return cmd == CLI_RUN || !run_only;
}

static int take_option(cli_args *a, int c, const char *arg)
{
    uint64_t v;
    switch (c) {
    case 'c': a->run.config_path = arg; break;
    case 'i': a->run.input_dir = arg; break;
    case 'o': a->run.output_dir = a->gen.output_dir = arg; break;
    case OPT_SET: a->sets[a->run.n_sets++].assignment = arg; break;
    case OPT_DETAIL: a->run.student_detail = 1; break;
    case OPT_QUIET: a->quiet = 1; break;
    case OPT_NOPROG: a->no_progress = 1; break;
    case OPT_GZIP: a->gen.gzip = 1; break;
    case OPT_PROFILE: a->gen.profile = arg; break;
    case OPT_STUDENTS:
        if (parse_count(arg, 100000000, &v))
            return usage_error("--students wants a whole number", arg);
        a->gen.students = v;
        break;
    case OPT_SEED:
        if (parse_count(arg, UINT64_MAX, &v))
            return usage_error("--seed wants a whole number", arg);
        a->gen.seed = v;
        break;
    case OPT_YEARS:
        if (parse_count(arg, 40, &v) || v < 1)
            return usage_error("--years wants a number from 1 to 40", arg);
        a->gen.years = (int)v;
        break;
    default: return usage_error("unknown option", NULL);
    }
    return 0;
}

static int check_required(const cli_args *a)
{
    if (a->command == CLI_GEN)
        return a->gen.output_dir ? 0 : usage_error("gen needs --output DIR", NULL);
    if (!a->run.config_path)
        return usage_error("missing --config FILE", NULL);
    if (!a->run.input_dir)
        return usage_error("missing --input DIR", NULL);
    if (a->command == CLI_RUN && !a->run.output_dir)
        return usage_error("missing --output DIR", NULL);
    return 0;
}

static int pick_command(const char *word, cli_command *cmd)
{
    if (strcmp(word, "run") == 0)
        *cmd = CLI_RUN;
    else if (strcmp(word, "validate") == 0)
        *cmd = CLI_VALIDATE;
    else if (strcmp(word, "gen") == 0)
        *cmd = CLI_GEN;
    else
        return -1;
    return 0;
}

int cli_parse(int argc, char **argv, cli_args *a)
{
    cli_command cmd;
    int c, rc;
    memset(a, 0, sizeof *a);
    if (argc < 2)
        return usage_error("missing command", NULL);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        a->command = CLI_HELP;
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        a->command = CLI_VERSION;
        return 0;
    }
    if (pick_command(argv[1], &cmd))
        return usage_error("unknown command", argv[1]);
    a->command = cmd;
    a->sets = calloc((size_t)argc, sizeof *a->sets);
    if (!a->sets)
        return usage_error("out of memory", NULL);
    a->run.sets = a->sets;
    optind = 2;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (c == 'h') {
            cli_help(cmd, 1);
            a->command = CLI_HELP;
            return -1;
        }
        if (c == '?' || c == ':' || !allowed(cmd, c))
            return usage_error("unknown or misplaced option", argv[optind - 1]);
        if ((rc = take_option(a, c, optarg)) != 0)
            return rc;
    }
    if (optind < argc)
        return usage_error("unexpected argument", argv[optind]);
    return check_required(a);
}
