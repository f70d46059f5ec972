/*
 * testutil: shared test helpers; see testutil.h.
 */
#define _XOPEN_SOURCE 700 /* nftw and its flags */
#include "testutil.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

void tu_add_suite(const char *name, const CU_TestInfo *tests)
{
    CU_SuiteInfo s[] = {{name, NULL, NULL, NULL, NULL, (CU_TestInfo *)tests}, CU_SUITE_INFO_NULL};
    CU_register_suites(s);
}

static char tmpdir[64];
static pid_t tmpdir_owner;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Tests leave nothing behind: the folder goes when the run ends (only in
 * the process that made it, not in children that fork). */
static void remove_tmpdir(void)
{
    if (tmpdir[0] && getpid() == tmpdir_owner)
        nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *tu_tmpdir(void)
{
    if (!tmpdir[0]) {
        snprintf(tmpdir, sizeof tmpdir, "/tmp/flowmc-test-XXXXXX");
        if (!mkdtemp(tmpdir))
            abort();
        tmpdir_owner = getpid();
        atexit(remove_tmpdir);
    }
    return tmpdir;
}

const char *tu_shared(void)
{
    const char *s = getenv("FLOWMC_SHARED");
    return s && *s ? s : "../shared";
}

static int skips;

const char *tu_shared_or_skip(const char *sub, const char *why)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", tu_shared(), sub);
    if (stat(path, &st) == 0)
        return tu_shared();
    skips++;
    fprintf(stderr, "\n  SKIPPED (%s): %s is absent\n", why, path);
    return NULL;
}

int tu_skips(void)
{
    return skips;
}

char *tu_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = 0;
    if (len)
        *len = n;
    return buf;
}

const char *tu_bin(void)
{
    const char *bin = getenv("FLOWMC_BIN");
    return bin && *bin ? bin : "bin/flowmc";
}

int tu_flowmc(const char *args, char **out, char **err)
{
    /* under `make valgrind` the binary is checked too */
    const char *vg = getenv("FLOWMC_VALGRIND")
                         ? "valgrind -q --leak-check=full --errors-for-leak-kinds=definite "
                           "--error-exitcode=99 --suppressions=tests/valgrind.supp "
                         : "";
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "%s%s %s", vg, tu_bin(), args);
    return tu_sh(cmd, out, err);
}

int tu_sh(const char *command, char **out, char **err)
{
    static int seq;
    char o[256], e[256], cmd[8192];
    snprintf(o, sizeof o, "%s/out.%d.%d", tu_tmpdir(), (int)getpid(), seq);
    snprintf(e, sizeof e, "%s/err.%d.%d", tu_tmpdir(), (int)getpid(), seq++);
    snprintf(cmd, sizeof cmd, "%s >%s 2>%s </dev/null", command, o, e);
    int st = system(cmd);
    if (out)
        *out = tu_slurp(o, NULL);
    if (err)
        *err = tu_slurp(e, NULL);
    unlink(o);
    unlink(e);
    if (st == -1 || !WIFEXITED(st))
        return -1;
    int rc = WEXITSTATUS(st);
    /* the shell reports a signal death as 128+n */
    return rc > 128 ? -1 : rc;
}

int tu_contains(const char *haystack, const char *needle)
{
    return haystack && needle && strstr(haystack, needle) != NULL;
}

void tu_expect(const char *command, const char *args, int rc, const char *const *needles)
{
    char cmd[1024], *err = NULL;
    snprintf(cmd, sizeof cmd, "%s %s", command, args);
    int got = tu_flowmc(cmd, NULL, &err);
    if (got != rc)
        fprintf(stderr, "\n  flowmc %s: exit %d, not %d:\n%s", cmd, got, rc, err ? err : "");
    CU_ASSERT_EQUAL(got, rc);
    for (int i = 0; needles[i]; i++) {
        if (!tu_contains(err, needles[i]))
            fprintf(stderr, "\n  flowmc %s: missing '%s' in:\n%s", cmd, needles[i], err ? err : "(null)");
        CU_ASSERT_TRUE(tu_contains(err, needles[i]));
    }
    free(err);
}

const char *tu_chromium(void)
{
    const char *c = getenv("CHROMIUM");
    return c && *c ? c : "/usr/bin/chromium";
}

int tu_browser_ready(const char *what, const char *const *modules)
{
    const char *missing = NULL;
    if (system("node --version >/dev/null 2>&1") != 0)
        missing = "node (Debian: nodejs)";
    else if (access(tu_chromium(), X_OK) != 0)
        missing = "chromium";
    for (int i = 0; !missing && modules[i]; i++) {
        char path[512];
        struct stat st;
        snprintf(path, sizeof path, "tests/browser/node_modules/%s", modules[i]);
        if (stat(path, &st) != 0)
            missing = "tests/browser/node_modules (npm ci in tests/browser)";
    }
    if (!missing)
        return 1;
    const char *ci = getenv("CI");
    if (ci && *ci && strcmp(ci, "false") != 0) {
        fprintf(stderr, "\n    %s must run in CI, but %s is missing: make deps installs it\n", what, missing);
        CU_FAIL("browser tests cannot run in CI");
    } else {
        printf("\n    SKIPPED: %s is missing (make deps installs it)", missing);
    }
    return 0;
}
