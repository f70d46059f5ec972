/*
 * Suite install: `make install PREFIX=... DESTDIR=...` puts the binary, a
 * manual page per command and flowmc(1), bash completion and the run-time
 * schemas where a user's system looks for them; the installed binary
 * simulates a shipped scenario from another folder (it finds its schema as
 * BINDIR/../share/flowmc/schema, not in the source tree); every page renders
 * with `man -l` without a warning; `make uninstall` leaves nothing behind.
 * Runs on the plain build (bin/flowmc); other builds skip with a line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static int plain_build(void)
{
    if (strcmp(tu_bin(), "bin/flowmc") != 0) {
        printf("\n    skipped: install is tested with the plain build (bin/flowmc), not %s",
               tu_bin());
        return 0;
    }
    return 1;
}

/* Number of commands `flowmc --help` lists. */
static int ncommands(void)
{
    char *out = NULL;
    int n = 0, on = 0;
    tu_flowmc("--help", &out, NULL);
    for (char *l = out ? strtok(out, "\n") : NULL; l; l = strtok(NULL, "\n")) {
        if (strcmp(l, "commands:") == 0)
            on = 1;
        else if (on && strncmp(l, "  ", 2) == 0)
            n++;
        else if (on)
            break;
    }
    free(out);
    return n;
}

static void test_install_run_uninstall(void)
{
    if (!plain_build())
        return;
    char cwd[512], prefix[512], cmd[8192], *out = NULL, *err = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
    snprintf(prefix, sizeof prefix, "%s/prefix", tu_tmpdir());

    snprintf(cmd, sizeof cmd, "make -s --no-print-directory install PREFIX='%s'", prefix);
    int rc = tu_sh(cmd, NULL, &err);
    if (rc != 0)
        fprintf(stderr, "\n  %s: %s\n", cmd, err);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    free(err);

    /* what landed where */
    static const char *const files[] = {
        "bin/flowmc", "share/man/man1/flowmc.1", "share/man/man1/flowmc-check.1",
        "share/man/man1/flowmc-sim.1", "share/bash-completion/completions/flowmc",
        "share/flowmc/schema/scenario.xsd", "share/flowmc/schema/qbp.xsd", NULL};
    for (int i = 0; files[i]; i++) {
        char p[800];
        snprintf(p, sizeof p, "%s/%s", prefix, files[i]);
        if (access(p, R_OK) != 0)
            fprintf(stderr, "\n  not installed: %s\n", p);
        CU_ASSERT_EQUAL(access(p, R_OK), 0);
    }
    snprintf(cmd, sizeof cmd, "(ls '%s/share/man/man1' | wc -l)", prefix);
    CU_ASSERT_EQUAL(tu_sh(cmd, &out, NULL), 0);
    CU_ASSERT_EQUAL(out ? atoi(out) : 0, ncommands() + 1);
    free(out);

    /* the installed binary, from another folder, on a shipped scenario:
     * the schema comes from PREFIX/share/flowmc/schema */
    snprintf(cmd, sizeof cmd,
             "(mkdir -p '%s/elsewhere' && cd '%s/elsewhere' && unset FLOWMC_SCENARIO_XSD && "
             "'%s/bin/flowmc' sim '%s/simulations/annex-x-baseline.xml' -r 2 -o x.json && "
             "'%s/bin/flowmc' check '%s/models/annex-x-root-zone-emergency.bpmn' && test -s x.json)",
             tu_tmpdir(), tu_tmpdir(), prefix, cwd, prefix, cwd);
    rc = tu_sh(cmd, &out, &err);
    if (rc != 0)
        fprintf(stderr, "\n  %s\n  -> %d: %s\n", cmd, rc, err);
    CU_ASSERT_EQUAL(rc, 0);
    free(out);
    free(err);
    /* without the installed schema it fails: the lookup was what found it */
    snprintf(cmd, sizeof cmd,
             "(cd '%s/elsewhere' && mv '%s/share/flowmc' '%s/share/flowmc.away' && "
             "'%s/bin/flowmc' sim '%s/simulations/annex-x-baseline.xml' -r 2 -q; rc=$?; "
             "mv '%s/share/flowmc.away' '%s/share/flowmc'; exit $rc)",
             tu_tmpdir(), prefix, prefix, prefix, cwd, prefix, prefix);
    rc = tu_sh(cmd, NULL, &err);
    CU_ASSERT_EQUAL(rc, 2);
    CU_ASSERT_TRUE(tu_contains(err, "schema"));
    free(err);

    /* every page renders without a warning */
    if (tu_sh("command -v man", NULL, NULL) == 0) {
        snprintf(cmd, sizeof cmd,
                 "(for p in '%s'/share/man/man1/*.1; do LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings "
                 "-E UTF-8 -l \"$p\" >/dev/null || echo \"failed: $p\" >&2; done)",
                 prefix);
        CU_ASSERT_EQUAL(tu_sh(cmd, NULL, &err), 0);
        if (err && *err)
            fprintf(stderr, "\n  man: %s\n", err);
        CU_ASSERT_TRUE(err && !*err);
        free(err);
        /* the options a page lists are the command's */
        snprintf(cmd, sizeof cmd, "LC_ALL=C.UTF-8 MANWIDTH=200 man -l '%s/share/man/man1/flowmc-sim.1'",
                 prefix);
        CU_ASSERT_EQUAL(tu_sh(cmd, &out, NULL), 0);
        CU_ASSERT_TRUE(tu_contains(out, "--replications N"));
        CU_ASSERT_TRUE(tu_contains(out, "EXIT STATUS"));
        free(out);
    } else {
        printf("\n    man is not installed: pages not rendered");
    }

    /* completion: bash reads it, and it completes from the installed tool */
    if (tu_sh("command -v bash", NULL, NULL) == 0) {
        snprintf(cmd, sizeof cmd,
                 "bash -c 'PATH=\"%s/bin:$PATH\"; source \"%s/share/bash-completion/completions/flowmc\" "
                 "&& COMP_WORDS=(flowmc ch) COMP_CWORD=1 && _flowmc && echo \"${COMPREPLY[*]}\" && "
                 "COMP_WORDS=(flowmc render -f \"\") COMP_CWORD=3 && _flowmc && echo \"${COMPREPLY[*]}\"'",
                 prefix, prefix);
        CU_ASSERT_EQUAL(tu_sh(cmd, &out, NULL), 0);
        CU_ASSERT_TRUE(tu_contains(out, "check\nsvg png pdf dot bpmn\n"));
        free(out);
    }

    /* uninstall leaves no file */
    snprintf(cmd, sizeof cmd, "(make -s --no-print-directory uninstall PREFIX='%s' && find '%s' -type f)",
             prefix, prefix);
    CU_ASSERT_EQUAL(tu_sh(cmd, &out, NULL), 0);
    CU_ASSERT_STRING_EQUAL(out ? out : "?", "");
    free(out);
}

/* DESTDIR stages under a root without changing the layout */
static void test_destdir(void)
{
    if (!plain_build())
        return;
    char dest[512], cmd[4096], *out = NULL;
    snprintf(dest, sizeof dest, "%s/stage", tu_tmpdir());
    snprintf(cmd, sizeof cmd,
             "(make -s --no-print-directory install PREFIX=/opt/flowmc DESTDIR='%s' && "
             "'%s/opt/flowmc/bin/flowmc' --version && "
             "make -s --no-print-directory uninstall PREFIX=/opt/flowmc DESTDIR='%s' && "
             "find '%s' -type f)",
             dest, dest, dest, dest);
    CU_ASSERT_EQUAL(tu_sh(cmd, &out, NULL), 0);
    CU_ASSERT_TRUE(tu_contains(out, "flowmc "));
    CU_ASSERT_FALSE(tu_contains(out, "/opt/flowmc/"));
    free(out);
}

void suite_install(void);
void suite_install(void)
{
    static const CU_TestInfo tests[] = {
        {"install, run from elsewhere, uninstall", test_install_run_uninstall},
        {"DESTDIR stages the same layout", test_destdir},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("install", tests);
}
