/*
 * importer: picks the reader by the document's root element, so that a
 * BPMN file named .xml or a scenario named .bpmn still reads right.
 */
#include "importer.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "../model/alloc.h"
#include "../model/xmlsafe.h"
#include "qbp.h"

sim_scenario *importer_load(const char *path, diag_list *d)
{
    xmlsafe_init();
    xmlDocPtr doc = xmlsafe_read_file(path, d);
    if (!doc)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root && xmlStrEqual(root->name, BAD_CAST "definitions")) {
        if (!qbp_find(doc)) {
            diag_add(d, DIAG_ERROR, "scenario", path, (int)xmlGetLineNo(root), NULL, NULL,
                     "not a flowmc scenario: a BPMN model without simulation parameters (give a "
                     "scenario file, or a model with qbp:processSimulationInfo from BIMP or Apromore)");
            xmlFreeDoc(doc);
            return NULL;
        }
        xmlFreeDoc(doc);
        /* the scenario sits beside the model: the model is its basename */
        const char *base = strrchr(path, '/');
        xmlDocPtr sc = qbp_import(path, base ? base + 1 : path, d);
        return sc ? sim_scenario_load_doc(sc, path, d) : NULL;
    }
    return sim_scenario_load_doc(doc, path, d);
}

/* The path of file relative to the folder dir (both as given, resolved
 * against the working directory); file as given when either cannot be
 * resolved.  Into buf. */
static void relative_to(const char *dir, const char *file, char *buf, size_t len)
{
    char *rd = realpath(dir, NULL), *rf = realpath(file, NULL);
    if (!rd || !rf) {
        snprintf(buf, len, "%s", file);
        goto done;
    }
    /* the common prefix, by whole components */
    size_t i = 0, cut = 0;
    while (rd[i] && rd[i] == rf[i]) {
        if (rd[i] == '/')
            cut = i;
        i++;
    }
    if (!rd[i] && rf[i] == '/')
        cut = i;
    if (cut == 0) { /* nothing in common but the root: the absolute path */
        snprintf(buf, len, "%s", rf);
        goto done;
    }
    buf[0] = 0;
    size_t used = 0;
    for (const char *p = rd + cut; *p; p++)
        if (*p == '/' && used + 3 < len) {
            memcpy(buf + used, "../", 3);
            used += 3;
        }
    buf[used] = 0;
    snprintf(buf + used, len - used, "%s", rf + cut + 1);
done:
    free(rd);
    free(rf);
}

void importer_model_ref(const char *beside, const char *bpmn, char *buf, size_t len)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", beside ? beside : ".");
    char *slash = strrchr(dir, '/');
    if (!beside || !slash)
        snprintf(dir, sizeof dir, ".");
    else
        slash[slash == dir ? 1 : 0] = 0;
    relative_to(dir, bpmn, buf, len);
}

int importer_check(xmlDocPtr doc, const char *bpmn, const char *src, diag_list *d)
{
    char ref[PATH_MAX];
    importer_model_ref(src, bpmn, ref, sizeof ref);
    xmlDocPtr copy = xmlCopyDoc(doc, 1);
    if (!copy)
        alloc_fail("a copy of the model");
    xmlSetProp(xmlDocGetRootElement(copy), BAD_CAST "model", BAD_CAST ref);
    sim_scenario *s = sim_scenario_load_doc(copy, src, d);
    if (!s)
        return -1;
    sim_scenario_free(s);
    return 0;
}
