/*
 * model: storage, id lookup and adjacency for the BPMN process model.
 *
 * Elements live in growable arrays indexed densely; strings live in an arena
 * freed in one go; ids map to (kind, index) through an open-addressing hash
 * table (FNV-1a, linear probing).  libxml2's xmlHashTable was measured
 * first: its chains degrade on ids like "Task_123456", making a 100,000-node
 * read spend 40% of its time in lookups.
 * model_finish turns the per-element relations the reader recorded (flow
 * source/target, node parent, boundary attachment, lane membership) into
 * compact index arrays, in the CSR style: one int pool per relation, each
 * element pointing at its slice.
 */
#include "model.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"


#define ARENA_CHUNK 65536

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t used, size;
    char data[];
} arena_chunk;

/* A growable array of fixed-size items. */
typedef struct vec {
    void *items;
    size_t n, cap, size;
} vec;

typedef struct id_entry {
    const char *id; /* arena-owned; NULL for an empty slot */
    unsigned hash;
    model_kind kind;
    int index;
} id_entry;

struct model {
    char *file;
    const char *definitions_id;
    const char *collaboration_id;
    arena_chunk *arena;
    vec nodes, flows, lanes, processes, participants, msgflows;
    vec lane_members; /* pairs (lane, node) recorded while building */
    int *pool;        /* every adjacency array, one allocation */
    id_entry *ids;    /* open addressing, capacity a power of two */
    size_t nid, capid;
    int finished;
};

static void vec_init(vec *v, size_t size)
{
    v->items = NULL;
    v->n = v->cap = 0;
    v->size = size;
}

static int vec_push(vec *v, const void *item)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 16;
        v->items = alloc_resize(v->items, v->cap, v->size);
    }
    memcpy((char *)v->items + v->n * v->size, item, v->size);
    return (int)v->n++;
}

#define VEC_AT(v, T, i) (&((T *)(v).items)[(i)])

static void *arena_alloc(model *m, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    arena_chunk *c = m->arena;
    if (!c || c->size - c->used < n) {
        size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        c = alloc_resize(NULL, sizeof *c + size, 1);
        c->next = m->arena;
        c->used = 0;
        c->size = size;
        m->arena = c;
    }
    void *p = c->data + c->used;
    c->used += n;
    return p;
}

model *model_new(const char *file)
{
    model *m = alloc_zero(1, sizeof *m);
    if (!m)
        goto fail;
    m->file = alloc_strdup(file ? file : "");
    m->capid = 64;
    m->ids = alloc_zero(m->capid, sizeof *m->ids);
    if (!m->file || !m->ids)
        goto fail;
    vec_init(&m->nodes, sizeof(model_node));
    vec_init(&m->flows, sizeof(model_flow));
    vec_init(&m->lanes, sizeof(model_lane));
    vec_init(&m->processes, sizeof(model_process));
    vec_init(&m->participants, sizeof(model_participant));
    vec_init(&m->msgflows, sizeof(model_msgflow));
    vec_init(&m->lane_members, 2 * sizeof(int));
    return m;
fail:
    model_free(m);
    return NULL;
}

/* The model's arrays, for what is done to each alike (counting their
 * bytes, freeing them). */
enum { NVECS = 7 };
static void vecs(const model *m, const vec *v[NVECS])
{
    const vec *all[NVECS] = {&m->nodes,        &m->flows,    &m->lanes,       &m->processes,
                             &m->participants, &m->msgflows, &m->lane_members};
    memcpy(v, all, sizeof all);
}

size_t model_bytes(const model *m)
{
    size_t n = sizeof *m + m->capid * sizeof *m->ids;
    for (const arena_chunk *c = m->arena; c; c = c->next)
        n += sizeof *c + c->size;
    const vec *v[NVECS];
    vecs(m, v);
    for (size_t i = 0; i < NVECS; i++)
        n += v[i]->cap * v[i]->size;
    return n;
}

void model_free(model *m)
{
    if (!m)
        return;
    free(m->file);
    free(m->ids);
    for (arena_chunk *c = m->arena, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    const vec *v[NVECS];
    vecs(m, v);
    for (size_t i = 0; i < NVECS; i++)
        free(v[i]->items);
    free(m->pool);
    free(m);
}

const char *model_file(const model *m) { return m->file; }
const char *model_definitions_id(const model *m) { return m->definitions_id; }
const char *model_collaboration_id(const model *m) { return m->collaboration_id; }

size_t model_node_count(const model *m) { return m->nodes.n; }
size_t model_flow_count(const model *m) { return m->flows.n; }
size_t model_lane_count(const model *m) { return m->lanes.n; }
size_t model_process_count(const model *m) { return m->processes.n; }
size_t model_participant_count(const model *m) { return m->participants.n; }
size_t model_msgflow_count(const model *m) { return m->msgflows.n; }

#define AT(vecname, T)                                                    \
    assert(i >= 0 && (size_t)i < m->vecname.n);                           \
    return VEC_AT(m->vecname, T, i)

const model_node *model_node_at(const model *m, int i) { AT(nodes, model_node); }
const model_flow *model_flow_at(const model *m, int i) { AT(flows, model_flow); }
const model_lane *model_lane_at(const model *m, int i) { AT(lanes, model_lane); }
const model_process *model_process_at(const model *m, int i) { AT(processes, model_process); }
const model_participant *model_participant_at(const model *m, int i) { AT(participants, model_participant); }
const model_msgflow *model_msgflow_at(const model *m, int i) { AT(msgflows, model_msgflow); }

#define EDIT(vecname, T)                                                  \
    if (m->finished || i < 0 || (size_t)i >= m->vecname.n)                \
        return NULL;                                                      \
    return VEC_AT(m->vecname, T, i)

model_node *model_node_edit(model *m, int i) { EDIT(nodes, model_node); }
model_flow *model_flow_edit(model *m, int i) { EDIT(flows, model_flow); }
model_lane *model_lane_edit(model *m, int i) { EDIT(lanes, model_lane); }
model_participant *model_participant_edit(model *m, int i) { EDIT(participants, model_participant); }
model_process *model_process_edit(model *m, int i) { EDIT(processes, model_process); }
model_msgflow *model_msgflow_edit(model *m, int i) { EDIT(msgflows, model_msgflow); }

static unsigned hash_id(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The slot holding id, or the empty slot where it would go. */
static id_entry *id_slot(const model *m, const char *id, unsigned h)
{
    size_t mask = m->capid - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        id_entry *e = &m->ids[i];
        if (!e->id || (e->hash == h && strcmp(e->id, id) == 0))
            return e;
    }
}

int model_find(const model *m, const char *id, model_kind *kind)
{
    const id_entry *e = id ? id_slot(m, id, hash_id(id)) : NULL;
    if (e && e->id) {
        if (kind)
            *kind = e->kind;
        return e->index;
    }
    if (kind)
        *kind = MODEL_KIND_NONE;
    return -1;
}

static int find_kind(const model *m, const char *id, model_kind want)
{
    model_kind k;
    int i = model_find(m, id, &k);
    return k == want ? i : -1;
}

int model_find_node(const model *m, const char *id) { return find_kind(m, id, MODEL_KIND_NODE); }
int model_find_flow(const model *m, const char *id) { return find_kind(m, id, MODEL_KIND_FLOW); }
int model_find_process(const model *m, const char *id) { return find_kind(m, id, MODEL_KIND_PROCESS); }

const char *model_strdup(model *m, const char *s);

int model_register_id(model *m, const char *id, model_kind kind, int index)
{
    assert(id && !m->finished);
    unsigned h = hash_id(id);
    id_entry *e = id_slot(m, id, h);
    if (e->id)
        return -1;
    if (2 * (m->nid + 1) > m->capid) { /* keep the load under one half */
        id_entry *old = m->ids;
        size_t oldcap = m->capid;
        m->capid *= 2;
        m->ids = alloc_zero(m->capid, sizeof *m->ids);
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].id)
                *id_slot(m, old[i].id, old[i].hash) = old[i];
        free(old);
        e = id_slot(m, id, h);
    }
    *e = (id_entry){model_strdup(m, id), h, kind, index};
    m->nid++;
    return 0;
}

const char *model_strdup(model *m, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(m, n);
    memcpy(p, s, n);
    return p;
}

void model_set_definitions(model *m, const char *id) { m->definitions_id = model_strdup(m, id); }
void model_set_collaboration(model *m, const char *id) { m->collaboration_id = model_strdup(m, id); }

int model_add_process(model *m, const model_process *p)
{
    model_process c = *p;
    c.nodes = NULL; c.nnodes = 0;
    c.lanes = NULL; c.nlanes = 0;
    return vec_push(&m->processes, &c);
}

int model_add_participant(model *m, const model_participant *p)
{
    return vec_push(&m->participants, p);
}

int model_add_node(model *m, const model_node *n)
{
    model_node c = *n;
    c.in = c.out = c.children = c.boundary = c.msg_in = c.msg_out = NULL;
    c.nin = c.nout = c.nchildren = c.nboundary = c.nmsg_in = c.nmsg_out = 0;
    return vec_push(&m->nodes, &c);
}

int model_add_flow(model *m, const model_flow *f) { return vec_push(&m->flows, f); }

int model_add_lane(model *m, const model_lane *l)
{
    model_lane c = *l;
    c.nodes = c.children = NULL;
    c.nnodes = c.nchildren = 0;
    return vec_push(&m->lanes, &c);
}

int model_add_msgflow(model *m, const model_msgflow *f) { return vec_push(&m->msgflows, f); }

void model_lane_add_member(model *m, int lane, int node)
{
    int pair[2] = {lane, node};
    vec_push(&m->lane_members, pair);
}

void model_set_waypoints(model *m, model_kind kind, int index, const double *xy, int n)
{
    double *copy = arena_alloc(m, sizeof(double) * 2 * (size_t)(n > 0 ? n : 1));
    memcpy(copy, xy, sizeof(double) * 2 * (size_t)n);
    if (kind == MODEL_KIND_FLOW) {
        model_flow *f = model_flow_edit(m, index);
        f->waypoints = copy;
        f->nwaypoints = n;
    } else if (kind == MODEL_KIND_MSGFLOW) {
        model_msgflow *f = model_msgflow_edit(m, index);
        f->waypoints = copy;
        f->nwaypoints = n;
    }
}

/*
 * Adjacency building: each relation is a list of (owner, member) pairs in
 * document order.  Counting owners, taking prefix sums and filling keeps
 * each slice in document order, which makes every consumer deterministic.
 */
typedef struct relation {
    int *owner, *member;
    size_t n;
} relation;

static void csr_fill(int **pool, const relation *r, size_t nowners,
                     size_t stride, void *items, size_t off_ptr, size_t off_cnt)
{
    /* offsets are applied per element: items is NULL when there are no
     * owners (a model without lanes), and NULL + offset is undefined */
    char *base_ptr = nowners ? (char *)items + off_ptr : NULL;
    char *base_cnt = nowners ? (char *)items + off_cnt : NULL;
    int *counts = alloc_zero(nowners + 1, sizeof *counts);
    for (size_t k = 0; k < r->n; k++)
        counts[r->owner[k]]++;
    int *start = *pool;
    size_t off = 0;
    for (size_t o = 0; o < nowners; o++) {
        *(const int **)(base_ptr + o * stride) = start + off;
        *(int *)(base_cnt + o * stride) = 0;
        off += (size_t)counts[o];
    }
    for (size_t k = 0; k < r->n; k++) {
        int o = r->owner[k];
        const int **sp = (const int **)(base_ptr + (size_t)o * stride);
        int *cp = (int *)(base_cnt + (size_t)o * stride);
        ((int *)*sp)[(*cp)++] = r->member[k];
    }
    *pool += off;
    free(counts);
}

#define FILL(pool, rel, vecname, T, ptrfield, cntfield)                          \
    csr_fill(&(pool), &(rel), m->vecname.n, sizeof(T), m->vecname.items,          \
             offsetof(T, ptrfield), offsetof(T, cntfield))

static void rel_alloc(relation *r, size_t cap)
{
    r->owner = alloc_resize(NULL, cap ? cap : 1, sizeof(int));
    r->member = alloc_resize(NULL, cap ? cap : 1, sizeof(int));
    r->n = 0;
}

static void rel_push(relation *r, int owner, int member)
{
    r->owner[r->n] = owner;
    r->member[r->n] = member;
    r->n++;
}

static void rel_release(relation *r)
{
    free(r->owner);
    free(r->member);
}

void model_finish(model *m)
{
    assert(!m->finished);
    size_t nn = m->nodes.n, nf = m->flows.n, nm = m->msgflows.n;
    size_t nl = m->lanes.n, nmem = m->lane_members.n;
    enum { R_IN, R_OUT, R_CHILD, R_BOUND, R_MIN, R_MOUT, R_PNODE, R_LMEM,
           R_LCHILD, R_PLANE, R_COUNT };
    relation r[R_COUNT];
    rel_alloc(&r[R_IN], nf);
    rel_alloc(&r[R_OUT], nf);
    rel_alloc(&r[R_CHILD], nn);
    rel_alloc(&r[R_BOUND], nn);
    rel_alloc(&r[R_MIN], nm);
    rel_alloc(&r[R_MOUT], nm);
    rel_alloc(&r[R_PNODE], nn);
    rel_alloc(&r[R_LMEM], nmem);
    rel_alloc(&r[R_LCHILD], nl);
    rel_alloc(&r[R_PLANE], nl);

    for (size_t i = 0; i < nf; i++) {
        const model_flow *f = VEC_AT(m->flows, model_flow, i);
        if (f->source >= 0)
            rel_push(&r[R_OUT], f->source, (int)i);
        if (f->target >= 0)
            rel_push(&r[R_IN], f->target, (int)i);
    }
    for (size_t i = 0; i < nn; i++) {
        const model_node *n = VEC_AT(m->nodes, model_node, i);
        if (n->parent >= 0)
            rel_push(&r[R_CHILD], n->parent, (int)i);
        else if (n->process >= 0)
            rel_push(&r[R_PNODE], n->process, (int)i);
        if (n->type == MODEL_BOUNDARY_EVENT && n->attached_to >= 0)
            rel_push(&r[R_BOUND], n->attached_to, (int)i);
    }
    for (size_t i = 0; i < nm; i++) {
        const model_msgflow *f = VEC_AT(m->msgflows, model_msgflow, i);
        if (f->source_node >= 0)
            rel_push(&r[R_MOUT], f->source_node, (int)i);
        if (f->target_node >= 0)
            rel_push(&r[R_MIN], f->target_node, (int)i);
    }
    for (size_t k = 0; k < nmem; k++) {
        const int *pair = (const int *)m->lane_members.items + 2 * k;
        rel_push(&r[R_LMEM], pair[0], pair[1]);
    }
    for (size_t i = 0; i < nl; i++) {
        const model_lane *l = VEC_AT(m->lanes, model_lane, i);
        if (l->parent >= 0)
            rel_push(&r[R_LCHILD], l->parent, (int)i);
        else if (l->process >= 0)
            rel_push(&r[R_PLANE], l->process, (int)i);
    }

    size_t total = 0;
    for (int k = 0; k < R_COUNT; k++)
        total += r[k].n;
    m->pool = alloc_resize(NULL, total ? total : 1, sizeof(int));
    int *pool = m->pool;
    FILL(pool, r[R_IN], nodes, model_node, in, nin);
    FILL(pool, r[R_OUT], nodes, model_node, out, nout);
    FILL(pool, r[R_CHILD], nodes, model_node, children, nchildren);
    FILL(pool, r[R_BOUND], nodes, model_node, boundary, nboundary);
    FILL(pool, r[R_MIN], nodes, model_node, msg_in, nmsg_in);
    FILL(pool, r[R_MOUT], nodes, model_node, msg_out, nmsg_out);
    FILL(pool, r[R_PNODE], processes, model_process, nodes, nnodes);
    FILL(pool, r[R_LMEM], lanes, model_lane, nodes, nnodes);
    FILL(pool, r[R_LCHILD], lanes, model_lane, children, nchildren);
    FILL(pool, r[R_PLANE], processes, model_process, lanes, nlanes);
    for (int k = 0; k < R_COUNT; k++)
        rel_release(&r[k]);
    m->finished = 1;
}

static const char *const type_names[MODEL_NODE_TYPE_COUNT] = {
    [MODEL_START_EVENT] = "startEvent",
    [MODEL_END_EVENT] = "endEvent",
    [MODEL_CATCH_EVENT] = "intermediateCatchEvent",
    [MODEL_THROW_EVENT] = "intermediateThrowEvent",
    [MODEL_BOUNDARY_EVENT] = "boundaryEvent",
    [MODEL_TASK] = "task",
    [MODEL_USER_TASK] = "userTask",
    [MODEL_SERVICE_TASK] = "serviceTask",
    [MODEL_SCRIPT_TASK] = "scriptTask",
    [MODEL_MANUAL_TASK] = "manualTask",
    [MODEL_BUSINESS_RULE_TASK] = "businessRuleTask",
    [MODEL_SEND_TASK] = "sendTask",
    [MODEL_RECEIVE_TASK] = "receiveTask",
    [MODEL_SUB_PROCESS] = "subProcess",
    [MODEL_CALL_ACTIVITY] = "callActivity",
    [MODEL_EXCLUSIVE_GATEWAY] = "exclusiveGateway",
    [MODEL_PARALLEL_GATEWAY] = "parallelGateway",
    [MODEL_INCLUSIVE_GATEWAY] = "inclusiveGateway",
    [MODEL_EVENT_GATEWAY] = "eventBasedGateway",
};

const char *model_node_type_name(model_node_type t)
{
    assert(t >= 0 && t < MODEL_NODE_TYPE_COUNT);
    return type_names[t];
}

static const char *const evdef_names[MODEL_EVDEF_COUNT] = {
    "none", "timer", "message", "signal", "error", "escalation",
    "terminate", "conditional", "link", "compensate", "cancel",
};

const char *model_evdef_name(model_evdef d)
{
    assert(d >= 0 && d < MODEL_EVDEF_COUNT);
    return evdef_names[d];
}

int model_type_is_activity(model_node_type t)
{
    return t >= MODEL_TASK && t <= MODEL_CALL_ACTIVITY;
}

int model_type_is_task(model_node_type t)
{
    return t >= MODEL_TASK && t <= MODEL_RECEIVE_TASK;
}

int model_type_is_gateway(model_node_type t)
{
    return t >= MODEL_EXCLUSIVE_GATEWAY && t <= MODEL_EVENT_GATEWAY;
}

int model_type_is_event(model_node_type t)
{
    return t >= MODEL_START_EVENT && t <= MODEL_BOUNDARY_EVENT;
}

const char *model_node_label(const model_node *n)
{
    return n->e.name && *n->e.name ? n->e.name : n->e.id;
}
