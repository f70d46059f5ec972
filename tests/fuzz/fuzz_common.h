/*
 * fuzz_common: what the libFuzzer harnesses share.  Each input is written
 * to a file in a private temporary folder and read through the same path a
 * user's file takes (the byte scanner, the streaming reader, the regular-
 * file checks): reading from memory would skip the code most exposed to
 * hostile input.  The folder also holds the simulator fixtures' models, so
 * that a fuzzed scenario naming one of them (the seed corpus does) gets as
 * far as the compile and the run.  Diagnostics are collected and dropped;
 * a crash, a sanitizer report, a leak or a timeout is the finding.
 */
#ifndef FLOWMC_FUZZ_COMMON_H
#define FLOWMC_FUZZ_COMMON_H

#include <dirent.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_dir[PATH_MAX];

static void fuzz_copy(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    char buf[65536];
    size_t n;
    while (out && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            break;
    if (in)
        fclose(in);
    if (out)
        fclose(out);
}

/* Makes the private folder, copies the simulator fixtures' models into it
 * and points the scenario reader at the project's XSD.  Run from the top
 * of the tree (make fuzz does). */
static void fuzz_setup(void)
{
    if (fuzz_dir[0])
        return;
    snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/flowmc-fuzz-XXXXXX");
    if (!mkdtemp(fuzz_dir)) {
        perror("flowmc fuzz: mkdtemp");
        exit(1);
    }
    char xsd[PATH_MAX], cwd[PATH_MAX / 2];
    if (!getcwd(cwd, sizeof cwd)) {
        perror("flowmc fuzz: getcwd");
        exit(1);
    }
    snprintf(xsd, sizeof xsd, "%s/simulations/schema/scenario.xsd", cwd);
    if (access(xsd, R_OK) != 0) {
        fprintf(stderr, "flowmc fuzz: run from the top of the tree (no %s)\n", xsd);
        exit(1);
    }
    setenv("FLOWMC_SCENARIO_XSD", xsd, 1);
    DIR *dir = opendir("tests/fixtures/sim");
    struct dirent *e;
    while (dir && (e = readdir(dir))) {
        size_t n = strlen(e->d_name);
        if (n < 6 || (strcmp(e->d_name + n - 5, ".bpmn") && strcmp(e->d_name + n - 4, ".csv")))
            continue;
        char from[PATH_MAX], to[PATH_MAX];
        snprintf(from, sizeof from, "tests/fixtures/sim/%s", e->d_name);
        snprintf(to, sizeof to, "%s/%s", fuzz_dir, e->d_name);
        fuzz_copy(from, to);
    }
    if (dir)
        closedir(dir);
}

/* Writes the input to NAME in the private folder; returns its path. */
static const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
    static char path[PATH_MAX + 64];
    fuzz_setup();
    snprintf(path, sizeof path, "%s/%s", fuzz_dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
        perror("flowmc fuzz: cannot write the input");
        exit(1);
    }
    return path;
}

#endif
