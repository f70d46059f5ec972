/*
 * bench_check: the checker's speed targets (issues 4 and 17).
 *
 *  1. A process of 20 parallel branches of one task each, explored
 *     completely without reduction (--no-reduction): 2^20 + 4 states, five
 *     times (median and range).  Prints
 *     states per second and bytes per
 *     state of the state store (targets: >= 1 M states/s, <= 64 B/state on
 *     one core), next to the floor any explicit-state explorer stands on:
 *     inserting as many keys of the same size into a bare open-addressing
 *     hash set, and the ratio.
 *  2. The partial-order reduction: the same 20 branches reduced, as a
 *     ratio of states and time against the full search of part 1; then 30
 *     branches (2^30 interleavings), every property decided on the reduced
 *     space (target: under 1 s), against the full search's closed-form
 *     count of 2^30 + 4 states at part 1's measured rate (the full search
 *     itself would need some 58 GB at 54 bytes a state, past the memory
 *     budget: not run).
 *  3. A process of 10,002 flow nodes (2,500 exclusive diamonds in a row):
 *     the structural rules alone (target: under 100 ms), next to reading
 *     the same file, and the ratio; then its state space too, reduced and
 *     full (nothing to reduce there: the ratio is the reduction's cost).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench.h"
#include "check/check.h"
#include "model/bpmn_read.h"

static const char *head =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
    "id=\"Gen\" targetNamespace=\"http://example.org/gen\">\n<bpmn:process id=\"P\">\n";

static int gen_parallel(const char *path, int branches)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(head, f);
    fputs("<bpmn:startEvent id=\"S\"/><bpmn:parallelGateway id=\"F\"/>"
          "<bpmn:parallelGateway id=\"J\"/><bpmn:endEvent id=\"E\"/>\n"
          "<bpmn:sequenceFlow id=\"s\" sourceRef=\"S\" targetRef=\"F\"/>\n"
          "<bpmn:sequenceFlow id=\"e\" sourceRef=\"J\" targetRef=\"E\"/>\n", f);
    for (int i = 0; i < branches; i++)
        fprintf(f, "<bpmn:task id=\"T%d\"/>"
                   "<bpmn:sequenceFlow id=\"a%d\" sourceRef=\"F\" targetRef=\"T%d\"/>"
                   "<bpmn:sequenceFlow id=\"b%d\" sourceRef=\"T%d\" targetRef=\"J\"/>\n",
                i, i, i, i, i);
    fputs("</bpmn:process>\n</bpmn:definitions>\n", f);
    return fclose(f);
}

/* S, then `blocks` diamonds X_i -> (A_i | B_i) -> M_i, then E. */
static int gen_diamonds(const char *path, int blocks)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(head, f);
    fputs("<bpmn:startEvent id=\"S\"/><bpmn:endEvent id=\"E\"/>\n", f);
    for (int i = 0; i < blocks; i++) {
        fprintf(f, "<bpmn:exclusiveGateway id=\"X%d\"/><bpmn:task id=\"A%d\"/>"
                   "<bpmn:task id=\"B%d\"/><bpmn:exclusiveGateway id=\"M%d\"/>\n", i, i, i, i);
        if (i == 0)
            fprintf(f, "<bpmn:sequenceFlow id=\"in0\" sourceRef=\"S\" targetRef=\"X0\"/>\n");
        else
            fprintf(f, "<bpmn:sequenceFlow id=\"in%d\" sourceRef=\"M%d\" targetRef=\"X%d\"/>\n",
                    i, i - 1, i);
        fprintf(f, "<bpmn:sequenceFlow id=\"xa%d\" name=\"a\" sourceRef=\"X%d\" targetRef=\"A%d\"/>"
                   "<bpmn:sequenceFlow id=\"xb%d\" name=\"b\" sourceRef=\"X%d\" targetRef=\"B%d\"/>"
                   "<bpmn:sequenceFlow id=\"am%d\" sourceRef=\"A%d\" targetRef=\"M%d\"/>"
                   "<bpmn:sequenceFlow id=\"bm%d\" sourceRef=\"B%d\" targetRef=\"M%d\"/>\n",
                i, i, i, i, i, i, i, i, i, i, i, i);
    }
    fprintf(f, "<bpmn:sequenceFlow id=\"out\" sourceRef=\"M%d\" targetRef=\"E\"/>\n", blocks - 1);
    fputs("</bpmn:process>\n</bpmn:definitions>\n", f);
    return fclose(f);
}

#define RUNS 5

static model *load(const char *path)
{
    diag_list *d = diag_list_new();
    model *m = bpmn_read_file(path, d);
    if (!m || diag_list_count_severity(d, DIAG_ERROR)) {
        diag_list_print(d, stderr);
        exit(1);
    }
    diag_list_free(d);
    return m;
}

/* The floor: n keys of `w` bytes (the same safe-state encoding size) into
 * a bare linear-probing hash set, growing as it goes. */
static double hashset_floor(size_t n, size_t w)
{
    size_t cap = 1024, used = 0;
    uint32_t *table = malloc(cap * sizeof *table);
    unsigned char *keys = malloc(n * w);
    memset(table, 0xff, cap * sizeof *table);
    double t0 = bench_now();
    for (size_t i = 0; i < n; i++) {
        unsigned char *k = keys + i * w;
        uint64_t x = i * 0x9E3779B97F4A7C15ULL;
        memcpy(k, &x, w < 8 ? w : 8);
        uint64_t h = x ^ (x >> 29);
        h *= 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 32;
        if (used * 10 > cap * 7) {
            size_t nc = cap * 2;
            uint32_t *t = malloc(nc * sizeof *t);
            memset(t, 0xff, nc * sizeof *t);
            for (size_t j = 0; j < cap; j++)
                if (table[j] != UINT32_MAX) {
                    uint64_t y = 0;
                    memcpy(&y, keys + table[j] * w, w < 8 ? w : 8);
                    uint64_t g = y ^ (y >> 29);
                    g *= 0xbf58476d1ce4e5b9ULL;
                    g ^= g >> 32;
                    size_t q = g & (nc - 1);
                    while (t[q] != UINT32_MAX)
                        q = (q + 1) & (nc - 1);
                    t[q] = table[j];
                }
            free(table);
            table = t;
            cap = nc;
        }
        size_t q = h & (cap - 1);
        while (table[q] != UINT32_MAX && memcmp(keys + table[q] * w, k, w))
            q = (q + 1) & (cap - 1);
        if (table[q] == UINT32_MAX) {
            table[q] = (uint32_t)i;
            used++;
        }
    }
    double dt = bench_now() - t0;
    free(table);
    free(keys);
    return dt;
}

int main(void)
{
    char path[] = "/tmp/flowmc-bench-check-XXXXXX";
    if (bench_tmpfile(path) != 0)
        return 1;

    /* 1. state space of 20 parallel branches, RUNS times: the machine is
     * a shared virtual one whose cache is not ours alone, so one run can
     * be twice as slow as the next; the median is what we judge */
    if (gen_parallel(path, 20) != 0)
        return 1;
    model *m = load(path);
    diag_list *d = NULL;
    check_report *r = NULL;
    const check_process_result *p = NULL;
    double cdts[RUNS], dts[RUNS], floors[RUNS];
    size_t want = ((size_t)1 << 20) + 4;
    check_options full = {0, NULL, 1};
    for (int run = 0; run < RUNS; run++) {
        check_report_free(r);
        diag_list_free(d);
        d = diag_list_new();
        double t0 = bench_now(), c0 = bench_cpu();
        r = check_run(m, &full, d);
        dts[run] = bench_now() - t0;
        cdts[run] = bench_cpu() - c0;
        p = check_report_at(r, 0);
        if (!p->complete || p->sound != CHECK_HOLDS || p->states != want || diag_list_count(d)) {
            fprintf(stderr, "bench_check: expected a complete sound space of %zu states, "
                            "got %zu\n", want, p->states);
            return 1;
        }
        floors[run] = hashset_floor(p->states, 6);
    }
    double cdt = bench_median(cdts, RUNS), dt = bench_median(dts, RUNS), floor_dt = bench_median(floors, RUNS);
    double rate = p->states / cdt, bps = (double)p->bytes / p->states;
    /* each of the 2^20 markings of the branches moves on every branch
     * not yet done: 20 * 2^19 moves, each one look-up */
    double lookups = 20.0 * (1 << 19) / p->states;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("check: 20 parallel branches, full search (--no-reduction), %zu states explored "
           "completely, median of %d runs "
           "%.2f s CPU (range %.2f-%.2f; wall %.2f): %.2f M states/s of CPU, %.1f bytes/state "
           "(store peak %.1f MB, process peak %.0f MB)\n",
           p->states, RUNS, cdt, cdts[0], cdts[RUNS - 1], dt, rate / 1e6, bps, p->bytes / 1e6,
           ru.ru_maxrss / 1024.0);
    printf("check: floor, %zu keys into a bare hash set: median %.2f s (%.2f M keys/s); "
           "explorer takes %.1fx the floor (it makes %.1f look-ups per state, generates the "
           "moves and judges livelock)\n",
           p->states, floor_dt, p->states / floor_dt / 1e6, dt / floor_dt, lookups);
    printf("check: targets >= 1 M states/s: %s; <= 64 bytes/state: %s\n",
           rate >= 1e6 ? "met" : "MISSED", bps <= 64 ? "met" : "MISSED");
    check_report_free(r);
    diag_list_free(d);

    /* 2. the reduction, on the same model, then on 30 branches */
    double rdts[RUNS];
    size_t rstates = 0;
    for (int run = 0; run < RUNS; run++) {
        d = diag_list_new();
        double c0 = bench_cpu();
        r = check_run(m, NULL, d);
        rdts[run] = bench_cpu() - c0;
        p = check_report_at(r, 0);
        if (!p->complete || p->sound != CHECK_HOLDS || !p->reduced || diag_list_count(d)) {
            fprintf(stderr, "bench_check: the reduced search did not decide the 20 branches\n");
            return 1;
        }
        rstates = p->states;
        check_report_free(r);
        diag_list_free(d);
    }
    double rdt = bench_median(rdts, RUNS);
    printf("check: 20 parallel branches, reduced (stubborn sets): %zu states in %.3f ms CPU "
           "(median of %d); full/reduced: %.0fx the states, %.0fx the time\n",
           rstates, rdt * 1e3, RUNS, (double)want / rstates, cdt / rdt);
    model_free(m);
    if (gen_parallel(path, 30) != 0)
        return 1;
    m = load(path);
    double r30[RUNS];
    size_t s30 = 0;
    for (int run = 0; run < RUNS; run++) {
        d = diag_list_new();
        double t0 = bench_now();
        r = check_run(m, NULL, d);
        r30[run] = bench_now() - t0;
        p = check_report_at(r, 0);
        const check_properties *q = &p->props;
        if (!p->complete || p->sound != CHECK_HOLDS || q->safe != CHECK_HOLDS ||
            q->messages_consumed != CHECK_HOLDS || diag_list_count(d)) {
            fprintf(stderr, "bench_check: the reduced search did not decide the 30 branches\n");
            return 1;
        }
        s30 = p->states;
        check_report_free(r);
        diag_list_free(d);
    }
    double dt30 = bench_median(r30, RUNS), full30 = (double)(((size_t)1 << 30) + 4);
    printf("check: 30 parallel branches (2^30 interleavings), reduced: every property decided "
           "on %zu states in %.3f ms wall (median of %d); the full search's %.0f states (closed "
           "form) at the %.2f M states/s measured above would take %.0f s: ratio %.0fx; "
           "target < 1 s: %s\n",
           s30, dt30 * 1e3, RUNS, full30, rate / 1e6, full30 / rate, full30 / rate / dt30,
           dt30 < 1.0 ? "met" : "MISSED");
    model_free(m);

    /* 3. structural rules on 10,002 nodes */
    if (gen_diamonds(path, 2500) != 0)
        return 1;
    double t0 = bench_now();
    m = load(path);
    double read_dt = bench_now() - t0;
    static const char *const behavioural[] = {"deadlock", "lack-of-synchronization", "livelock",
                                              "dead-activity", "improper-completion",
                                              "unbounded", NULL};
    check_options so = {0, behavioural, 0}, sfull = {0, NULL, 1};
    d = diag_list_new();
    t0 = bench_now();
    r = check_run(m, &so, d);
    double st_dt = bench_now() - t0;
    if (diag_list_count(d)) {
        diag_list_print(d, stderr);
        return 1;
    }
    printf("check: structural rules on %zu nodes, %zu flows: %.1f ms (reading the file: %.1f ms, "
           "ratio %.2f); target < 100 ms: %s\n",
           model_node_count(m), model_flow_count(m), st_dt * 1e3, read_dt * 1e3,
           st_dt / read_dt, st_dt < 0.1 ? "met" : "MISSED");
    check_report_free(r);
    diag_list_free(d);
    d = diag_list_new();
    t0 = bench_now();
    r = check_run(m, NULL, d);
    double sdt = bench_now() - t0;
    p = check_report_at(r, 0);
    size_t sn = p->states;
    int ssound = p->sound == CHECK_HOLDS;
    check_report_free(r);
    diag_list_free(d);
    d = diag_list_new();
    t0 = bench_now();
    r = check_run(m, &sfull, d);
    double fdt = bench_now() - t0;
    p = check_report_at(r, 0);
    printf("check: the same model's state space: reduced %zu states in %.2f s, full %zu states "
           "in %.2f s (reduced/full time %.2f: what computing stubborn sets costs where there "
           "is nothing to reduce), %s\n", sn, sdt, p->states, fdt, sdt / fdt,
           ssound && p->sound == CHECK_HOLDS ? "sound" : "NOT SOUND");
    check_report_free(r);
    diag_list_free(d);
    model_free(m);
    remove(path);
    return 0;
}
