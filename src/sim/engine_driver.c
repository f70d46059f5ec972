/*
 * engine_driver: sim_run, which runs a scenario's replications on threads
 * (and over MPI ranks, par.h), one engine per thread, each replication
 * writing its own row of the result so that the figures do not depend on
 * who ran what; then gathers the ranks' rows and tallies and turns what
 * went wrong (zero-time loops, overflow, overload, cases held at the
 * horizon) into diagnostics.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/units.h"
#include "engine_int.h"
#include "gather.h"

typedef struct shared {
    const plan *p;
    const sim_options *o;
    sim_result *res;
    par_run *run;        /* hands out the replications, over ranks too */
    char *mine;          /* replications this process ran */
    pthread_mutex_t lock;
    int done;
    gather_tally t;      /* held cases, the first runaway and overflow */
    atomic_int stop;     /* set when the run can only fail */
    evlog_rec *log; size_t nlog;
} shared;

static void *worker(void *arg)
{
    shared *sh = arg;
    engine *e = engine_new(sh->p);
    for (;;) {
        int k = par_run_next(sh->run);
        if (k < 0 || atomic_load(&sh->stop))
            break;
        sh->mine[k] = 1;
        long rep = (long)sh->o->first_replication + k;
        e->logging = sh->o->log_path && k == 0;
        e->sla_only = sh->o->sla_only;
        engine_run(e, sh->o->seed, rep, result_metrics(sh->res, k), result_sla_counts(sh->res, k));
        pthread_mutex_lock(&sh->lock);
        for (int g = 0; g < sh->p->nnodes; g++) {
            sh->t.held[g] += e->held[g];
            if (e->held_age[g] > sh->t.held_age[g])
                sh->t.held_age[g] = e->held_age[g];
        }
        if (e->overflow && (!sh->t.overflow || rep < sh->t.overflow_rep)) {
            atomic_store(&sh->stop, 1); /* the run fails: no need for the rest */
            sh->t.overflow = 1;
            sh->t.overflow_rep = rep;
            sh->t.overflow_role = e->overflow_role;
            sh->t.overflow_queue = e->overflow_queue;
            sh->t.overflow_t = e->overflow_t - sh->p->t0;
        }
        if (e->runaway >= 0 && (sh->t.runaway < 0 || rep < sh->t.runaway_rep)) {
            sh->t.runaway = e->runaway;
            sh->t.runaway_rep = rep;
        }
        if (e->logging) {
            sh->log = e->log;
            sh->nlog = e->nlog;
            e->log = NULL;
            e->nlog = e->caplog = 0;
        }
        sh->done++;
        if (sh->o->progress)
            sh->o->progress(sh->o->progress_user, sh->done, sh->o->replications);
        pthread_mutex_unlock(&sh->lock);
    }
    engine_free(e);
    return NULL;
}

void sim_options_init(sim_options *o, const sim_scenario *s)
{
    memset(o, 0, sizeof *o);
    const plan *p = sim_scenario_plan(s);
    o->replications = p->replications;
    o->seed = p->seed;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    o->threads = n > 0 ? (int)n : 1;
}

/* Warnings a planner must see before trusting the figures. */
static void load_warnings(const plan *p, diag_list *d)
{
    for (int i = 0; i < p->nroles; i++) {
        const plan_role *r = &p->roles[i];
        if (r->staff <= 0 || !r->used || isnan(r->offered))
            continue;
        double wf = calendar_working_fraction(p->cals[r->cal].cal);
        double rho = r->offered / (r->staff * wf);
        if (rho >= 1)
            diag_add(d, DIAG_WARNING, "unstable", p->path, r->line, r->id, NULL,
                     "role '%s' is overloaded: %.3g erlangs of work over %d staff working %.0f%% of the week "
                     "(utilisation %.3g >= 1); %s",
                     r->id, r->offered, r->staff, 100 * wf, rho,
                     p->until_done ? "its queue grows as long as cases arrive, and the last ones wait longest"
                                   : "its queue grows without bound, the run goes to the horizon");
    }
}

/* The error of a run stopped at SIM_MAX_OPEN_CASES, naming the queue that
 * grew and, when the scenario's load says it, the role's utilisation. */
static void overflow_error(const plan *p, const shared *sh, diag_list *d)
{
    double days = sh->t.overflow_t / 86400;
    if (sh->t.overflow_role < 0) {
        diag_add(d, DIAG_ERROR, "overloaded", p->path, 0, NULL, NULL,
                 "%ld cases were in progress at once after %.1f days of replication %ld, flowmc's "
                 "limit: the system does not keep up with its arrivals; the run is stopped",
                 SIM_MAX_OPEN_CASES, days, sh->t.overflow_rep);
        return;
    }
    const plan_role *r = &p->roles[sh->t.overflow_role];
    char util[64] = "";
    if (r->staff > 0 && r->used && !isnan(r->offered)) {
        double wf = calendar_working_fraction(p->cals[r->cal].cal);
        snprintf(util, sizeof util, " (utilisation %.3g)", r->offered / (r->staff * wf));
    }
    diag_add(d, DIAG_ERROR, "overloaded", p->path, r->line, r->id, NULL,
             "the queue at role '%s' grew past %ld cases after %.1f days of replication %ld (%ld cases "
             "in progress, flowmc's limit): the system is overloaded%s; the run is stopped",
             r->id, sh->t.overflow_queue, days, sh->t.overflow_rep, SIM_MAX_OPEN_CASES, util);
}

static void held_warnings(const plan *p, const shared *sh, const sim_result *res, diag_list *d)
{
    const plan_layout *L = NULL;
    plan_layout lay;
    plan_layout_init(p, &lay);
    L = &lay;
    int R = sim_result_replications(res);
    double arrived = 0, open = 0;
    for (int k = 0; k < R; k++) {
        arrived += result_metrics((sim_result *)res, k)[L->cases];
        open += result_metrics((sim_result *)res, k)[L->cases + 2];
    }
    double span = p->tend - p->twarm;
    for (int g = 0; g < p->nnodes; g++) {
        if (!sh->t.held[g])
            continue;
        const plan_node *n = &p->nodes[g];
        double per = (double)sh->t.held[g] / R;
        int joins = (n->kind == PK_AND || n->kind == PK_OR) && n->nin > 1;
        /* a token held for over half the measured span does not complete */
        int stuck = sh->t.held_age[g] > 0.5 * span;
        if (!stuck && !(open > 0.05 * arrived && per >= 1))
            continue;
        /* plain numbers (units.h): a long horizon holds tens of thousands */
        char cases[UNITS_BUF], hours[UNITS_BUF];
        diag_add(d, DIAG_WARNING, stuck ? "stuck" : "incomplete", model_file(p->models[n->model].m),
                 n->mn->e.line, n->mn->e.id, n->mn->e.name,
                 "%s '%s' holds %s cases per replication at the horizon%s (the oldest for %s h)%s",
                 model_node_type_name(n->mn->type), n->mn->e.id, units_number(cases, sizeof cases, per),
                 joins ? ", waiting for tokens that never come" : "",
                 units_number(hours, sizeof hours, sh->t.held_age[g] / 3600),
                 stuck ? ": these cases never complete" : "");
    }
}

/* Refuses a run whose work or result would pass the stated bounds, before
 * it starts: the expected cases over all replications, and the bytes the
 * result keeps per replication. */
static int too_big(const plan *p, const sim_options *o, diag_list *d)
{
    double cases = p->expected_cases * o->replications;
    if (cases > SIM_MAX_RUN_CASES) {
        diag_add(d, DIAG_ERROR, "too-long", p->path, 0, NULL, NULL,
                 "%d replications of about %.0f cases each would simulate %.3g cases (over 10^9, "
                 "flowmc's limit for one run): use at most %.0f replications, a shorter horizon or "
                 "lower rates", o->replications, p->expected_cases, cases,
                 floor(SIM_MAX_RUN_CASES / p->expected_cases));
        return -1;
    }
    plan_layout lay;
    plan_layout_init(p, &lay);
    double per = (double)lay.total * sizeof(double) + 2.0 * p->nslas * sizeof(long);
    if (per * o->replications > SIM_MAX_RESULT_BYTES) {
        diag_add(d, DIAG_ERROR, "too-many", p->path, 0, NULL, NULL,
                 "%d replications would keep %.0f MB of figures (%.0f bytes each; flowmc keeps at most "
                 "1 GB): use at most %.0f replications",
                 o->replications, per * o->replications / 1e6, per,
                 floor(SIM_MAX_RESULT_BYTES / per));
        return -1;
    }
    return 0;
}

sim_result *sim_run(const sim_scenario *s, const sim_options *o, diag_list *d)
{
    const plan *p = sim_scenario_plan(s);
    if (o->replications < 1 || o->threads < 1 || o->first_replication < 0) {
        diag_add(d, DIAG_ERROR, "usage", NULL, 0, NULL, NULL,
                 "replications and threads must be at least 1, the first replication at least 0");
        return NULL;
    }
    if (too_big(p, o, d) != 0)
        return NULL;
    if (o->log_path && evlog_check(o->log_path, o->log_force, d) != 0)
        return NULL;
    par_run *run = par_run_new(o->replications);
    if (!run)
        return NULL; /* another rank failed and said so */
    load_warnings(p, d);
    sim_result *res = result_new(p, o->replications, o->first_replication, o->seed);
    shared sh;
    memset(&sh, 0, sizeof sh);
    sh.p = p;
    sh.o = o;
    sh.res = res;
    sh.run = run;
    sh.mine = alloc_zero((size_t)o->replications + 1, 1);
    atomic_init(&sh.stop, 0);
    pthread_mutex_init(&sh.lock, NULL);
    sh.t.nnodes = p->nnodes;
    sh.t.held = alloc_zero((size_t)p->nnodes + 1, sizeof(long));
    sh.t.held_age = alloc_zero((size_t)p->nnodes + 1, sizeof(double));
    sh.t.runaway = -1;
    int T = o->threads < o->replications ? o->threads : o->replications;
    pthread_t *th = alloc_zero((size_t)T, sizeof *th);
    int started = 0;
    for (int i = 1; i < T; i++)
        if (pthread_create(&th[i], NULL, worker, &sh) == 0)
            started++;
        else
            break;
    worker(&sh);
    for (int i = 1; i <= started; i++)
        pthread_join(th[i], NULL);
    free(th);
    pthread_mutex_destroy(&sh.lock);
    if (par_run_spread(run) && gather_run(run, res, sh.mine, &sh.t) != 0)
        par_abort("out of memory gathering the replications");
    par_run_free(run);
    free(sh.mine);
    if (sh.t.runaway >= 0) {
        const plan_node *n = &p->nodes[sh.t.runaway];
        diag_add(d, DIAG_ERROR, "zero-time-loop", model_file(p->models[n->model].m), n->mn->e.line,
                 n->mn->e.id, n->mn->e.name,
                 "cases loop through '%s' without time passing (replication %ld): give a task on the loop a "
                 "duration or lower the loop's probability",
                 n->mn->e.id, sh.t.runaway_rep);
        sim_result_free(res);
        res = NULL;
    } else if (sh.t.overflow) {
        overflow_error(p, &sh, d);
        sim_result_free(res);
        res = NULL;
    } else {
        held_warnings(p, &sh, res, d);
        if (o->log_path && par_writer() && evlog_write(o->log_path, p, sh.log, sh.nlog, d) != 0) {
            sim_result_free(res);
            res = NULL;
        }
    }
    free(sh.log);
    free(sh.t.held);
    free(sh.t.held_age);
    return res;
}
