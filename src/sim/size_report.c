/*
 * size_report: a sizing result for people (the table of decided candidates,
 * the answer and why) and as CSV (one row per candidate, one column group
 * per SLA; the format is in docs/).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "size_int.h"
#include "sprt.h"

/* ---- output ----------------------------------------------------------- */

static void put_staff(const size_result *r, const int *staff, const char *sep, FILE *out)
{
    for (int i = 0; i < r->nroles; i++)
        fprintf(out, "%s%s=%d", i ? sep : "", r->role_id[i], staff[i]);
}

static void put_objective(const size_result *r, const cand *c, FILE *out)
{
    int n = size_headcount(r, c->staff);
    fprintf(out, "%d %s", n, n == 1 ? "person" : "people");
    if (r->opt.objective == SIZE_COST)
        fprintf(out, ", %.2f per hour", c->objective);
}

/* "0.9214 [0.9019, 0.9409]", padded to FIGW columns. */
#define FIGW 23
static void put_figures(const size_sla_figures *f, FILE *out)
{
    char buf[64];
    if (isnan(f->attainment))
        snprintf(buf, sizeof buf, "no case");
    else if (isnan(f->lo))
        snprintf(buf, sizeof buf, "%.4f", f->attainment);
    else
        snprintf(buf, sizeof buf, "%.4f [%.4f, %.4f]", f->attainment, f->lo, f->hi);
    fprintf(out, "%-*s", FIGW, buf);
}

void size_result_print(const size_result *r, FILE *out)
{
    const size_options *o = &r->opt;
    if (o->epsilon > 0)
        fprintf(out,
                "decision: estimation, %ld replications per candidate "
                "(Chernoff-Hoeffding: +-%.3g at confidence %.3g per SLA)\n",
                sprt_hoeffding_n(o->epsilon, o->alpha), o->epsilon, 1 - o->alpha);
    else
        fprintf(out,
                "decision: Wald SPRT per SLA on replication attainments, indifference +-%.3g, "
                "alpha %.3g%s, beta %.3g, at most %ld replications per candidate\n",
                o->delta, o->alpha, r->nsla > 1 ? " (split over the SLAs)" : "", o->beta,
                r->cap);
    fprintf(out, "common random numbers: every candidate runs replications 0, 1, 2, ... of "
                 "one seed\n\n");
    fprintf(out, "lower bound per role (offered load / working fraction; at or below it the "
                 "queue grows without bound):\n");
    for (int i = 0; i < r->nroles; i++)
        fprintf(out, "  %-12s %8.3f erlangs / %.3f = %8.3f  -> start at %d (range %d..%d)\n",
                r->role_id[i], r->offered[i], r->wf[i], r->lb[i], r->start[i], r->min[i],
                r->max[i]);
    fputc('\n', out);

    int w = 8;
    for (int q = 0; q < r->nd; q++) {
        int len = 0;
        for (int i = 0; i < r->nroles; i++)
            len += (int)strlen(r->role_id[i]) + 2 + (size_at(r, q)->staff[i] >= 10) +
                   (size_at(r, q)->staff[i] >= 100) + (i > 0);
        if (len > w)
            w = len;
    }
    fprintf(out, "  %-*s", w, "staffing");
    for (int j = 0; j < r->nsla; j++)
        fprintf(out, "  %-*s %-12s", FIGW, r->sla_id[j], "");
    fprintf(out, "  %-12s %s\n", "verdict", "replications");
    fprintf(out, "  %-*s", w, "");
    for (int j = 0; j < r->nsla; j++)
        fprintf(out, "  %-*s %-12s", FIGW,
                o->epsilon > 0 ? "attainment [Hoeffding]" : "attainment [95% CI]", "");
    fputc('\n', out);
    for (int q = 0; q < r->nd; q++) {
        const cand *c = size_at(r, q);
        fputs(q == r->answer ? "* " : "  ", out);
        int before = 0;
        for (int i = 0; i < r->nroles; i++)
            before += fprintf(out, "%s%s=%d", i ? " " : "", r->role_id[i], c->staff[i]);
        fprintf(out, "%*s", w - before, "");
        for (int j = 0; j < r->nsla; j++) {
            fputs("  ", out);
            put_figures(&c->fig[j], out);
            fprintf(out, " %-12s", size_verdict_name(c->fig[j].verdict));
        }
        fprintf(out, "  %-12s %ld\n", size_verdict_name(c->verdict), c->used);
    }
    long used = 0;
    for (int q = 0; q < r->nd; q++)
        used += size_at(r, q)->used;
    fprintf(out, "\nreplications: %ld for the %d decisions, %ld simulated in all\n", used,
            r->nd, r->simulated);
    for (int j = 0; j < r->nsla; j++)
        fprintf(out, "target: %s %.4g\n", r->sla_id[j], r->target[j]);
    fputc('\n', out);

    if (r->answer >= 0) {
        const cand *c = size_at(r, r->answer);
        fprintf(out, "%s roster meeting every SLA: ",
                o->objective == SIZE_COST ? "cheapest" : "smallest");
        put_staff(r, c->staff, ", ", out);
        fputs(" (", out);
        put_objective(r, c, out);
        fputs(")\n", out);
        for (int q = 0; q < r->nd; q++)
            if (size_at(r, q)->verdict == SIZE_INCONCLUSIVE && size_at(r, q)->objective < c->objective) {
                fputs("note: ", out);
                put_staff(r, size_at(r, q)->staff, ", ", out);
                fputs(" was inconclusive (an SLA within delta of its target): it may meet "
                      "them too\n",
                      out);
            }
    } else {
        const cand *c = size_at(r, r->best);
        fputs("no staffing in range meets every SLA; best found: ", out);
        put_staff(r, c->staff, ", ", out);
        fputs(" (", out);
        put_objective(r, c, out);
        fputs(")", out);
        for (int j = 0; j < r->nsla; j++)
            if (c->fig[j].verdict != SIZE_MET) {
                fprintf(out, "; %s ", r->sla_id[j]);
                put_figures(&c->fig[j], out);
                fprintf(out, " against target %.4g", r->target[j]);
            }
        fputc('\n', out);
    }
    if (o->epsilon > 0)
        fprintf(out,
                "\nguarantee: given independent replications, a roster with an SLA below "
                "its target is called 'met' with probability at most %.3g (alpha/2), and a "
                "roster meeting every target is called 'missed' with probability at most "
                "%.3g (alpha/2 per SLA); inconclusive means an interval straddles a target.\n",
                o->alpha / 2, o->alpha / 2 * r->nsla);
    else
        fprintf(out,
                "\nguarantee: given independent replications, a roster with an SLA at most "
                "target - %.3g is called 'met' with probability at most %.3g (beta), and a "
                "roster whose every SLA is at least target + %.3g is called 'missed' with "
                "probability at most %.3g (alpha); within %.3g of a target either verdict "
                "may come.\n",
                o->delta, o->beta, o->delta, o->alpha, o->delta);
    double worst = o->epsilon > 0 ? o->alpha * (r->nsla > 1 ? r->nsla : 1) / 2
                                  : (o->alpha > o->beta ? o->alpha : o->beta);
    fprintf(out,
            "not guaranteed: that no cheaper roster exists.  With one role and attainment "
            "rising with staff, every smaller count in range was judged not met; with "
            "several roles the greedy search stops where no single person can be removed "
            "(a local minimum).  The %d verdicts are all right with probability at least "
            "%.3g (union bound).\n",
            r->nd, fmax(0, 1 - r->nd * worst));
}

/* A CSV field: quoted when it holds a comma, quote or line break. */
static void csv_field(const char *s, FILE *out)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void csv_num(double v, FILE *out)
{
    if (!isnan(v))
        fprintf(out, "%.6g", v);
}

int size_result_write_csv(const size_result *r, FILE *out)
{
    for (int i = 0; i < r->nroles; i++) {
        csv_field(r->role_id[i], out);
        fputc(',', out);
    }
    fputs("headcount,cost_per_hour", out);
    static const char *const cols[] = {"attainment", "lo", "hi", "verdict", "target"};
    for (int j = 0; j < r->nsla; j++)
        for (int k = 0; k < 5; k++) {
            char buf[512];
            snprintf(buf, sizeof buf, "%s_%s", r->sla_id[j], cols[k]);
            fputc(',', out);
            csv_field(buf, out);
        }
    fputs(",verdict,replications,answer\n", out);
    for (int q = 0; q < r->nd; q++) {
        const cand *c = size_at(r, q);
        for (int i = 0; i < r->nroles; i++)
            fprintf(out, "%d,", c->staff[i]);
        fprintf(out, "%d,", size_headcount(r, c->staff));
        double cost = 0;
        for (int i = 0; i < r->nroles; i++)
            cost += c->staff[i] * r->cost[i] * r->wf[i];
        csv_num(cost, out);
        for (int j = 0; j < r->nsla; j++) {
            const size_sla_figures *f = &c->fig[j];
            fputc(',', out);
            csv_num(f->attainment, out);
            fputc(',', out);
            csv_num(f->lo, out);
            fputc(',', out);
            csv_num(f->hi, out);
            fprintf(out, ",%s,%.6g", size_verdict_name(f->verdict), r->target[j]);
        }
        fprintf(out, ",%s,%ld,%d\n", size_verdict_name(c->verdict), c->used, q == r->answer);
    }
    return ferror(out) ? -1 : 0;
}
