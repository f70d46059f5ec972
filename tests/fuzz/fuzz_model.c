/*
 * fuzz_model: the BPMN reader (bpmn_read_file) on arbitrary bytes, then
 * the model's queries every later stage uses.
 */
#include "fuzz_common.h"
#include "model/bpmn_read.h"
#include "model/xmlsafe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("input.bpmn", data, size);
    diag_list *d = diag_list_new();
    model *m = bpmn_read_file(path, d);
    if (m) {
        /* touch what the reader built: ids, adjacency, lanes */
        for (size_t i = 0; i < model_node_count(m); i++) {
            const model_node *n = model_node_at(m, (int)i);
            for (int k = 0; k < n->nout; k++)
                (void)model_flow_at(m, n->out[k]);
            (void)model_find_node(m, n->e.id);
        }
        (void)model_bytes(m);
    }
    model_free(m);
    diag_list_free(d);
    return 0;
}
