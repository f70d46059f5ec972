/*
 * shard: parts of a run written and merged; see shard.h.
 */
#include "shard.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../model/alloc.h"
#include "../model/num.h"

#define SHARD_FORMAT 1

int shard_parse(const char *s, int *index, int *count)
{
    const char *slash = strchr(s, '/');
    char k[32];
    long kk, nn;
    const char *why;
    if (!slash || slash - s >= (long)sizeof k)
        return -1;
    memcpy(k, s, (size_t)(slash - s));
    k[slash - s] = 0;
    if (num_long(slash + 1, 1, 1000000, &nn, &why) != 0 || num_long(k, 0, nn - 1, &kk, &why) != 0)
        return -1;
    *index = (int)kk;
    *count = (int)nn;
    return 0;
}

void shard_block(int index, int count, int total, int *first, int *n)
{
    long a = (long)index * total / count, b = (long)(index + 1) * total / count;
    *first = (int)a;
    *n = (int)(b - a);
}

/* FNV-1a, 64 bits: a fingerprint against mistakes, not against forgery. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) {
        h ^= c[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
    return fnv(h, s, strlen(s) + 1);
}

uint64_t shard_fingerprint(const char *scenario, const char *const *sets, int nsets, uint64_t seed, int total,
                           const sim_result *r)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    struct stat st;
    FILE *f = scenario && stat(scenario, &st) == 0 && S_ISREG(st.st_mode) ? fopen(scenario, "rb") : NULL;
    if (f) {
        char buf[8192];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
            h = fnv(h, buf, n);
        fclose(f);
    }
    for (int i = 0; i < nsets; i++)
        h = fnv_str(h, sets[i]);
    h = fnv(h, &seed, sizeof seed);
    h = fnv(h, &total, sizeof total);
    /* the result's ids and parameters (staff, targets, limits), not its figures */
    json_t *d = sim_result_dump(r);
    json_object_del(d, "replications");
    json_object_del(d, "first");
    char *s = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    json_decref(d);
    if (!s)
        alloc_fail("memory for the shard");
    h = fnv_str(h, s);
    free(s);
    return h;
}

int shard_write(FILE *out, const sim_result *r, const shard_info *si)
{
    char fp[17];
    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)si->fingerprint);
    json_t *o = json_pack("{s:i,s:s,s:s,s:i,s:i,s:i,s:o}", "flowmc_shard", SHARD_FORMAT, "version", si->version,
                          "fingerprint", fp, "index", si->index, "count", si->count, "total_replications",
                          si->total, "result", sim_result_dump(r));
    int rc = json_dumpf(o, out, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    json_decref(o);
    if (rc == 0 && fputc('\n', out) == EOF)
        rc = -1;
    return rc == 0 && !ferror(out) ? 0 : -1;
}

typedef struct part {
    const char *path;
    int index, count, total;
    char fp[17], version[32];
    sim_result *r;
} part;

static int read_part(const char *path, part *p, diag_list *d)
{
    json_error_t err;
    json_t *o = json_load_file(path, 0, &err);
    memset(p, 0, sizeof *p);
    p->path = path;
    if (!o) {
        diag_add(d, DIAG_ERROR, "shard", path, err.line > 0 ? err.line : 0, NULL, NULL, "cannot read the shard: %s",
                 err.text);
        return -1;
    }
    int format = 0;
    const char *fp = NULL, *version = NULL;
    json_t *res = NULL;
    if (json_unpack(o, "{s:i,s:s,s:s,s:i,s:i,s:i,s:o}", "flowmc_shard", &format, "version", &version,
                    "fingerprint", &fp, "index", &p->index, "count", &p->count, "total_replications", &p->total,
                    "result", &res) != 0 ||
        format != SHARD_FORMAT) {
        diag_add(d, DIAG_ERROR, "shard", path, 0, NULL, NULL,
                 "not a flowmc shard (write one with 'flowmc sim SCENARIO --shard K/N -o FILE')");
        json_decref(o);
        return -1;
    }
    snprintf(p->fp, sizeof p->fp, "%s", fp);
    snprintf(p->version, sizeof p->version, "%s", version);
    p->r = sim_result_undump(res);
    json_decref(o);
    if (!p->r) {
        diag_add(d, DIAG_ERROR, "shard", path, 0, NULL, NULL, "the shard's result is damaged");
        return -1;
    }
    return 0;
}

sim_result *shard_merge(const char *const *paths, int n, diag_list *d)
{
    part *ps = alloc_zero((size_t)n + 1, sizeof *ps);
    sim_result *out = NULL;
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad |= read_part(paths[i], &ps[i], d) != 0;
    if (bad)
        goto done;
    const part *a = &ps[0];
    for (int i = 1; i < n; i++) {
        const part *b = &ps[i];
        if (strcmp(a->version, b->version) != 0) {
            diag_add(d, DIAG_ERROR, "shard-mismatch", b->path, 0, NULL, NULL,
                     "written by flowmc %s, %s by flowmc %s: run every shard with one flowmc", b->version,
                     a->path, a->version);
            bad = 1;
        } else if (sim_result_seed(a->r) != sim_result_seed(b->r)) {
            diag_add(d, DIAG_ERROR, "shard-mismatch", b->path, 0, NULL, NULL,
                     "was run with seed %llu, %s with seed %llu: every shard needs the same --seed",
                     (unsigned long long)sim_result_seed(b->r), a->path, (unsigned long long)sim_result_seed(a->r));
            bad = 1;
        } else if (strcmp(a->fp, b->fp) != 0 || a->count != b->count || a->total != b->total) {
            diag_add(d, DIAG_ERROR, "shard-mismatch", b->path, 0, NULL, NULL,
                     "belongs to another run than %s (scenario, overrides, seed, replications or shard count "
                     "differ: fingerprint %s against %s, %d shards of %d replications against %d of %d)",
                     a->path, b->fp, a->fp, b->count, b->total, a->count, a->total);
            bad = 1;
        }
    }
    if (bad)
        goto done;
    int N = a->count;
    const part **at = alloc_zero((size_t)N, sizeof *at);
    for (int i = 0; i < n; i++) {
        const part *p = &ps[i];
        if (p->index < 0 || p->index >= N) {
            diag_add(d, DIAG_ERROR, "shard", p->path, 0, NULL, NULL, "shard index %d is outside 0..%d", p->index,
                     N - 1);
            bad = 1;
        } else if (at[p->index]) {
            diag_add(d, DIAG_ERROR, "shard-duplicate", p->path, 0, NULL, NULL, "shard %d of %d is also %s",
                     p->index, N, at[p->index]->path);
            bad = 1;
        } else {
            int first, cnt;
            shard_block(p->index, N, p->total, &first, &cnt);
            if (sim_result_first_replication(p->r) != first || sim_result_replications(p->r) != cnt) {
                diag_add(d, DIAG_ERROR, "shard", p->path, 0, NULL, NULL,
                         "shard %d of %d holds replications %d to %d where %d to %d were due", p->index, N,
                         sim_result_first_replication(p->r),
                         sim_result_first_replication(p->r) + sim_result_replications(p->r) - 1, first,
                         first + cnt - 1);
                bad = 1;
            }
            at[p->index] = p;
        }
    }
    for (int k = 0; !bad && k < N; k++)
        if (!at[k]) {
            int first, cnt;
            shard_block(k, N, a->total, &first, &cnt);
            diag_add(d, DIAG_ERROR, "shard-missing", NULL, 0, NULL, NULL,
                     "shard %d of %d (replications %d to %d) is missing: run 'flowmc sim ... --shard %d/%d'", k, N,
                     first, first + cnt - 1, k, N);
            bad = 1;
        }
    if (!bad) {
        out = at[0]->r;
        for (int k = 1; k < N; k++)
            if (sim_result_append(out, at[k]->r) != 0) {
                diag_add(d, DIAG_ERROR, "shard-mismatch", at[k]->path, 0, NULL, NULL,
                         "its figures do not match %s's", at[0]->path);
                bad = 1;
                break;
            }
        if (bad)
            out = NULL;
        else
            for (int i = 0; i < n; i++)
                if (ps[i].r == out)
                    ps[i].r = NULL; /* handed out */
    }
    free(at);
done:
    for (int i = 0; i < n; i++)
        sim_result_free(ps[i].r);
    free(ps);
    return out;
}
