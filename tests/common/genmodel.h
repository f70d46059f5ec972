/*
 * genmodel: writes large synthetic BPMN models for tests and benchmarks.
 * Header-only (static functions) so that the unit tests and each benchmark
 * program can include it without a library of their own.
 */
#ifndef FLOWMC_GENMODEL_H
#define FLOWMC_GENMODEL_H

#include <stdio.h>
#include <string.h>

/* Writes a process of `tasks` tasks in a chain, split over `lanes` lanes,
 * between one start and one end event, each task carrying `doc_bytes` of
 * documentation.  Returns the number of flow nodes written, -1 on I/O
 * error. */
static inline long genmodel_chain(const char *path, long tasks, int lanes, int doc_bytes)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
               "id=\"Gen\" targetNamespace=\"http://example.org/gen\">\n"
               "<bpmn:process id=\"P\" isExecutable=\"false\">\n<bpmn:laneSet id=\"LS\">\n");
    for (int l = 0; l < lanes; l++) {
        fprintf(f, "<bpmn:lane id=\"L%d\" name=\"Lane %d\">\n", l, l);
        if (l == 0)
            fprintf(f, "<bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef>E</bpmn:flowNodeRef>\n");
        for (long t = l; t < tasks; t += lanes)
            fprintf(f, "<bpmn:flowNodeRef>T%ld</bpmn:flowNodeRef>\n", t);
        fprintf(f, "</bpmn:lane>\n");
    }
    fprintf(f, "</bpmn:laneSet>\n<bpmn:startEvent id=\"S\"/>\n<bpmn:endEvent id=\"E\"/>\n");
    for (long t = 0; t < tasks; t++) {
        fprintf(f, "<bpmn:task id=\"T%ld\" name=\"Task %ld\">", t, t);
        if (doc_bytes > 0) {
            fputs("<bpmn:documentation>", f);
            for (int k = 0; k < doc_bytes; k++)
                fputc('a' + (int)((t + k) % 26), f);
            fputs("</bpmn:documentation>", f);
        }
        fputs("</bpmn:task>\n", f);
    }
    for (long t = 0; t <= tasks; t++) {
        char src[32], dst[32];
        if (t == 0)
            snprintf(src, sizeof src, "S");
        else
            snprintf(src, sizeof src, "T%ld", t - 1);
        if (t == tasks)
            snprintf(dst, sizeof dst, "E");
        else
            snprintf(dst, sizeof dst, "T%ld", t);
        fprintf(f, "<bpmn:sequenceFlow id=\"F%ld\" sourceRef=\"%s\" targetRef=\"%s\"/>\n", t, src,
                dst);
    }
    fprintf(f, "</bpmn:process>\n</bpmn:definitions>\n");
    return fclose(f) == 0 ? tasks + 2 : -1;
}

/* A small random generator for genmodel_random (xorshift64*; the same
 * seed gives the same model). */
static inline unsigned long long genmodel_next(unsigned long long *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 2685821657736338717ULL;
}

static inline int genmodel_pick(unsigned long long *x, int n) { return (int)(genmodel_next(x) % (unsigned)n); }

/* Writes one random process body: a start event, `inner` nodes of random
 * kinds (tasks, exclusive, parallel and inclusive gateways, send and
 * receive tasks when `prefix` talks to a partner, a terminate end now and
 * then), two end events, and flows mostly forward with some back (loops).
 * Many such models are unsound -- deadlocks, lack of synchronization,
 * livelocks, unbounded growth: the point is variety, not soundness. */
static inline void genmodel_body(FILE *f, unsigned long long *x, const char *prefix, int inner,
                          int talks, int *sends, int *receives)
{
    static const char *const kinds[] = {"task", "task", "task", "exclusiveGateway",
                                        "exclusiveGateway", "parallelGateway", "parallelGateway",
                                        "inclusiveGateway", "sendTask", "receiveTask"};
    int nk = talks ? 10 : 8;
    *sends = *receives = -1;
    fprintf(f, "<bpmn:startEvent id=\"%sS\"/>\n", prefix);
    fprintf(f, "<bpmn:endEvent id=\"%sE0\"/>\n", prefix);
    if (genmodel_pick(x, 4) == 0)
        fprintf(f, "<bpmn:endEvent id=\"%sE1\"><bpmn:terminateEventDefinition/></bpmn:endEvent>\n",
                prefix);
    else
        fprintf(f, "<bpmn:endEvent id=\"%sE1\"/>\n", prefix);
    char kind[64][24];
    for (int i = 0; i < inner && i < 64; i++) {
        const char *k = kinds[genmodel_pick(x, nk)];
        if (!strcmp(k, "sendTask")) {
            if (*sends >= 0)
                k = "task";
            else
                *sends = i;
        }
        if (!strcmp(k, "receiveTask")) {
            if (*receives >= 0)
                k = "task";
            else
                *receives = i;
        }
        snprintf(kind[i], sizeof kind[i], "%s", k);
        fprintf(f, "<bpmn:%s id=\"%sN%d\" name=\"%s %d\"/>\n", k, prefix, i, k, i);
    }
    int fl = 0;
    fprintf(f, "<bpmn:sequenceFlow id=\"%sf%d\" sourceRef=\"%sS\" targetRef=\"%sN0\"/>\n", prefix,
            fl++, prefix, prefix);
    for (int i = 0; i < inner && i < 64; i++) {
        int gw = strstr(kind[i], "Gateway") != NULL;
        int nout = gw ? 1 + genmodel_pick(x, 3) : 1 + (genmodel_pick(x, 8) == 0);
        for (int k = 0; k < nout; k++) {
            char tgt[32];
            int r = genmodel_pick(x, 10);
            if (r < 2 || i == inner - 1)
                snprintf(tgt, sizeof tgt, "%sE%d", prefix, genmodel_pick(x, 2));
            else if (r < 4 && i > 0)
                snprintf(tgt, sizeof tgt, "%sN%d", prefix, genmodel_pick(x, i)); /* back */
            else
                snprintf(tgt, sizeof tgt, "%sN%d", prefix,
                         i + 1 + genmodel_pick(x, inner - i - 1 > 3 ? 3 : inner - i - 1));
            fprintf(f, "<bpmn:sequenceFlow id=\"%sf%d\" name=\"b%d\" sourceRef=\"%sN%d\" "
                       "targetRef=\"%s\"/>\n", prefix, fl++, k, prefix, i, tgt);
        }
    }
}

/* Writes a random model from seed: one process of `inner` inner nodes or,
 * with two_pools, a collaboration of two such processes whose send task
 * and receive task exchange messages.  Returns 0, -1 on I/O error. */
static inline int genmodel_random(const char *path, unsigned long long seed, int inner, int two_pools)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    unsigned long long x = seed * 0x9E3779B97F4A7C15ULL + 1;
    genmodel_next(&x);
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
               "id=\"Gen\" targetNamespace=\"http://example.org/gen\">\n");
    int sa, ra, sb, rb;
    /* the bodies first, into a buffer-free order: processes, then the
     * collaboration that names their send and receive tasks */
    fprintf(f, "<bpmn:process id=\"A\">\n");
    genmodel_body(f, &x, "a", inner, two_pools, &sa, &ra);
    fprintf(f, "</bpmn:process>\n");
    if (two_pools) {
        fprintf(f, "<bpmn:process id=\"B\">\n");
        genmodel_body(f, &x, "b", inner, 1, &sb, &rb);
        fprintf(f, "</bpmn:process>\n<bpmn:collaboration id=\"C\">\n"
                   "<bpmn:participant id=\"PA\" processRef=\"A\"/>"
                   "<bpmn:participant id=\"PB\" processRef=\"B\"/>\n");
        if (sa >= 0 && rb >= 0)
            fprintf(f, "<bpmn:messageFlow id=\"mab\" sourceRef=\"aN%d\" targetRef=\"bN%d\"/>\n",
                    sa, rb);
        if (sb >= 0 && ra >= 0)
            fprintf(f, "<bpmn:messageFlow id=\"mba\" sourceRef=\"bN%d\" targetRef=\"aN%d\"/>\n",
                    sb, ra);
        fprintf(f, "</bpmn:collaboration>\n");
    }
    fprintf(f, "</bpmn:definitions>\n");
    return fclose(f);
}

#endif
