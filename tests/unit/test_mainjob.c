/*
 * Suite mainjob: `make run` regenerated into a temporary folder must equal
 * the committed results/ byte for byte -- every file, no file missing or
 * extra -- so that results/ can never go stale behind the code, the models
 * or the scenarios.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

/* Compares the regular files of dir a (relative path rel) with b's;
 * reports each difference on stderr and returns their number. */
static int compare_dirs(const char *a, const char *b, const char *rel)
{
    char pa[2200], pb[2200];
    snprintf(pa, sizeof pa, "%s/%s", a, rel);
    DIR *dp = opendir(pa);
    if (!dp) {
        fprintf(stderr, "\n  cannot open %s", pa);
        return 1;
    }
    int diffs = 0;
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[1024];
        snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        snprintf(pa, sizeof pa, "%s/%s", a, sub);
        snprintf(pb, sizeof pb, "%s/%s", b, sub);
        struct stat st;
        if (stat(pa, &st) == 0 && S_ISDIR(st.st_mode)) {
            diffs += compare_dirs(a, b, sub);
            continue;
        }
        size_t la = 0, lb = 0;
        char *da = tu_slurp(pa, &la), *db = tu_slurp(pb, &lb);
        if (!db || la != lb || memcmp(da, db, la) != 0) {
            fprintf(stderr, "\n  %s: %s", sub, db ? "differs" : "missing on the other side");
            diffs++;
        }
        free(da);
        free(db);
    }
    closedir(dp);
    return diffs;
}

static void test_results_fresh(void)
{
    const char *bin = getenv("FLOWMC_BIN");
    char out[512], args[1200];
    snprintf(out, sizeof out, "%s/results", tu_tmpdir());
    snprintf(args, sizeof args, "sh tests/run-main.sh %s %s >/dev/null 2>&1", bin ? bin : "bin/flowmc",
             out);
    CU_ASSERT_EQUAL_FATAL(system(args), 0);
    /* both directions: nothing stale, nothing missing */
    int stale = compare_dirs("results", out, "") + compare_dirs(out, "results", "");
    if (stale)
        fprintf(stderr, "\n  results/ is stale: run `make run` and commit results/\n");
    CU_ASSERT_EQUAL(stale, 0);
}

void suite_mainjob(void);
void suite_mainjob(void)
{
    static const CU_TestInfo tests[] = {
        {"committed results/ equal a fresh make run", test_results_fresh},
        CU_TEST_INFO_NULL,
    };
    tu_add_suite("mainjob", tests);
}
