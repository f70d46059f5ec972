/*
 * fuzz_scenario: the scenario reader (schema, sections, references into
 * the model, arrival files, the plan's checks) on arbitrary bytes, then a
 * few --set overrides.  The seed corpus names the models of the simulator
 * fixtures, which fuzz_common copies beside the input.
 */
#include "fuzz_common.h"
#include "sim/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("input.xml", data, size);
    diag_list *d = diag_list_new();
    sim_scenario *s = sim_scenario_load(path, d);
    if (s) {
        static const char *const sets[] = {"clock.horizon=P3D", "run.seed=7"};
        (void)sim_scenario_set_args(s, sets, 2, d);
        (void)sim_scenario_replications(s);
    }
    sim_scenario_free(s);
    diag_list_free(d);
    return 0;
}
