/*
 * bench_reader: reads a generated model of 100,000 flow nodes and prints
 * the time and the peak memory, next to libxml2's bare parse of the same
 * file (the floor any DOM-based reader stands on) and their ratio.
 * Targets (issue 2): under 1 s and under 200 MB peak.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "bench.h"
#include "../common/genmodel.h"
#include "model/bpmn_read.h"

/* A reader timed in a child of its own, for its own peak RSS. */
typedef struct reader_job {
    int (*read)(const char *);
    const char *path;
} reader_job;

static int timed_read(const void *arg, void *out)
{
    const reader_job *j = arg;
    double t0 = bench_now();
    int ok = j->read(j->path);
    *(double *)out = bench_now() - t0;
    return ok ? 0 : -1;
}

/* Runs job in a child; returns its wall time, *peak_mb its max RSS. */
static double in_child(int (*job)(const char *), const char *path, double *peak_mb)
{
    reader_job j = {job, path};
    double dt = -1;
    if (bench_in_child(timed_read, &j, &dt, sizeof dt, peak_mb) != 0) {
        fprintf(stderr, "bench_reader: child failed\n");
        exit(1);
    }
    return dt;
}

static int job_flowmc(const char *path)
{
    diag_list *d = diag_list_new();
    model *m = bpmn_read_file(path, d);
    int ok = m && model_node_count(m) == 100000 && diag_list_count(d) == 0;
    model_free(m);
    diag_list_free(d);
    return ok;
}

static int job_libxml2(const char *path)
{
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
    int ok = doc != NULL;
    xmlFreeDoc(doc);
    return ok;
}

int main(void)
{
    char path[] = "/tmp/flowmc-bench-reader-XXXXXX";
    if (bench_tmpfile(path) != 0)
        return 1;
    if (genmodel_chain(path, 99998, 10, 0) != 100000)
        return 1;
    double peak_x, peak_f, best_x = 1e9, best_f = 1e9;
    for (int rep = 0; rep < 3; rep++) {
        double tx = in_child(job_libxml2, path, &peak_x);
        double tf = in_child(job_flowmc, path, &peak_f);
        best_x = tx < best_x ? tx : best_x;
        best_f = tf < best_f ? tf : best_f;
    }
    printf("reader: 100000 flow nodes in %.3f s (best of 3), peak %.1f MB  [target < 1 s, < 200 MB]\n",
           best_f, peak_f);
    printf("reader: libxml2 bare parse of the same file %.3f s, peak %.1f MB; flowmc/libxml2 time "
           "ratio %.2f\n", best_x, peak_x, best_f / best_x);
    unlink(path);
    return 0;
}
