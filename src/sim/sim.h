/*
 * sim: Monte-Carlo discrete-event simulation of a BPMN model under a
 * scenario -- load, staffing, business calendars, on-call rosters -- and
 * the SLA verdicts a planner can sign: attainment with a Student-t 95%
 * confidence interval over independent replications.
 *
 * Three objects:
 *   sim_scenario  a scenario file (see docs/scenario-format.md)
 *                 validated against simulations/schema/scenario.xsd, with the
 *                 model files it references, compiled for the engine;
 *   sim_options   how to run it (replications, seed, threads, ...);
 *   sim_result    per-replication figures and their summaries.
 *
 * Randomness and common random numbers.  Replication r of seed S is the same
 * whatever the thread count and whatever replications run beside it.  Inside
 * a replication, arrivals come from one Philox2x64 stream per start event
 * keyed by (S, r, start event id), all 64 bits of S; every per-case draw (durations, branch choices,
 * roster answers, case class) is keyed by (S, r, case, element id, visit
 * number of that element in that case).  So the same case gets the same
 * durations and takes the same branches whatever the staffing, and two
 * scenarios that share element ids share their draws: `flowmc size` and
 * `flowmc compare` rely on this.
 *
 * Ownership: a scenario owns its models, calendars and everything compiled
 * from them; strings and models it hands out are borrowed until
 * sim_scenario_free, whatever is set in between.  A
 * result owns its figures and stays valid after the scenario is freed (it
 * copies the ids it needs).  sim_run only reads the scenario: several
 * sim_run calls on the same scenario may run at the same time, but
 * sim_scenario_set must not run beside them.
 */
#ifndef FLOWMC_SIM_H
#define FLOWMC_SIM_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "../model/diag.h"
#include "../model/model.h"

typedef struct sim_scenario sim_scenario;
typedef struct sim_result sim_result;

/* ---- scenarios ------------------------------------------------------- */

/* Loads and validates a scenario: XSD first (errors name file:line), then
 * every reference (element ids in the model, calendars, roles), every value
 * (probabilities summing to 1 +- 1e-9, positive rates and durations) and the
 * structure (every task served by a staffed role, or explicitly by none).
 * The model file is read relative to the scenario's folder.  Returns NULL
 * after adding at least one error to d; warnings and notes may be added to
 * d in either case. */
sim_scenario *sim_scenario_load(const char *path, diag_list *d);
/* The same from a scenario document built in memory (by an importer):
 * path names it in diagnostics, and the model file is read relative to
 * its folder.  Takes ownership of doc, freed on failure too. */
struct _xmlDoc;
sim_scenario *sim_scenario_load_doc(struct _xmlDoc *doc, const char *path, diag_list *d);
/* Frees it; accepts NULL. */
void sim_scenario_free(sim_scenario *s);

/* Overrides one value, as `--set KEY=VALUE` does: KEY is
 * ELEMENT.REF.ATTRIBUTE (role.rzm.staff, arrival.StartEvent_1.rate,
 * duration.Task_A.mean, flow.Flow_3.probability, sla.ack.target,
 * roster.oncall.answer, timer.Timer_1.duration, class.emergency.share) or
 * ELEMENT.ATTRIBUTE for the single elements (clock.horizon, run.seed,
 * run.replications); REF is the element's id or the id it refers to.
 * The document records the value; a number for a typed parameter (below),
 * written as the schema takes it in the file, is then set in place;
 * anything else (or a value refused) is validated and compiled again from
 * the document, with the file's messages.
 * Returns 0, or -1 with errors in d and the scenario unchanged. */
int sim_scenario_set(sim_scenario *s, const char *key, const char *value,
                     diag_list *d);
/* Applies n "KEY=VALUE" overrides together, then checks them once (so
 * that, e.g., two branch probabilities can change while their sum stays 1):
 * in place when every one is a typed parameter's number, else by one
 * compile of the edited document.
 * Returns 0, or -1 with errors in d and the scenario unchanged. */
int sim_scenario_set_args(sim_scenario *s, const char *const *kv, int n,
                          diag_list *d);

/* The scenario file as given, its name attribute (or NULL). */
const char *sim_scenario_path(const sim_scenario *s);
const char *sim_scenario_name(const sim_scenario *s);
/* Run defaults from the scenario's <run> element. */
int sim_scenario_replications(const sim_scenario *s);
/* Cases expected per replication from the arrival rates and the horizon
 * (what the 10^9 bounds of a run are judged on). */
double sim_scenario_expected_cases(const sim_scenario *s);
uint64_t sim_scenario_seed(const sim_scenario *s);

#define SIM_STAFF_UNLIMITED (-1)

int sim_scenario_role_count(const sim_scenario *s);
/* Index of role id, or -1. */
int sim_scenario_role_find(const sim_scenario *s, const char *id);
const char *sim_scenario_role_id(const sim_scenario *s, int i);
/* Staff count, or SIM_STAFF_UNLIMITED for an outside party. */
int sim_scenario_role_staff(const sim_scenario *s, int i);
/* Cost per staff hour, NAN when the scenario gives none. */
double sim_scenario_role_cost(const sim_scenario *s, int i);
/* Share of a week the role's calendar is open, in (0, 1]. */
double sim_scenario_role_working_fraction(const sim_scenario *s, int i);
/* Offered load in erlangs (work seconds arriving per second), from the
 * arrival rates, the expected visits of each task (solved from the branch
 * probabilities) and the mean task durations.  Staff below
 * offered / working_fraction cannot keep up (the queue grows without
 * bound).  Approximate for inclusive joins and boundary timers (it assumes
 * tasks complete normally); 0 for an unlimited role. */
double sim_scenario_role_offered_load(const sim_scenario *s, int i);

int sim_scenario_sla_count(const sim_scenario *s);
const char *sim_scenario_sla_id(const sim_scenario *s, int i);
/* Target share in [0, 1]. */
double sim_scenario_sla_target(const sim_scenario *s, int i);

int sim_scenario_roster_count(const sim_scenario *s);
/* Index of roster id, or -1. */
int sim_scenario_roster_find(const sim_scenario *s, const char *id);
const char *sim_scenario_roster_id(const sim_scenario *s, int i);
/* People on the roster (its length). */
int sim_scenario_roster_people(const sim_scenario *s, int i);

/* ---- typed parameters -------------------------------------------------
 *
 * The values a sweep, a sizing or a comparison changes between runs, held
 * typed in the compiled scenario and changed in place: no XML is touched,
 * nothing is validated against the XSD or compiled again, the offered
 * loads are solved again, and every string the scenario handed out stays
 * valid.  A caller finds a parameter once by its --set key and then sets
 * numbers:
 *
 *     sim_param staff;
 *     if (sim_param_find(s, "role.rzm.staff", &staff, d) != 0) ...
 *     for (int n = 1; n <= 8; n++) {
 *         if (sim_param_set(s, staff, n, d) != 0) ...
 *         sim_result *r = sim_run(s, &o, d);   (o.seed: the run's seed)
 *
 * Typed keys: role.ID.staff (whole >= 0; -1 = SIM_STAFF_UNLIMITED),
 * roster.ID.people (whole 1..100000, a roster given by people="N"),
 * roster.ID.answer and roster.ID.backup-answer (probabilities in (0, 1];
 * answer for a roster given by people="N"), roster.ID.attempt (seconds,
 * > 0; the backup's attempts follow it unless backup-attempt= is given),
 * roster.ID.backup-attempt (seconds, >= 0, a roster that gives it),
 * roster.ID.rounds (whole 1..1000), role.ID.cost-per-hour (>= 0, a role
 * that gives one), sla.ID.target (in [0, 1]),
 * sla.ID.limit (seconds, > 0, of working time when the SLA names a
 * calendar), trigger.EVENT.probability (in [0, 1], a <trigger> of the
 * scenario), class.ID.share (in [0, 1], a declared <class>; the shares
 * must still sum to 1, so change them together with sim_param_set_many),
 * class.ID.priority (whole, |p| < 2^30), arrival.START.limit (whole
 * 1..10^9, a line that gives one), arrival.START.every (seconds, a line
 * given by every=), arrival.START.PARAMETER (a parameter of the law of the
 * gaps of a line given by dist=, as for durations), timer.EVENT.every
 * (seconds, a <timer every=> of the scenario),
 * arrival.START.rate (a line given by rate=, in the unit of its per=; >= 0,
 * windows keep their own rates; per-case draws follow the arrival count,
 * so case k keeps its durations and branches at every rate),
 * flow.ID.probability (in [0, 1], every <flow id> line of the scenario --
 * one per class -- together; an exclusive split's must still sum to 1, so
 * change a split's flows together with sim_param_set_many),
 * duration.ID.PARAMETER (a parameter of the law of every <duration> line of
 * task or event ID, in the file's unit=: mean, sd, min, mode, max, value,
 * shape, scale, mu, sigma, tau as the law takes them, and shift, trunc-min,
 * trunc-max; not for empirical or mixture laws), timer.ID.duration (a
 * <timer duration=> of the scenario, in seconds, of working time when it
 * names a calendar), clock.horizon and clock.warmup (seconds).
 * The seed is not a parameter of the scenario: it is sim_options.seed, an
 * argument of each run.
 *
 * The document path.  sim_scenario_set edits the document and, unless
 * every value is a typed parameter's number, compiles it again once --
 * from the document, so typed changes made before it are lost: make those
 * first.  It serves the keys that are not numbers (a law's dist= or unit=,
 * a role's or an SLA's calendar=, ids such as from=, to=, task=, a
 * roster's backup= label, the clock's start= and utc-offset=, the csv= of
 * arrivals, a timer's first=), the run's defaults (run.seed,
 * run.replications: a 64-bit seed is no double, and neither is a
 * parameter of the scenario's model), and the numbers whose typed form
 * would be more than a value put in place: a limit=, cost-per-hour= or
 * backup-attempt= the file does not give (adding one changes what the
 * line, role or roster is), person.NAME.answer and the people= of a
 * roster listing its people, a
 * duration's empirical points and mixture components (no key names them),
 * and any value the typed set refuses (the compile then says why, in the
 * file's words).
 *
 * Like sim_scenario_set, sim_param_set must not run beside sim_run. */
typedef enum sim_param_kind {
    SIM_PARAM_ROLE_STAFF,
    SIM_PARAM_ROSTER_PEOPLE,
    SIM_PARAM_ROSTER_ANSWER,
    SIM_PARAM_ROSTER_BACKUP_ANSWER,
    SIM_PARAM_SLA_TARGET,
    SIM_PARAM_ROLE_CALENDAR, /* a role's calendar, as its index
                              * (sim_scenario_calendar_find); no --set key:
                              * durations and timers keep the working time
                              * they were compiled with */
    SIM_PARAM_ARRIVAL_RATE,
    SIM_PARAM_FLOW_PROBABILITY,
    SIM_PARAM_DURATION,
    SIM_PARAM_TIMER_DURATION,
    SIM_PARAM_HORIZON,
    SIM_PARAM_WARMUP,
    SIM_PARAM_FLOW_SPLIT, /* a two-way exclusive split's flow: setting p
                           * sets the other flow to 1 - p (sim_param_split) */
    SIM_PARAM_SLA_LIMIT,
    SIM_PARAM_TRIGGER,
    SIM_PARAM_CLASS_SHARE,
    SIM_PARAM_CLASS_SPLIT, /* one of two classes' share: setting p sets the
                            * other's to 1 - p (sim_param_split) */
    SIM_PARAM_ROSTER_ATTEMPT,
    SIM_PARAM_ROSTER_BACKUP_ATTEMPT,
    SIM_PARAM_ROSTER_ROUNDS,
    SIM_PARAM_ROLE_COST,
    SIM_PARAM_CLASS_PRIORITY,
    SIM_PARAM_ARRIVAL_LIMIT,
    SIM_PARAM_ARRIVAL_EVERY,
    SIM_PARAM_TIMER_EVERY,
    SIM_PARAM_ARRIVAL_LAW, /* a parameter of an <arrival dist=> line's law
                            * of the gaps (arg: its position) */
} sim_param_kind;

typedef struct sim_param {
    sim_param_kind kind;
    int index;        /* the role, roster, SLA, class, arrival line,
                       * duration line, timer or trigger node, or branch *
                       * 65536 + position */
    int arg;          /* a law's parameter (a duration's, an arrival
                       * line's gaps'): its position in the law */
} sim_param;

/* The typed parameter a --set key names.  Returns 0, or -1 with an error
 * in d when the element is unknown or the key is not a typed one (the
 * message says which). */
int sim_param_find(const sim_scenario *s, const char *key, sim_param *out, diag_list *d);
/* Its value now. */
double sim_param_get(const sim_scenario *s, sim_param p);
/* Sets it to v, checked as the scenario file's value would be (same
 * message).  Returns 0, or -1 with an error in d and nothing changed. */
int sim_param_set(sim_scenario *s, sim_param p, double v, diag_list *d);
/* Sets p[i] to v[i] for i < n, each checked on its own, then what they say
 * together (an exclusive split's probabilities summing to 1, the warm-up
 * shorter than the horizon, under 10^9 cases a replication) once at the
 * end.  Returns 0, or -1 with errors in d and nothing changed. */
int sim_param_set_many(sim_scenario *s, const sim_param *p, const double *v, int n, diag_list *d);
/* A flow probability or a class share made the lever of its split, for a
 * sweep: on a two-way exclusive gateway p becomes SIM_PARAM_FLOW_SPLIT,
 * one of exactly two classes SIM_PARAM_CLASS_SPLIT (the other takes
 * 1 - p, so the sum stays 1); inclusive flows stay as they are.  Returns
 * 0, or -1 with an error in d when the flow's exclusive gateway splits
 * more than two ways or there are more than two classes.  Other kinds: 0,
 * p unchanged. */
int sim_param_split(const sim_scenario *s, sim_param *p, diag_list *d);
/* Index of calendar id (the built-in "24x7" included), or -1. */
int sim_scenario_calendar_find(const sim_scenario *s, const char *id);
/* The unit its value is in, for people: "a year" (an arrival rate, per the
 * file's per=), "staff", "people", "rounds", "seconds" (amounts of time),
 * or "" (probabilities, shares, targets, a law's parameters). */
const char *sim_param_unit(const sim_scenario *s, sim_param p);
/* 1 when it takes whole numbers only (staff, people, rounds, a class's
 * priority, an arrival line's limit). */
int sim_param_whole(sim_param p);

/* ---- running --------------------------------------------------------- */

/* Replications one run may ask for (the scenario's <run> and -r alike).  A
 * result keeps each replication's figures, about 8 bytes per metric (160
 * for a one-task model): 10^6 of those fit in 160 MB. */
#define SIM_MAX_REPLICATIONS 1000000L
/* Cases in progress at once in one replication before the run is stopped
 * as overloaded: its queues would otherwise grow until memory runs out
 * (each open case holds a few hundred bytes: 10^5 of them about 25 MB a
 * thread). */
#define SIM_MAX_OPEN_CASES 100000L
/* Expected cases over all the replications of one run: a run is minutes,
 * not hours (about 10^6 cases a second on a thread), and a typo in -r, a
 * rate or a horizon is refused rather than looking like a hang. */
#define SIM_MAX_RUN_CASES 1e9
/* Bytes of figures a result may keep (every replication's metrics). */
#define SIM_MAX_RESULT_BYTES (1024.0 * 1024 * 1024)

/* Progress report: done of total replications; called from worker
 * threads, one call at a time. */
typedef void (*sim_progress_fn)(void *user, int done, int total);

typedef struct sim_options {
    int replications;       /* > 0 */
    uint64_t seed;
    int threads;            /* >= 1 */
    int first_replication;  /* index of the first replication run: batches
                             * [k, k+n) give the same figures as the same
                             * replications inside one larger run */
    const char *log_path;   /* event log of the first replication run:
                             * *.csv or *.xes; NULL for none */
    int log_force;          /* overwrite an existing log file */
    sim_progress_fn progress; /* may be NULL */
    void *progress_user;
    int sla_only;           /* only the SLA counts are read (size): the
                             * percentiles, most of a short replication's
                             * cost, are left undefined (NAN) */
} sim_options;

/* Defaults: replications and seed from the scenario, threads = online
 * cores, first_replication 0, no log, no progress. */
void sim_options_init(sim_options *o, const sim_scenario *s);

/* Runs the replications [first, first + replications) in parallel.
 * Returns the result, or NULL with errors in d (bad options, a log file
 * that cannot be written, a scenario that cannot run).  Warnings go to d:
 * an overloaded role (rho >= 1: the run goes to the horizon and the queue
 * grows), cases still in progress at the horizon with the elements holding
 * them. */
sim_result *sim_run(const sim_scenario *s, const sim_options *o, diag_list *d);

/* ---- results --------------------------------------------------------- */

void sim_result_free(sim_result *r);

/* Number of replications held and the index of the first. */
int sim_result_replications(const sim_result *r);
int sim_result_first_replication(const sim_result *r);
uint64_t sim_result_seed(const sim_result *r);

/* Appends the replications of src (same scenario structure, run with the
 * same seed) to dst, for runs in batches.  Returns 0, or -1 when the two
 * do not match. */
int sim_result_append(sim_result *dst, const sim_result *src);

/* Every figure and id of r, exactly (doubles to the bit, NaN as null), as
 * JSON: what a shard file carries (docs/scale-out.md).  New reference. */
json_t *sim_result_dump(const sim_result *r);
/* A result from sim_result_dump's JSON, or NULL when o is not one. */
sim_result *sim_result_undump(const json_t *o);

typedef enum sim_verdict {
    SIM_MET,          /* lower bound of the 95% CI >= target */
    SIM_MISSED,       /* upper bound < target */
    SIM_INCONCLUSIVE  /* the CI straddles the target */
} sim_verdict;

const char *sim_verdict_name(sim_verdict v); /* "met", "missed", ... */

/* SLAs, in scenario order. */
int sim_result_sla_count(const sim_result *r);
const char *sim_result_sla_id(const sim_result *r, int j);
/* Replication k (0-based within this result): cases measured (their start
 * point after warm-up; reaching the end point, or ending elsewhere or open
 * at the horizon once already past the limit) and, of those, cases within
 * the limit. */
long sim_result_sla_cases(const sim_result *r, int j, int k);
long sim_result_sla_within(const sim_result *r, int j, int k);

typedef struct sim_sla_summary {
    double attainment;    /* mean over replications of within/cases */
    double lo, hi;        /* Student-t 95% CI, clipped to [0, 1]; NAN if
                           * fewer than 2 replications measured cases */
    double target;
    sim_verdict verdict;
    int used;             /* replications that measured at least one case */
    long needed;          /* inconclusive: estimated replications for a
                           * verdict, -1 when not estimable; else 0 */
} sim_sla_summary;

void sim_result_sla_summary(const sim_result *r, int j, sim_sla_summary *out);
/* 1 when some SLA is missed (the CLI's exit status 1). */
int sim_result_any_missed(const sim_result *r);

/* The processes whose cycle times are measured (cycle.PROCESS.*), in plan
 * order: their ids. */
int sim_result_process_count(const sim_result *r);
const char *sim_result_process_id(const sim_result *r, int i);

/* Every figure per replication, by stable name, for paired comparisons:
 *   sla.ID.attainment
 *   cycle.PROCESS.{mean,p50,p90,p95,p99,wip}      (cycle.PROCESS.CLASS.* per class;
 *                                                   seconds; wip = mean cases open)
 *   task.ID.{share,wait_mean,wait_p95,service_mean,cases}
 *   role.ID.{utilisation,queue_mean,queue_end}
 *   end.ID.share   level.ID.share   roster.ID.{backup_share,calling_mean}
 *   cases.{arrived,completed,open_at_horizon}
 * A value is NAN in a replication where it is undefined (no case).
 * Percentiles are within 0.4% (relative) of the replication's empirical
 * ones (see docs/scenario-format.md). */
int sim_result_metric_count(const sim_result *r);
const char *sim_result_metric_name(const sim_result *r, int i);
int sim_result_metric_find(const sim_result *r, const char *name);
double sim_result_metric_value(const sim_result *r, int i, int k);

/* Mean over the replications where the value is defined, with its
 * Student-t 95% CI (lo = hi = NAN with fewer than 2); returns the number of
 * replications used. */
int sim_result_metric_summary(const sim_result *r, int i, double *mean,
                              double *lo, double *hi);

/* The whole result as JSON (keys scenario, seed, replications, sla,
 * cycle_time, tasks, roles, ends, levels, rosters); new reference.  No
 * timings: the same seed gives the same bytes for any thread count. */
json_t *sim_result_to_json(const sim_result *r);
/* Writes it with sorted keys and a final newline.  Returns 0, -1 on a
 * write error. */
int sim_result_write_json(const sim_result *r, FILE *out);
/* The readable table (SLA verdicts, cycle times, tasks, roles, ends), in
 * people's units (src/model/units.h): percent, one unit of time per table,
 * no exponent; ids never cut; a line under a table says what its terms
 * mean. */
void sim_result_print(const sim_result *r, FILE *out);
/* Writes the figure of r into g (src/render/gplot.h; the caller runs and
 * frees it): each SLA's attainment with its 95% CI against its target and
 * verdict, and each measured process's cycle-time percentiles with their
 * CIs; title heads it (may be NULL).  Returns 0, -1 on a write error. */
struct gplot;
int sim_result_plot(const sim_result *r, const char *title, struct gplot *g);

#endif
