/*
 * size_scenario: `flowmc size` on the simulator -- which roles and
 * rosters to size, the simulator as the search's callback, and the probes
 * that show what binds an SLA staffing cannot reach.
 *
 * A candidate staffing sets the typed parameters role.ID.staff and
 * roster.ID.people (sim_param_*: no XML, no XSD, no compile between
 * candidates), and its replications [r0, r1) are a sim_run with
 * first_replication r0 and the scenario's seed, so every candidate sees
 * the same arrivals and draws (common random numbers).  At the ceiling a
 * queue role is SIM_STAFF_UNLIMITED and a roster its longest in range.
 *
 * Probes, each one controlled change at the ceiling, offered when the
 * scenario has something for them to change:
 *   - every other staffed role unlimited (the roles not sized);
 *   - every roster answers its first call (answer and backup-answer 1;
 *     rosters listing their people one by one are left as they are);
 *   - every role works around the clock (its calendar 24x7; durations and
 *     timers keep the working time they were given in, SLA clocks their
 *     calendars).
 *
 * Ownership: size_scenario_run changes the scenario's typed parameters
 * while it runs and leaves them as it found them; the result it returns
 * is the caller's (size_result_free).
 */
#ifndef FLOWMC_SIM_SIZE_SCENARIO_H
#define FLOWMC_SIM_SIZE_SCENARIO_H

#include <stdio.h>

#include "../model/diag.h"
#include "sim.h"
#include "size.h"

/* One dimension asked for: a role (--role ID=MIN..MAX) or a roster's
 * length (--roster ID=MIN..MAX). */
typedef struct size_range {
    const char *id;
    int roster;
    int min, max;
} size_range;

typedef struct size_scenario_options {
    size_options search;
    const size_range *ranges; /* none: every staffed role with work, from
                               * 1 to max(2 x bound, bound + 10, its staff) */
    int nranges;
    FILE *progress;           /* a terminal to show the staffing being run
                               * on (one line, rewritten), or NULL */
} size_scenario_options;

/* What the simulator said while the search ran (its warnings repeat for
 * every batch: counted, the first few kept). */
typedef struct size_scenario_log {
    size_t warnings;
    diag_list *first;         /* the caller's list; the first few are added */
    long runs;                /* sim_run calls */
} size_scenario_log;

/* Checks the ranges against the scenario and runs the ceiling and the
 * search.  Returns the result, or NULL with errors in d: an unknown,
 * unlimited or repeated role, an unknown roster or one listing its
 * people, no staffed role with work, no SLA, a role without a cost under
 * the cost objective, or a simulator error.  log may be NULL. */
size_result *size_scenario_run(sim_scenario *s, const size_scenario_options *o,
                               size_scenario_log *log, diag_list *d);

#endif
