/*
 * Suite cli_options: one meaning per short option across every command.
 *
 * The commands are those `flowmc --help` lists; each one's option table
 * and cli_getopt string are read from src/cli/cmd_NAME.c, the shared
 * entries (CLI_OPTION_OUTPUT ...) from src/cli/cli.h (the tests run from
 * the top folder).  A short option is a letter of the getopt string; its
 * meaning is the long option of the table with that letter as its value.
 * The suite fails when a letter means two long options in two commands,
 * when a short option has no long form or disagrees with it on taking an
 * argument, when --help shows a short option that does not work or omits
 * one that does, and when README.md's table of short options leaves one
 * out -- so a new command cannot quietly give -f a second meaning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

typedef struct opt {
    char name[64];
    int arg; /* 0 none, 1 required, 2 optional */
    int val;
} opt;

/* The meaning of each letter seen so far, and the command that set it. */
static char meaning[128][64], meaning_cmd[128][32];

/* Names of the commands `flowmc --help` lists, into names; their count. */
static int commands(char names[][32], int max)
{
    char *out = NULL;
    int n = 0;
    CU_ASSERT_EQUAL(tu_flowmc("--help", &out, NULL), 0);
    const char *p = out ? strstr(out, "commands:\n") : NULL;
    for (p = p ? strchr(p, '\n') + 1 : NULL; p && n < max && strncmp(p, "  ", 2) == 0;) {
        if (sscanf(p, " %31[a-z-]", names[n]) == 1)
            n++;
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    free(out);
    return n;
}

/* The entries CLI_ARG("name", 'c') and CLI_FLAG("name", 'c') of text,
 * up to end, appended to opts (which holds n); the new count. */
static int entries(const char *text, const char *end, opt *opts, int n, int max)
{
    for (const char *p = text; n < max && (p = strstr(p, "CLI_")) && p < end; p += 4) {
        char c;
        int arg = strncmp(p, "CLI_ARG(\"", 9) == 0;
        if (!arg && strncmp(p, "CLI_FLAG(\"", 10) != 0)
            continue;
        if (sscanf(strchr(p, '"'), "\"%63[^\"]\", '%c')", opts[n].name, &c) != 2)
            continue;
        opts[n].arg = arg;
        opts[n].val = c;
        n++;
    }
    return n;
}

/* The option table of src (a command's source): its own entries, and the
 * shared ones (CLI_OPTION_OUTPUT ...) as src/cli/cli.h defines them --
 * those whose value is a letter, the only ones a short option can mean. */
static int table(const char *src, opt *opts, int max)
{
    static char *header;
    if (!header)
        header = tu_slurp("src/cli/cli.h", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(header);
    const char *start = strstr(src, "struct option opts[] = {"), *end = start ? strstr(start, "};") : NULL;
    if (!end)
        return 0;
    int n = entries(start, end, opts, 0, max);
    for (const char *p = start; (p = strstr(p, "CLI_OPTION")) && p < end; p++) {
        char name[64], def[80];
        if (sscanf(p, "%63[A-Z_]", name) != 1)
            continue;
        snprintf(def, sizeof def, "#define %s ", name);
        const char *d = strstr(header, def);
        if (!d)
            fprintf(stderr, "\n  %s is not defined in src/cli/cli.h\n", name);
        CU_ASSERT_PTR_NOT_NULL(d);
        if (d)
            n = entries(d, strchr(d, '\n'), opts, n, max);
    }
    return n;
}

static void check_command(const char *cmd, const char *readme)
{
    char path[1100], args[1100], optstring[64] = "";
    snprintf(path, sizeof path, "src/cli/cmd_%s.c", cmd);
    char *src = tu_slurp(path, NULL);
    if (!src)
        fprintf(stderr, "\n  %s: the command's source is not at %s\n", cmd, path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    const char *g = strstr(src, "cli_getopt(argc, argv, \"");
    if (!g)
        fprintf(stderr, "\n  %s: no cli_getopt(argc, argv, \"...\" call\n", path);
    CU_ASSERT_PTR_NOT_NULL(g);
    if (g)
        sscanf(g + strlen("cli_getopt(argc, argv, \""), "%63[^\"]", optstring);
    opt opts[64];
    int nopts = table(src, opts, 64);
    CU_ASSERT_TRUE(nopts > 0);

    char *help = NULL;
    snprintf(args, sizeof args, "%s --help", cmd);
    CU_ASSERT_EQUAL(tu_flowmc(args, &help, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(help);

    for (const char *s = optstring; *s; s++) {
        if (*s == ':' || *s == '+' || *s == '-')
            continue;
        int c = (unsigned char)*s, takes = s[1] == ':' ? (s[2] == ':' ? 2 : 1) : 0;
        const opt *o = NULL;
        for (int i = 0; i < nopts && !o; i++)
            if (opts[i].val == c)
                o = &opts[i];
        if (!o) {
            fprintf(stderr, "\n  %s: -%c has no long form in its option table\n", cmd, c);
            CU_FAIL("a short option without a long form");
            continue;
        }
        if (o->arg != takes) {
            fprintf(stderr, "\n  %s: -%c and --%s disagree on taking an argument\n", cmd, c,
                    o->name);
            CU_FAIL("short and long forms disagree");
        }
        if (c < 128 && meaning[c][0] && strcmp(meaning[c], o->name) != 0) {
            fprintf(stderr, "\n  -%c means --%s in %s but --%s in %s: one meaning per short "
                    "option (make one of them long-only)\n",
                    c, meaning[c], meaning_cmd[c], o->name, cmd);
            CU_FAIL("a short option with two meanings");
        } else if (c < 128 && !meaning[c][0]) {
            snprintf(meaning[c], sizeof meaning[c], "%s", o->name);
            snprintf(meaning_cmd[c], sizeof meaning_cmd[c], "%.31s", cmd);
        }
        char shown[96];
        snprintf(shown, sizeof shown, "-%c, --%s", c, o->name);
        if (!tu_contains(help, shown))
            fprintf(stderr, "\n  %s --help does not show '%s'\n", cmd, shown);
        CU_ASSERT_TRUE(tu_contains(help, shown));
        snprintf(shown, sizeof shown, "`-%c`, `--%s`", c, o->name);
        if (!tu_contains(readme, shown))
            fprintf(stderr, "\n  README.md's short options do not list %s (used by %s): add "
                    "it, or make the option long-only\n", shown, cmd);
        CU_ASSERT_TRUE(tu_contains(readme, shown));
    }
    /* --help shows no short form that getopt would refuse */
    for (const char *p = help; (p = strstr(p, "  -")); p++) {
        char c, name[64];
        if (sscanf(p, "  -%c, --%63[a-z-]", &c, name) != 2 || c == '-')
            continue;
        if (!strchr(optstring, c)) {
            fprintf(stderr, "\n  %s --help shows -%c, --%s but -%c is not an option\n", cmd, c,
                    name, c);
            CU_FAIL("help shows a short option that does not work");
        }
    }
    free(help);
    free(src);
}

static void test_one_meaning(void)
{
    char names[32][32];
    int n = commands(names, 32);
    CU_ASSERT_TRUE_FATAL(n >= 9);
    char *readme = tu_slurp("README.md", NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(readme);
    memset(meaning, 0, sizeof meaning);
    for (int i = 0; i < n; i++)
        check_command(names[i], readme);
    /* the decisions this suite keeps: -f is --format, --force has none */
    CU_ASSERT_STRING_EQUAL(meaning['f'], "format");
    CU_ASSERT_STRING_EQUAL(meaning['o'], "output");
    free(readme);
}

/* -f no longer forces: sim -f is a usage error, not an overwrite */
static void test_f_is_not_force(void)
{
    char *err = NULL;
    CU_ASSERT_EQUAL(tu_flowmc("sim simulations/annex-x-baseline.xml -f -o /dev/null", NULL, &err),
                    2);
    CU_ASSERT_TRUE(tu_contains(err, "-- 'f'"));
    free(err);
    CU_ASSERT_EQUAL(tu_flowmc("render models/annex-x-root-zone-emergency.bpmn -f dot -o -",
                              NULL, NULL), 0);
}

void suite_cli_options(void);
void suite_cli_options(void)
{
    static const CU_TestInfo tests[] = {
        {"one meaning per short option", test_one_meaning},
        {"-f is --format, never --force", test_f_is_not_force},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("cli_options", tests);
}
