/*
 * genmodel: writes large synthetic BPMN models for tests and benchmarks.
 * Header-only (static functions) so that the unit tests and each benchmark
 * program can include it without a library of their own.
 */
#ifndef FLOWMC_GENMODEL_H
#define FLOWMC_GENMODEL_H

#include <stdio.h>

/* Writes a process of `tasks` tasks in a chain, split over `lanes` lanes,
 * between one start and one end event, each task carrying `doc_bytes` of
 * documentation.  Returns the number of flow nodes written, -1 on I/O
 * error. */
static long genmodel_chain(const char *path, long tasks, int lanes, int doc_bytes)
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

#endif
