/*
 * size_plot: a sizing result drawn by gnuplot as SVG -- attainment with its
 * interval per SLA against the objective, the targets as dashed lines, the
 * answer marked.  gnuplot runs as a child process on files in a private
 * temporary folder, removed afterwards.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "size_int.h"

extern char **environ;

/* ---- the figure ------------------------------------------------------- */

/* A gnuplot single-quoted string: only the quote itself is special. */
static void gp_string(const char *s, FILE *out)
{
    fputc('\'', out);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', out);
        if (*s != '\n' && *s != '\r')
            fputc(*s, out);
    }
    fputc('\'', out);
}

static void gp_num(double v, FILE *out)
{
    if (isnan(v))
        fputs(" ?", out);
    else
        fprintf(out, " %.6g", v);
}

static void remove_tree(const char *dir, const char *const *files)
{
    char path[1200];
    for (int i = 0; files[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* Writes the data file: one block per SLA, one line per objective value
 * (the candidate closest to the targets at that value): x attainment lo hi. */
static int write_data(const size_result *r, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    for (int j = 0; j < r->nsla; j++) {
        fprintf(f, "# %s: x attainment lo hi\n", r->sla_id[j]);
        for (int q = 0; q < r->nd;) {
            int pick = q, e = q;
            double bestv = -INFINITY;
            for (; e < r->nd && size_at(r, e)->objective == size_at(r, q)->objective; e++) {
                double v = 0;
                for (int k = 0; k < r->nsla; k++)
                    if (!isnan(size_at(r, e)->fig[k].attainment))
                        v += fmin(size_at(r, e)->fig[k].attainment, r->target[k]);
                if (v > bestv) {
                    bestv = v;
                    pick = e;
                }
            }
            const size_sla_figures *fg = &size_at(r, pick)->fig[j];
            fprintf(f, "%.6g", size_at(r, pick)->objective);
            gp_num(fg->attainment, f);
            gp_num(fg->lo, f);
            gp_num(fg->hi, f);
            fputc('\n', f);
            q = e;
        }
        fputs("\n\n", f);
    }
    return fclose(f) == 0 ? 0 : -1;
}

static int write_script(const size_result *r, const char *title, const char *svg,
                        const char *data, FILE *f)
{
    static const char *const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                          "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};
    char label[600];
    fputs("set terminal svg size 800,480 dynamic noenhanced font 'sans,12' background "
          "rgb 'white'\n",
          f);
    fputs("set output ", f);
    gp_string(svg, f);
    fputs("\nset datafile missing '?'\nset grid\nset key bottom right\n", f);
    if (title) {
        fputs("set title ", f);
        gp_string(title, f);
        fputc('\n', f);
    }
    fputs("set xlabel ", f);
    if (r->opt.objective == SIZE_COST)
        gp_string("cost per hour of the week", f);
    else if (r->nroles == 1) {
        snprintf(label, sizeof label, "staff of %.500s", r->role_id[0]);
        gp_string(label, f);
    } else
        gp_string("headcount (roles sized together)", f);
    fputs("\nset ylabel 'share of cases within the limit'\n", f);
    if (r->opt.objective != SIZE_COST)
        fputs("set xtics 1\nset offsets 0.5, 0.5, 0, 0\n", f);
    else
        fputs("set offsets graph 0.05, graph 0.05, 0, 0\n", f);
    fputs("set yrange [*:1.02]\n", f);
    if (r->answer >= 0)
        fprintf(f, "set arrow from %.6g, graph 0 to %.6g, graph 1 nohead dt 3 lc rgb 'black'\n"
                   "set label 'answer' at %.6g, graph 0.03 offset 0.5, 0\n",
                size_at(r, r->answer)->objective, size_at(r, r->answer)->objective,
                size_at(r, r->answer)->objective);
    fputs("plot ", f);
    for (int j = 0; j < r->nsla; j++) {
        const char *c = colours[j % 8];
        char t[600];
        if (j)
            fputs(", \\\n     ", f);
        gp_string(data, f);
        fprintf(f, " index %d using 1:3:4 with filledcurves fc rgb '%s' "
                   "fs transparent solid 0.15 noborder notitle, \\\n     ",
                j, c);
        gp_string(data, f);
        fprintf(f, " index %d using 1:2:3:4 with yerrorlines lc rgb '%s' pt 7 title ", j, c);
        snprintf(t, sizeof t, "%.500s (%s)", r->sla_id[j],
                 r->opt.epsilon > 0 ? "Hoeffding interval" : "95% CI");
        gp_string(t, f);
        fprintf(f, ", \\\n     %.6g with lines dt 2 lc rgb '%s' title ", r->target[j], c);
        snprintf(t, sizeof t, "%.500s target %.4g", r->sla_id[j], r->target[j]);
        gp_string(t, f);
    }
    fputc('\n', f);
    return ferror(f) ? -1 : 0;
}

static void no_gnuplot(diag_list *d, const char *why)
{
    diag_add(d, DIAG_ERROR, "plot-no-gnuplot", NULL, 0, NULL, NULL,
             "cannot run gnuplot (%s): install it (Debian: apt-get install gnuplot-nox) "
             "or leave out --plot",
             why);
}

int size_plot_check(diag_list *d)
{
    const char *path = getenv("PATH");
    char buf[4096];
    for (const char *p = path ? path : ""; *p;) {
        size_t n = strcspn(p, ":");
        if (n > 0 && n < sizeof buf - 16) {
            snprintf(buf, sizeof buf, "%.*s/gnuplot", (int)n, p);
            if (access(buf, X_OK) == 0)
                return 0;
        }
        p += n + (p[n] == ':');
    }
    no_gnuplot(d, "not found on the PATH");
    return -1;
}

int size_result_plot(const size_result *r, const char *title, FILE *out, diag_list *d)
{
    static const char *const files[] = {"plot.gp", "plot.dat", "plot.svg", "gnuplot.log", NULL};
    const char *tmp = getenv("TMPDIR");
    char dir[1024], script[1200], data[1200], svg[1200], logf[1200];
    if (!tmp || !*tmp || strlen(tmp) > 900)
        tmp = "/tmp";
    snprintf(dir, sizeof dir, "%s/flowmc-plot-XXXXXX", tmp);
    if (!mkdtemp(dir)) {
        diag_add(d, DIAG_ERROR, "plot", NULL, 0, NULL, NULL,
                 "cannot make a temporary folder for gnuplot: %s", strerror(errno));
        return -1;
    }
    snprintf(script, sizeof script, "%s/plot.gp", dir);
    snprintf(data, sizeof data, "%s/plot.dat", dir);
    snprintf(svg, sizeof svg, "%s/plot.svg", dir);
    snprintf(logf, sizeof logf, "%s/gnuplot.log", dir);
    int rc = -1;
    FILE *f = fopen(script, "w");
    if (!f || write_script(r, title, svg, data, f) != 0 || fclose(f) != 0 ||
        write_data(r, data) != 0) {
        f = NULL;
        diag_add(d, DIAG_ERROR, "plot", NULL, 0, NULL, NULL,
                 "cannot write the gnuplot files in %s", dir);
        goto done;
    }

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, logf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    char *argv[] = {"gnuplot", script, NULL};
    pid_t pid;
    int e = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (e != 0) {
        no_gnuplot(d, strerror(e));
        goto done;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    size_t len = 0;
    char *log = NULL;
    FILE *lf = fopen(logf, "r");
    if (lf) {
        log = alloc_zero(1, 1001);
        len = fread(log, 1, 1000, lf);
        fclose(lf);
    }
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        diag_add(d, DIAG_ERROR, "plot-gnuplot", NULL, 0, NULL, NULL,
                 "gnuplot failed (%s %d)%s%.*s",
                 WIFEXITED(st) ? "exit status" : "signal",
                 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st), len ? ": " : "", (int)len,
                 log ? log : "");
        free(log);
        goto done;
    }
    free(log);
    FILE *in = fopen(svg, "rb");
    if (!in) {
        diag_add(d, DIAG_ERROR, "plot-gnuplot", NULL, 0, NULL, NULL,
                 "gnuplot wrote no figure");
        goto done;
    }
    char buf[8192];
    size_t n;
    rc = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            rc = -1;
    fclose(in);
    if (rc != 0)
        diag_add(d, DIAG_ERROR, "plot", NULL, 0, NULL, NULL, "cannot write the figure");
done:
    remove_tree(dir, files);
    return rc;
}
