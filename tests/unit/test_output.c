/*
 * Suite output: what every command writes -- "-" as standard input and
 * output, every write checked (stdout on /dev/full is exit 2 with a
 * message), outputs replaced only by a complete run (temporary file beside
 * the target, renamed into place), symbolic links refused unless --force.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#define X "models/annex-x-root-zone-emergency.bpmn"
#define MMC "tests/fixtures/sim/mmc.xml"

/* Runs a shell line with the binary's path in %s; returns the status. */
static int sh(const char *fmt, char **out, char **err)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, fmt, tu_bin(), tu_bin());
    return tu_sh(cmd, out, err);
}

/* Every command, with stdout on /dev/full: exit 2 and one line naming
 * standard output. */
static void test_dev_full(void)
{
    static const char *const lines[] = {
        "(%s --version >/dev/full)",
        "(%s --help >/dev/full)",
        "(%s info " X " >/dev/full)",
        "(%s info --format json " X " >/dev/full)",
        "(%s check " X " >/dev/full)",
        "(%s check --format sarif " X " >/dev/full)",
        "(%s check --format json " X " >/dev/full)",
        "(%s render " X " -o - >/dev/full)",
        "(%s render " X " --format bpmn >/dev/full)",
        "(%s sim " MMC " -r 2 >/dev/full)",
        "(%s sim " MMC " -r 2 -q -o - >/dev/full)",
        "(%s size tests/fixtures/size/too-long.xml >/dev/full)",
        "(%s compare " MMC " " MMC " >/dev/full)",
        "(%s export qbp " MMC " >/dev/full)",
        "(%s import qbp tests/fixtures/import/mmc-qbp.bpmn >/dev/full)",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        char *err = NULL;
        int rc = sh(lines[i], NULL, &err);
        if (rc != 2 || !tu_contains(err, "cannot write standard output"))
            fprintf(stderr, "\n  %s: exit %d: %s", lines[i], rc, err ? err : "");
        CU_ASSERT_EQUAL(rc, 2);
        CU_ASSERT_TRUE(tu_contains(err, "cannot write standard output"));
        free(err);
    }
}

/* "-" reads standard input (models and scenarios) and -o - writes
 * standard output; no file named "-" appears. */
static void test_dash(void)
{
    char *out = NULL;
    CU_ASSERT_EQUAL(sh("(%s check - < " X ")", &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "-: process 'Process_X_RootZoneEmergency'"));
    free(out);
    CU_ASSERT_EQUAL(sh("(%s info - < " X ")", &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "process Process_X_RootZoneEmergency"));
    free(out);
    CU_ASSERT_EQUAL(sh("(%s render " X " -o -)", &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "<svg"));
    free(out);
    CU_ASSERT_EQUAL(sh("(%s render - -o - < " X ")", &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "<svg"));
    free(out);
    /* in a folder of its own: no file named "-" appears there */
    char cmd[1024], dash[600];
    snprintf(cmd, sizeof cmd, "(B=$(realpath %%s); X=$(realpath " X "); cd %s && $B render $X -o - >/dev/null)",
             tu_tmpdir());
    CU_ASSERT_EQUAL(sh(cmd, NULL, NULL), 0);
    snprintf(dash, sizeof dash, "%s/-", tu_tmpdir());
    struct stat st;
    CU_ASSERT_NOT_EQUAL(stat(dash, &st), 0);
    /* a scenario from stdin names its model relative to the working folder */
    /* (0 or 1: whether 2 replications meet mmc.xml's SLAs is not the point) */
    CU_ASSERT_TRUE(sh("(B=$(realpath %s); cd tests/fixtures/sim && $B sim - -r 2 -q -o - < mmc.xml)", &out, NULL) < 2);
    CU_ASSERT_TRUE(tu_contains(out, "\"replications\""));
    free(out);
    CU_ASSERT_EQUAL(stat("tests/fixtures/sim/-", &st) == 0, 0);
    /* empty standard input is said so, not as libxml2's "extra content" */
    const char *cmds[] = {"check", "info", "render", "sim"};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char *err = NULL;
        snprintf(cmd, sizeof cmd, "(%%s %s - < /dev/null)", cmds[i]);
        CU_ASSERT_EQUAL(sh(cmd, &out, &err), 2);
        CU_ASSERT_TRUE(tu_contains(err, "<stdin>: error: [io] standard input is empty"));
        CU_ASSERT_FALSE(tu_contains(err, "extra content"));
        free(out);
        free(err);
    }
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

/* A run that fails after its output was opened leaves the previous file
 * as it was (with --force) and no file at all (without); never a
 * temporary file. */
static void test_atomic(void)
{
    char dir[512], path[600], cmd[1600];
    snprintf(dir, sizeof dir, "%s/atomic", tu_tmpdir());
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/result.json", dir);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("old\n", f);
    fclose(f);
    /* refused at run time (after the output is opened): too many cases */
    snprintf(cmd, sizeof cmd,
             "%%s sim " MMC " -q --set clock.horizon=P900Y --set arrival.Start.rate=900 --force -o %s",
             path);
    CU_ASSERT_EQUAL(sh(cmd, NULL, NULL), 2);
    char *s = tu_slurp(path, NULL);
    CU_ASSERT_STRING_EQUAL(s ? s : "", "old\n");
    free(s);
    CU_ASSERT_EQUAL(count_entries(dir), 1);
    remove(path);
    CU_ASSERT_EQUAL(sh(cmd, NULL, NULL), 2);
    struct stat st;
    CU_ASSERT_NOT_EQUAL(stat(path, &st), 0);
    CU_ASSERT_EQUAL(count_entries(dir), 0);
    /* a complete run replaces it */
    snprintf(cmd, sizeof cmd, "%%s sim " MMC " -q -r 2 --force -o %s", path);
    CU_ASSERT_TRUE(sh(cmd, NULL, NULL) < 2); /* met or missed, a complete run */
    s = tu_slurp(path, NULL);
    CU_ASSERT_TRUE(tu_contains(s, "\"replications\""));
    free(s);
    CU_ASSERT_EQUAL(count_entries(dir), 1);
}

/* A symbolic link, dangling or not, is not followed without --force; with
 * it the link's target is written and the link stays. */
static void test_links(void)
{
    char dir[512], link[600], target[600], cmd[1600];
    snprintf(dir, sizeof dir, "%s/links", tu_tmpdir());
    mkdir(dir, 0777);
    snprintf(link, sizeof link, "%s/out.svg", dir);
    snprintf(target, sizeof target, "%s/elsewhere.svg", dir);
    CU_ASSERT_EQUAL_FATAL(symlink("elsewhere.svg", link), 0);
    char *err = NULL;
    snprintf(cmd, sizeof cmd, "%%s render " X " -o %s", link);
    CU_ASSERT_EQUAL(sh(cmd, NULL, &err), 2);
    CU_ASSERT_TRUE(tu_contains(err, "symbolic link"));
    free(err);
    struct stat st;
    CU_ASSERT_NOT_EQUAL(stat(target, &st), 0);
    snprintf(cmd, sizeof cmd, "%%s render " X " --force -o %s", link);
    CU_ASSERT_EQUAL(sh(cmd, NULL, NULL), 0);
    CU_ASSERT_EQUAL(lstat(link, &st), 0);
    CU_ASSERT_TRUE(S_ISLNK(st.st_mode));
    char *s = tu_slurp(target, NULL);
    CU_ASSERT_TRUE(tu_contains(s, "<svg"));
    free(s);
}

/* 1 when s holds a number in scientific notation. */
static int has_exponent(const char *s)
{
    for (const char *p = s; p && *p; p++)
        if ((*p == 'e' || *p == 'E') && p > s && p[-1] >= '0' && p[-1] <= '9' &&
            ((p[1] >= '0' && p[1] <= '9') || p[1] == '+' || p[1] == '-'))
            return 1;
    return 0;
}

/* sim's table in people's units: the horizon in years, no exponent, whole
 * ids, the verdicts explained, unlimited roles on one line; the JSON keeps
 * raw seconds. */
static void test_sim_people(void)
{
    char *out = NULL, *err = NULL, args[1200], json[1024];
    snprintf(json, sizeof json, "%s/x.json", tu_tmpdir());
    snprintf(args, sizeof args, "sim simulations/annex-x-baseline.xml -r 4 -j 1 --force -o %s", json);
    CU_ASSERT_EQUAL(tu_flowmc(args, &out, &err), 0);
    CU_ASSERT(tu_contains(out, "horizon 20 years, warm-up 30 days\n"));
    CU_ASSERT(!has_exponent(out));
    CU_ASSERT(tu_contains(out, "\nX13_HeadsUpRootZoneMaintainer ")); /* not cut mid-word */
    CU_ASSERT(tu_contains(out, "met: the whole 95% CI is at\nor above the target; missed: wholly below it; "
                               "inconclusive:"));
    CU_ASSERT(tu_contains(out, "\ncycle time (hours) "));
    CU_ASSERT(tu_contains(out, "unlimited staff (no queue, not measured): tld, senior-mgmt, rzmaintainer\n"));
    CU_ASSERT(tu_contains(out, "roster oncall (4 people): nobody answered in "));
    free(out);
    free(err);
    char *j = tu_slurp(json, NULL);
    CU_ASSERT(tu_contains(j, "\"horizon_s\": 630720000")); /* 7300 days, in seconds */
    free(j);
}

/* sim --plot: PNG and PDF by name, any other name refused before the run. */
static void test_sim_plot(void)
{
    char args[1200], path[1024], *err = NULL;
    static const char *const ext[] = {"png", "pdf", "svg"};
    static const char *const magic[] = {"\x89PNG\r\n\x1a\n", "%PDF-", "<?xml"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/sim.%s", tu_tmpdir(), ext[i]);
        snprintf(args, sizeof args, "sim " MMC " -q -r 3 --set clock.horizon=P100D --plot %s --force", path);
        CU_ASSERT_EQUAL(tu_flowmc(args, NULL, NULL), 0);
        size_t n = 0;
        char *b = tu_slurp(path, &n);
        CU_ASSERT(b && n > strlen(magic[i]) && memcmp(b, magic[i], strlen(magic[i])) == 0);
        free(b);
    }
    snprintf(path, sizeof path, "%s/sim.gif", tu_tmpdir());
    snprintf(args, sizeof args, "sim " MMC " -r 100000 --plot %s", path);
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 2); /* at once: 10^5 replications never start */
    CU_ASSERT(tu_contains(err, "sim.gif") && tu_contains(err, ".svg, .png or .pdf"));
    CU_ASSERT_EQUAL(access(path, F_OK), -1);
    free(err);
    /* a shard decides nothing: nothing to draw */
    snprintf(args, sizeof args, "sim " MMC " --shard 0/2 -o %s/part.json --plot %s/part.svg --force", tu_tmpdir(),
             tu_tmpdir());
    CU_ASSERT_EQUAL(tu_flowmc(args, NULL, &err), 2);
    CU_ASSERT(tu_contains(err, "--plot draws a whole run"));
    free(err);
}

void suite_output(void);
void suite_output(void)
{
    static const CU_TestInfo tests[] = {
        {"stdout on /dev/full: exit 2, every command", test_dev_full},
        {"- is stdin and stdout", test_dash},
        {"a failed run keeps the old output", test_atomic},
        {"links not followed without --force", test_links},
        {"sim's table in people's units", test_sim_people},
        {"sim --plot", test_sim_plot},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("output", tests);
}
