/*
 * glossary: the few terms of art the report uses, in plain words -- one
 * place, so that every section can use them without explaining them.
 */
#include "sec.h"

static const struct {
    const char *term, *anchor, *text;
} terms[] = {
    {"sound", "g-sound",
     "A process is sound when every case can always still finish, finishes cleanly (nothing "
     "left running once it ends) and every step can happen in some case.  A finding names "
     "where this fails and its trace shows the steps from the start that lead there."},
    {"trace", "g-trace",
     "The shortest run of steps from the start event to a state that shows a finding."},
    {"SLA", "g-sla",
     "A promise on time: a share of cases (the target, e.g. 99%) must go from one point of the "
     "process to another within a limit (e.g. 12 hours).  Attainment is the share that did."},
    {"confidence interval", "g-ci",
     "The range the true value lies in with 95% confidence, given the replications run.  A "
     "narrow interval is a precise figure; more replications make it narrower."},
    {"replication", "g-replication",
     "One independent simulated run of the scenario (a year or more of cases).  Figures are "
     "averaged over the replications."},
    {"met, missed, inconclusive", "g-verdict",
     "Met: the whole confidence interval of the attainment is at or above the target.  "
     "Missed: the whole interval is below it.  Inconclusive: the interval straddles the "
     "target, so the run cannot tell; more replications may decide."},
    {"percentile (p50, p90, p99)", "g-percentile",
     "The time within which that share of cases finish: p90 is 9 cases in 10, p99 is 99 "
     "in 100.  The median (p50) is the middle case."},
    {"utilisation", "g-utilisation",
     "The share of a role's working time its people spend on cases.  Near 100% the queue "
     "grows without bound."},
    {"erlang", "g-erlang",
     "A unit of work load: one erlang keeps one person busy all the time.  An offered load "
     "of 0.3 erlangs needs at least 0.3 of a person on duty, on average."},
    {"common random numbers", "g-crn",
     "Two scenarios compared are run with the same random draws: the same cases arrive at "
     "the same times and take the same times where the two agree.  Their difference is then "
     "the change's own, not chance, and its interval is much narrower."},
    {"paired difference", "g-paired",
     "B - A within each replication, averaged, with its 95% confidence interval.  "
     "Significant: the interval leaves out zero."},
    {"sizing curve", "g-sizing",
     "Each SLA's attainment as the number of people grows, with the smallest staffing that "
     "meets every target."},
};

void sec_glossary_write(html_buf *b, const char *anchor)
{
    html_rawf(b, "<section class=\"glossary\" id=\"%s\"><h2>Glossary</h2><dl>", anchor);
    for (size_t i = 0; i < sizeof terms / sizeof *terms; i++) {
        html_rawf(b, "<dt id=\"%s\">", terms[i].anchor);
        html_text(b, terms[i].term);
        html_raw(b, "</dt><dd>");
        html_text(b, terms[i].text);
        html_raw(b, "</dd>");
    }
    html_raw(b, "</dl></section>\n");
}
