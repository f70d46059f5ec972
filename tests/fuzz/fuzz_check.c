/*
 * fuzz_check: whatever model the reader accepts goes through the checker
 * (structural rules and the state-space search, with a small state limit
 * so that one input stays well under a second).
 */
#include "check/check.h"
#include "fuzz_common.h"
#include "model/bpmn_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("input.bpmn", data, size);
    diag_list *d = diag_list_new();
    model *m = bpmn_read_file(path, d);
    if (m && diag_list_count_severity(d, DIAG_ERROR) == 0) {
        check_options o = {20000, NULL, 0};
        diag_list *findings = diag_list_new();
        check_report *r = check_run(m, &o, findings);
        check_report_free(r);
        diag_list_free(findings);
    }
    model_free(m);
    diag_list_free(d);
    return 0;
}
