/*
 * sweep_plot: a sweep drawn by gnuplot (placeholder until gplot lands).
 */
#include "sweep_int.h"

int sweep_plot_check(const char *path, diag_list *d)
{
    (void)path;
    diag_add(d, DIAG_ERROR, "plot", NULL, 0, NULL, NULL, "not yet");
    return -1;
}

int sweep_result_plot(const sweep_result *r, const char *title, const char *path, FILE *out, diag_list *d)
{
    (void)r; (void)title; (void)path; (void)out;
    diag_add(d, DIAG_ERROR, "plot", NULL, 0, NULL, NULL, "not yet");
    return -1;
}
