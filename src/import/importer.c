/*
 * importer: picks the reader by the document's root element, so that a
 * BPMN file named .xml or a scenario named .bpmn still reads right.
 */
#include "importer.h"

#include <string.h>

#include <libxml/tree.h>

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
