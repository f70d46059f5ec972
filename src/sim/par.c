/*
 * par: replications spread over MPI ranks; see par.h.  All of MPI lives in
 * this file, behind FLOWMC_MPI: a build without MPI compiles the
 * one-process case only.
 *
 * Why an atomic counter in a window rather than a master rank: every rank,
 * rank 0 included, runs replications with all its threads, and a chunk is
 * claimed with one MPI_Fetch_and_op -- no rank has to stop computing to
 * answer the others.  The counter is made once (par_init) and reset by
 * rank 0 before the agreement that opens each run, so a run costs one
 * allreduce, one fetch per chunk and one allgather.
 */
#include "par.h"

#include "../model/alloc.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef FLOWMC_MPI
#include <mpi.h>
#endif

static int g_rank = 0, g_size = 1, g_mpi = 0;
static int g_mpi_used = 0;    /* MPI was started in this process */
static char g_host[256] = "localhost";
static int g_stderr = 2;      /* the rank's own standard error */
static int g_local = 0;       /* par_local: runs are this process's alone */
static double g_bytes, g_seconds, g_wait; /* what the gathers cost */
static double g_claim_s; static long g_claims; /* and the chunk claims */
#ifdef FLOWMC_MPI
static int g_failed_seen = 0; /* an agreement said some rank failed */
static char (*g_hosts)[64];   /* every rank's host, for messages */
static MPI_Win g_win;
static int *g_counter;        /* on rank 0: the next chunk to hand out */
#endif

struct par_run {
    int count, chunk;
    int spread;               /* over the ranks, not this process's alone */
    atomic_int next;          /* one process: the next replication */
    pthread_mutex_t lock;     /* MPI: guards the fields below */
    int cur, end, claimed;
};

static int launched_by_mpirun(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (getenv(vars[i]))
            return 1;
    return 0;
}

#ifdef FLOWMC_MPI
/* A rank leaving through exit() (out of memory, say) before par_finish
 * would leave the others waiting for it for ever: end the job instead. */
static void left_early(void)
{
    if (g_mpi)
        par_abort("stopped before the end of the command (its message, if any, is above)");
}
#endif

int par_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (!launched_by_mpirun())
        return 0;
#ifndef FLOWMC_MPI
    const char *n = getenv("OMPI_COMM_WORLD_SIZE");
    if (!n)
        n = getenv("PMI_SIZE");
    if (n && atoi(n) > 1) {
        fprintf(stderr, "flowmc: started by mpirun with %s processes, but this flowmc was built without MPI: "
                        "every process would run the whole command; rebuild with 'make MPI=1'\n", n);
        return -1;
    }
    return 0;
#else
    int provided;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "flowmc: MPI could not start\n");
        return -1;
    }
    g_mpi = g_mpi_used = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
    int len = 0;
    char host[MPI_MAX_PROCESSOR_NAME];
    MPI_Get_processor_name(host, &len);
    snprintf(g_host, sizeof g_host, "%s", host);
    if (provided < MPI_THREAD_SERIALIZED) {
        fprintf(stderr, "flowmc: rank %d on %s: this MPI library cannot be called from several threads "
                        "(it gives level %d); run with --threads 1 per rank or use Open MPI\n",
                g_rank, g_host, provided);
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    atexit(left_early);
    g_hosts = alloc_zero((size_t)g_size, sizeof *g_hosts);
    char mine[64];
    snprintf(mine, sizeof mine, "%.63s", g_host);
    MPI_Allgather(mine, 64, MPI_CHAR, g_hosts, 64, MPI_CHAR, MPI_COMM_WORLD);
    MPI_Win_allocate(g_rank == 0 ? (MPI_Aint)sizeof(int) : 0, sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD,
                     &g_counter, &g_win);
    MPI_Win_lock_all(0, g_win);
    if (g_rank != 0) {
        /* one writer: the others' messages would repeat rank 0's */
        g_stderr = dup(2);
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) {
            fflush(stdout);
            fflush(stderr);
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
    }
    return 0;
#endif
}

#ifdef FLOWMC_MPI
/* Collective: the lowest rank that failed, or -1 when none did. */
static int agree(int failed)
{
    if (!g_mpi || g_size == 1)
        return failed ? g_rank : -1;
    int mine = failed ? g_rank : INT_MAX, first;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == INT_MAX)
        return -1;
    g_failed_seen = 1;
    if (g_rank == 0 && first != 0)
        fprintf(stderr, "flowmc: rank %d on %s stopped with an error where rank 0 did not (a file missing or "
                        "different on that host?); run the command alone there to see its message\n",
                first, g_hosts[first]);
    return first;
}
#endif

int par_finish(int status)
{
    if (!g_mpi)
        return status;
#ifdef FLOWMC_MPI
    /* rank 0's output is complete before any rank may leave: mpirun ends
     * the job as soon as one process exits with a status other than 0 */
    fflush(stdout);
    fflush(stderr);
    if (!g_failed_seen && agree(status >= 2) >= 0 && status < 2)
        status = 2;
    else if (g_failed_seen && status < 2)
        status = 2;
    /* rank 0 answers (0 or 1: mpirun passes its status on); the others
     * leave quietly unless the run failed */
    if (g_rank != 0 && status < 2)
        status = 0;
    MPI_Win_unlock_all(g_win);
    MPI_Win_free(&g_win);
    free(g_hosts);
    g_hosts = NULL;
    MPI_Finalize();
    g_mpi = 0;
#endif
    return status;
}

/* LeakSanitizer's hook: a process that started MPI leaves Open MPI's own
 * allocations behind at exit (in components it has unloaded, so they
 * cannot even be named in a suppression); leak checks stay on for every
 * process that did not. */
int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
    return g_mpi_used;
}

int par_rank(void) { return g_rank; }
int par_size(void) { return g_size; }
int par_writer(void) { return g_rank == 0; }
const char *par_host(void) { return g_host; }

_Noreturn void par_abort(const char *why)
{
    char line[512];
    int n = snprintf(line, sizeof line, "flowmc: rank %d on %s: %s\n", g_rank, g_host, why);
    if (n > 0 && write(g_stderr, line, (size_t)(n < (int)sizeof line ? n : (int)sizeof line - 1)) < 0)
        n = 0;
#ifdef FLOWMC_MPI
    if (g_mpi)
        MPI_Abort(MPI_COMM_WORLD, 2);
#endif
    _exit(2);
}

void par_local(int on)
{
    g_local = on;
}

par_run *par_run_new(int count)
{
    int spread = g_size > 1 && !g_local;
#ifdef FLOWMC_MPI
    if (spread && g_mpi && g_rank == 0) {
        int start = g_size; /* chunks 0..size-1 go one to each rank first */
        MPI_Accumulate(&start, 1, MPI_INT, 0, 0, 1, MPI_INT, MPI_REPLACE, g_win);
        MPI_Win_flush(0, g_win);
    }
    if (spread && (g_failed_seen || agree(0) >= 0))
        return NULL;
#endif
    par_run *r = alloc_zero(1, sizeof *r);
    r->count = count;
    r->spread = spread;
    atomic_init(&r->next, 0);
    if (spread) {
        r->chunk = count / (8 * g_size);
        if (r->chunk < 1)
            r->chunk = 1;
        pthread_mutex_init(&r->lock, NULL);
    }
    return r;
}

int par_run_spread(const par_run *r)
{
    return r->spread;
}

int par_run_next(par_run *r)
{
    if (!r->spread) {
        int k = atomic_fetch_add(&r->next, 1);
        return k < r->count ? k : -1;
    }
    int k = -1;
#ifdef FLOWMC_MPI
    pthread_mutex_lock(&r->lock);
    if (r->cur >= r->end && r->end < r->count + 1) {
        int c;
        if (!r->claimed) {
            c = g_rank;
            r->claimed = 1;
        } else {
            int one = 1;
            double t0 = MPI_Wtime();
            MPI_Fetch_and_op(&one, &c, MPI_INT, 0, 0, MPI_SUM, g_win);
            MPI_Win_flush(0, g_win);
            g_claim_s += MPI_Wtime() - t0;
            g_claims++;
        }
        long first = (long)c * r->chunk;
        if (first >= r->count) {
            r->cur = r->end = r->count + 1; /* exhausted: ask no more */
        } else {
            r->cur = (int)first;
            r->end = (int)(first + r->chunk < r->count ? first + r->chunk : r->count);
        }
    }
    if (r->cur < r->end && r->cur < r->count)
        k = r->cur++;
    pthread_mutex_unlock(&r->lock);
#endif
    return k;
}

int par_run_gather(par_run *r, const void *mine, size_t n, void **all, size_t *len)
{
    *all = NULL;
    *len = 0;
    if (!r->spread) {
        void *b = alloc_resize(NULL, n, 1);
        memcpy(b, mine, n);
        *all = b;
        *len = n;
        return 0;
    }
#ifdef FLOWMC_MPI
    /* counts travel as bytes of MPI_BYTE: a rank's part must stay below
     * 2 GiB, about 10^6 replications of the largest shipped scenario */
    if (n > INT_MAX)
        par_abort("this rank's share of the replications is over 2 GiB: run fewer replications per command");
    int cnt = (int)n;
    int *counts = alloc_resize(NULL, (size_t)g_size, sizeof(int));
    int *displs = alloc_resize(NULL, (size_t)g_size, sizeof(int));
    /* the sizes travel first: that also waits for the slowest rank, so the
     * time of the exchange itself is read apart */
    double t0 = MPI_Wtime();
    MPI_Allgather(&cnt, 1, MPI_INT, counts, 1, MPI_INT, MPI_COMM_WORLD);
    g_wait += MPI_Wtime() - t0;
    long total = 0;
    for (int i = 0; i < g_size; i++) {
        displs[i] = (int)total;
        total += counts[i];
        if (total > INT_MAX)
            par_abort("the gathered replications are over 2 GiB: run fewer replications per command");
    }
    char *b = alloc_resize(NULL, (size_t)total + 1, 1);
    t0 = MPI_Wtime();
    MPI_Allgatherv(mine, cnt, MPI_BYTE, b, counts, displs, MPI_BYTE, MPI_COMM_WORLD);
    g_seconds += MPI_Wtime() - t0;
    g_bytes += (double)total;
    free(counts);
    free(displs);
    *all = b;
    *len = (size_t)total;
#endif
    return 0;
}

char *par_put(char *b, const void *v, size_t n)
{
    memcpy(b, v, n);
    return b + n;
}

const char *par_get(const char *b, void *v, size_t n)
{
    memcpy(v, b, n);
    return b + n;
}

void par_claimed(long *claims, double *seconds)
{
    *claims = g_claims;
    *seconds = g_claim_s;
}

void par_gathered(double *bytes, double *seconds, double *waited)
{
    *bytes = g_bytes;
    *seconds = g_seconds;
    *waited = g_wait;
}

void par_run_free(par_run *r)
{
    if (!r)
        return;
    if (r->spread)
        pthread_mutex_destroy(&r->lock);
    free(r);
}
