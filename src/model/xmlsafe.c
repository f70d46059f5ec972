/*
 * xmlsafe: hardened libxml2 parsing, schema loading and validation.
 *
 * libxml2 reports errors through a per-thread structured error callback; we
 * point it at a small context that turns each error into a diagnostic for
 * the file being read, then restore the previous handler.
 */
#include "xmlsafe.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlmemory.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "alloc.h"

/* While a schema is loading, local files under this directory may be read;
 * at every other time every external load is refused. */
static _Thread_local const char *schema_dir;

static xmlParserInputPtr refusing_loader(const char *url, const char *id,
                                         xmlParserCtxtPtr ctxt)
{
    (void)id;
    if (schema_dir && url && !strstr(url, "://") && !strstr(url, "/../")) {
        size_t n = strlen(schema_dir);
        if (strncmp(url, schema_dir, n) == 0)
            return xmlNewInputFromFile(ctxt, url);
    }
    /* refuse silently: the document's own check reports declared entities */
    return NULL;
}

/* libxml2 allocates through the policy of alloc.h: out of memory is one
 * line naming the file and exit 2, not libxml2's complaints then a parse
 * error.  Plain malloc underneath, so a block libxml2 allocated before this
 * (another library's use) is still freed right. */
static void *xml_malloc(size_t n) { return alloc_resize(NULL, n, 1); }
static void *xml_realloc(void *p, size_t n) { return alloc_resize(p, n, 1); }

void xmlsafe_init(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    xmlMemSetup(free, xml_malloc, xml_realloc, alloc_strdup);
    xmlInitParser();
    xmlSetExternalEntityLoader(refusing_loader);
}

typedef struct err_ctx {
    diag_list *d;
    const char *file;
    int count;
    int last_line, last_code;
    int capped; /* the byte scan refused the document: libxml2's own
                 * complaints about the cut input add nothing */
} err_ctx;

/* ---- caps on the bytes, before libxml2 ----------------------------------
 *
 * libxml2 bounds nesting depth and the length of one text node, but not the
 * number of attributes on an element (its duplicate check is quadratic:
 * 200,000 attributes took 96 s) nor the number of elements.  A small lexer
 * runs over every byte before the parser sees it, counting attributes per
 * start tag, text bytes per element and elements per document, and stops
 * the read at the first cap passed, with the line.  It knows comments,
 * CDATA sections, processing instructions and declarations well enough not
 * to count what is inside them; it never judges well-formedness, which
 * stays libxml2's job. */
enum {
    SC_TEXT, SC_LT, SC_BANG, SC_BANG_DASH, SC_COMMENT, SC_CDATA_OPEN, SC_CDATA,
    SC_PI, SC_DECL, SC_TAG, SC_TAG_QUOTE, SC_END_TAG,
};

static const char entities_message[] =
    "the document declares entities; flowmc refuses entity declarations so that no "
    "external file or expansion bomb is read";

void xmlsafe_scan_init(xmlsafe_scan *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->line = 1;
    sc->tag_line = 1;
}

static int scan_refuse(xmlsafe_scan *sc, long line, const char *fmt, long cap)
{
    sc->refused_line = line;
    snprintf(sc->message, sizeof sc->message, fmt, cap);
    return -1;
}

int xmlsafe_scan_bytes(xmlsafe_scan *sc, const char *buf, size_t len)
{
    if (sc->message[0])
        return -1;
    for (size_t i = 0; i < len; i++) {
        char ch = buf[i];
        if (ch == '\n')
            sc->line++;
        switch (sc->state) {
        case SC_TEXT:
            if (ch == '<') {
                sc->state = SC_LT;
                sc->tag_line = sc->line;
            } else if (++sc->text > XMLSAFE_MAX_TEXT) {
                return scan_refuse(sc, sc->text_line,
                                   "an element holds more than %ld bytes of text, flowmc's "
                                   "limit for one element", XMLSAFE_MAX_TEXT);
            }
            break;
        case SC_LT:
            if (ch == '!') {
                sc->state = SC_BANG;
            } else if (ch == '?') {
                sc->state = SC_PI;
                sc->match = 0;
            } else if (ch == '/') {
                sc->state = SC_END_TAG;
            } else {
                sc->state = SC_TAG;
                sc->attrs = 0;
                if (++sc->elems > XMLSAFE_MAX_ELEMS)
                    return scan_refuse(sc, sc->tag_line,
                                       "the document holds more than %ld elements, flowmc's "
                                       "limit for one file", XMLSAFE_MAX_ELEMS);
            }
            break;
        case SC_BANG:
            if (ch == '-') {
                sc->state = SC_BANG_DASH;
            } else if (ch == '[') {
                sc->state = SC_CDATA_OPEN;
                sc->match = 1;
            } else {
                sc->state = SC_DECL;
                sc->bracket = 0;
                sc->quote = 0;
                sc->match = 0;
            }
            break;
        case SC_BANG_DASH:
            sc->state = ch == '-' ? SC_COMMENT : SC_DECL;
            sc->match = 0;
            break;
        case SC_COMMENT: /* until "-->" */
            if (ch == '-')
                sc->match = sc->match < 2 ? sc->match + 1 : 2;
            else if (ch == '>' && sc->match == 2)
                sc->state = SC_TEXT;
            else
                sc->match = 0;
            break;
        case SC_CDATA_OPEN: /* "[CDATA[" */
            if (ch != "[CDATA["[sc->match]) {
                sc->state = SC_DECL; /* not CDATA: libxml2 will say what */
                sc->bracket = 1;
                sc->quote = 0;
                sc->match = 0;
            } else if (++sc->match == 7) {
                sc->state = SC_CDATA;
                sc->match = 0;
            }
            break;
        case SC_CDATA: /* until "]]>"; its bytes are text */
            if (ch == ']')
                sc->match = sc->match < 2 ? sc->match + 1 : 2;
            else if (ch == '>' && sc->match == 2)
                sc->state = SC_TEXT;
            else
                sc->match = 0;
            if (sc->state == SC_CDATA && ++sc->text > XMLSAFE_MAX_TEXT)
                return scan_refuse(sc, sc->text_line,
                                   "an element holds more than %ld bytes of text, flowmc's "
                                   "limit for one element", XMLSAFE_MAX_TEXT);
            break;
        case SC_PI: /* until "?>" */
            if (ch == '>' && sc->match)
                sc->state = SC_TEXT;
            sc->match = ch == '?';
            break;
        case SC_DECL: /* <!DOCTYPE ...> with its internal subset */
            /* an entity declaration is refused before libxml2 sees it: a
             * nest of references to undefined entities made libxml2 raise
             * errors without end (found by fuzzing) */
            if (!sc->quote && ch == "<!ENTITY"[sc->match]) {
                if (++sc->match == 8) {
                    sc->entities = 1;
                    sc->refused_line = sc->line;
                    snprintf(sc->message, sizeof sc->message, "%s", entities_message);
                    return -1;
                }
            } else {
                sc->match = !sc->quote && ch == '<';
            }
            if (sc->quote) {
                if (ch == sc->quote)
                    sc->quote = 0;
            } else if (ch == '"' || ch == '\'') {
                sc->quote = ch;
            } else if (ch == '[') {
                sc->bracket++;
            } else if (ch == ']') {
                sc->bracket -= sc->bracket > 0;
            } else if (ch == '>' && sc->bracket == 0) {
                sc->state = SC_TEXT;
            }
            break;
        case SC_TAG:
            if (ch == '"' || ch == '\'') {
                sc->quote = ch;
                sc->state = SC_TAG_QUOTE;
            } else if (ch == '=') {
                if (++sc->attrs > XMLSAFE_MAX_ATTRS)
                    return scan_refuse(sc, sc->tag_line,
                                       "an element has more than %ld attributes, flowmc's "
                                       "limit for one element", XMLSAFE_MAX_ATTRS);
            } else if (ch == '>') {
                sc->state = SC_TEXT;
                sc->text = 0;
                sc->text_line = sc->line;
            }
            break;
        case SC_TAG_QUOTE:
            if (ch == sc->quote)
                sc->state = SC_TAG;
            break;
        case SC_END_TAG:
            if (ch == '>') {
                sc->state = SC_TEXT;
                sc->text = 0;
                sc->text_line = sc->line;
            }
            break;
        }
    }
    return 0;
}

static void scan_report(const xmlsafe_scan *sc, diag_list *d, const char *file)
{
    diag_add(d, DIAG_ERROR, sc->entities ? "xml-entities" : "xml-limit", file, (int)sc->refused_line,
             NULL, NULL, "%s; the file is refused", sc->message);
}

static void collect_error(void *userdata, xmlErrorPtr e)
{
    err_ctx *c = userdata;
    if (!e || e->level == XML_ERR_NONE || c->capped)
        return;
    /* keep the first few, once each: a broken file can produce thousands */
    if (++c->count > 20 || (e->line == c->last_line && e->code == c->last_code))
        return;
    c->last_line = e->line;
    c->last_code = e->code;
    char msg[512];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "unknown xml error");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = 0;
    if (n)
        msg[0] = (char)tolower((unsigned char)msg[0]);
    const char *elem = NULL;
    if (e->node && ((xmlNodePtr)e->node)->type == XML_ELEMENT_NODE)
        elem = (const char *)((xmlNodePtr)e->node)->name;
    diag_severity sev = e->level == XML_ERR_WARNING ? DIAG_WARNING : DIAG_ERROR;
    diag_add(c->d, sev, e->domain == XML_FROM_SCHEMASV ? "schema" : "xml",
             c->file, e->line, elem, NULL, "%s", msg);
}


static int has_entities(xmlDocPtr doc)
{
    xmlDtdPtr dtds[2] = {doc->intSubset, doc->extSubset};
    for (int i = 0; i < 2; i++)
        if (dtds[i] && (dtds[i]->entities || dtds[i]->pentities))
            return 1;
    return 0;
}

static xmlDocPtr finish_parse(xmlParserCtxtPtr ctxt, xmlDocPtr doc,
                              const char *name, diag_list *d, err_ctx *ec)
{
    if (doc && (!ctxt->wellFormed || ec->count > 0)) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (!doc && ec->count == 0)
        diag_add(d, DIAG_ERROR, "xml", name, 0, NULL, NULL,
                 "cannot parse the file as xml");
    if (doc && has_entities(doc)) {
        diag_add(d, DIAG_ERROR, "xml-entities", name,
                 doc->intSubset ? xmlGetLineNo((xmlNodePtr)doc->intSubset) : 0,
                 NULL, NULL, "%s", entities_message);
        xmlFreeDoc(doc);
        doc = NULL;
    }
    return doc;
}

static const int parse_options = XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                                 XML_PARSE_NOWARNING;

const char *xmlsafe_file_kind(unsigned mode)
{
    return S_ISCHR(mode)    ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISFIFO(mode) ? "a fifo (named pipe)"
           : S_ISSOCK(mode) ? "a socket"
           : S_ISDIR(mode)  ? "a directory"
                            : "a special file";
}

/* Refuses what is not a readable, non-empty regular file; *size gets its
 * length. */
static int check_path(const char *path, diag_list *d, off_t *size)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "cannot open the file: %s",
                 strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "is a directory, not a bpmn file");
        return -1;
    }
    /* a device or a fifo has no end to wait for (/dev/zero) or blocks */
    if (!S_ISREG(st.st_mode)) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL,
                 "is %s, not a regular file; flowmc reads models and scenarios from files",
                 xmlsafe_file_kind(st.st_mode));
        return -1;
    }
    if (st.st_size == 0) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "the file is empty");
        return -1;
    }
    if (st.st_size > INT_MAX) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "the file is larger than 2 gib");
        return -1;
    }
    *size = st.st_size;
    return 0;
}

/* "-": standard input, read to its end (a pipe or a terminal; capped at
 * 2 GiB like a file). */
static xmlDocPtr read_stdin(diag_list *d)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = alloc_resize(NULL, cap, 1);
    ssize_t k = 0;
    while ((k = read(STDIN_FILENO, buf + n, cap - n)) != 0) {
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            break;
        n += (size_t)k;
        if (n == cap) {
            /* cap runs through powers of two: once it is 2^31, n is
             * past what libxml2's int lengths hold */
            if (cap > (size_t)INT_MAX) {
                diag_add(d, DIAG_ERROR, "io", XMLSAFE_STDIN, 0, NULL, NULL,
                         "standard input is larger than 2 gib");
                free(buf);
                return NULL;
            }
            cap *= 2;
            buf = alloc_resize(buf, cap, 1);
        }
    }
    if (k < 0) {
        diag_add(d, DIAG_ERROR, "io", XMLSAFE_STDIN, 0, NULL, NULL,
                 "cannot read standard input: %s", strerror(errno));
        free(buf);
        return NULL;
    }
    if (n == 0) {
        diag_add(d, DIAG_ERROR, "io", XMLSAFE_STDIN, 0, NULL, NULL, "standard input is empty");
        free(buf);
        return NULL;
    }
    xmlDocPtr doc = xmlsafe_read_memory(buf, (int)n, XMLSAFE_STDIN, d);
    free(buf);
    return doc;
}

xmlDocPtr xmlsafe_read_file(const char *path, diag_list *d)
{
    xmlsafe_init();
    if (strcmp(path, "-") == 0)
        return read_stdin(d);
    off_t size;
    if (check_path(path, d, &size) < 0)
        return NULL;
    /* read the bytes ourselves: the entity loader refuses every file,
     * the document itself included */
    FILE *f = fopen(path, "rb");
    char *buf = f ? alloc_resize(NULL, (size_t)size, 1) : NULL;
    size_t n = buf ? fread(buf, 1, (size_t)size, f) : 0;
    if (f)
        fclose(f);
    if (!buf || n != (size_t)size) {
        free(buf);
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "cannot read the file");
        return NULL;
    }
    xmlDocPtr doc = xmlsafe_read_memory(buf, (int)n, path, d);
    free(buf);
    return doc;
}

struct xmlsafe_stream {
    xmlTextReaderPtr rd;
    err_ctx ec;
    int fd;
    size_t total; /* bytes read so far */
    xmlsafe_scan scan;
};

/* libxml2's read callback: the bytes pass the scanner on their way in. */
static int stream_read(void *ctx, char *buf, int len)
{
    xmlsafe_stream *s = ctx;
    ssize_t n;
    do
        n = read(s->fd, buf, (size_t)len);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        diag_add(s->ec.d, DIAG_ERROR, "io", s->ec.file, 0, NULL, NULL,
                 "cannot read the file: %s", strerror(errno));
        s->ec.capped = 1;
        return -1;
    }
    if (n == 0 && s->total == 0) {
        /* libxml2 would say "extra content at the end of the document" */
        diag_add(s->ec.d, DIAG_ERROR, "io", s->ec.file, 0, NULL, NULL, "%s",
                 strcmp(s->ec.file, XMLSAFE_STDIN) == 0 ? "standard input is empty" : "the file is empty");
        s->ec.capped = 1;
        return -1;
    }
    s->total += (size_t)n;
    if (xmlsafe_scan_bytes(&s->scan, buf, (size_t)n) < 0) {
        if (!s->ec.capped)
            scan_report(&s->scan, s->ec.d, s->ec.file);
        s->ec.capped = 1;
        return -1;
    }
    return (int)n;
}

static void stream_error(void *userdata, xmlErrorPtr e)
{
    collect_error(userdata, e);
}

xmlsafe_stream *xmlsafe_stream_open(const char *path, diag_list *d)
{
    xmlsafe_init();
    off_t size;
    int from_stdin = strcmp(path, "-") == 0;
    if (from_stdin)
        path = XMLSAFE_STDIN;
    else if (check_path(path, d, &size) < 0)
        return NULL;
    xmlsafe_stream *s = alloc_zero(1, sizeof *s);
    s->ec = (err_ctx){d, path, 0, 0, 0, 0};
    /* an fd, not a path: the refusing entity loader never sees the
     * document itself */
    s->fd = from_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY);
    if (s->fd < 0) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "cannot open the file: %s",
                 strerror(errno));
        goto fail;
    }
    xmlsafe_scan_init(&s->scan);
    s->rd = xmlReaderForIO(stream_read, NULL, s, path, NULL, parse_options);
    if (!s->rd) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "cannot read the file");
        goto fail;
    }
    xmlTextReaderSetStructuredErrorHandler(s->rd, stream_error, &s->ec);
    return s;
fail:
    xmlsafe_stream_close(s);
    return NULL;
}

xmlsafe_stream *xmlsafe_stream_walk(xmlDocPtr doc, const char *name, diag_list *d)
{
    xmlsafe_stream *s = alloc_zero(1, sizeof *s);
    s->ec = (err_ctx){d, name, 0, 0, 0, 0};
    s->fd = -1;
    s->rd = xmlReaderWalker(doc);
    if (!s->rd)
        alloc_fail("a libxml2 reader");
    return s;
}

xmlTextReaderPtr xmlsafe_stream_reader(xmlsafe_stream *s) { return s->rd; }

int xmlsafe_stream_errors(const xmlsafe_stream *s) { return s->ec.count + s->ec.capped; }

int xmlsafe_stream_check(xmlsafe_stream *s)
{
    /* not xmlTextReaderCurrentDoc: that call takes the document away from
     * the reader, which then never frees it */
    xmlNodePtr cur = xmlTextReaderCurrentNode(s->rd);
    xmlDocPtr doc = cur ? cur->doc : NULL;
    if (!doc || !has_entities(doc))
        return 0;
    diag_add(s->ec.d, DIAG_ERROR, "xml-entities", s->ec.file,
             doc->intSubset ? xmlGetLineNo((xmlNodePtr)doc->intSubset) : 0, NULL, NULL,
             "%s", entities_message);
    return -1;
}

void xmlsafe_stream_close(xmlsafe_stream *s)
{
    if (!s)
        return;
    if (s->rd)
        xmlFreeTextReader(s->rd);
    if (s->fd >= 0)
        close(s->fd);
    free(s);
}

xmlDocPtr xmlsafe_read_memory(const char *buf, int len, const char *name,
                              diag_list *d)
{
    xmlsafe_init();
    if (len <= 0) {
        diag_add(d, DIAG_ERROR, "io", name, 0, NULL, NULL, "the document is empty");
        return NULL;
    }
    xmlsafe_scan sc;
    xmlsafe_scan_init(&sc);
    if (xmlsafe_scan_bytes(&sc, buf, (size_t)len) < 0) {
        scan_report(&sc, d, name);
        return NULL;
    }
    err_ctx ec = {d, name, 0, 0, 0, 0};
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        alloc_fail("a libxml2 parser");
    xmlSetStructuredErrorFunc(&ec, collect_error);
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, buf, len, name, NULL, parse_options);
    xmlSetStructuredErrorFunc(NULL, NULL);
    doc = finish_parse(ctxt, doc, name, d, &ec);
    xmlFreeParserCtxt(ctxt);
    return doc;
}

void xmlsafe_schema_path(const char *name, const char *env, char *buf, size_t len)
{
    const char *given = env ? getenv(env) : NULL;
    if (given && *given) {
        snprintf(buf, len, "%s", given);
        return;
    }
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            snprintf(buf, len, "%s/../simulations/schema/%s", exe, name);
            if (access(buf, R_OK) == 0)
                return;
            /* installed by make install: PREFIX/bin and PREFIX/share/flowmc */
            snprintf(buf, len, "%s/../share/flowmc/schema/%s", exe, name);
            if (access(buf, R_OK) == 0)
                return;
        }
    }
    snprintf(buf, len, "simulations/schema/%s", name);
}

xmlSchemaPtr xmlsafe_schema_load(const char *path, diag_list *d)
{
    xmlsafe_init();
    /* an absolute, normalised path: the loader then allows exactly the
     * files beside it, and "../shared/..." works like any other path */
    char *real = realpath(path, NULL);
    if (!real) {
        diag_add(d, DIAG_ERROR, "schema", path, 0, NULL, NULL, "cannot open the schema: %s",
                 strerror(errno));
        return NULL;
    }
    path = real;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[1] = 0;
    else
        snprintf(dir, sizeof dir, "./");
    err_ctx ec = {d, path, 0, 0, 0, 0};
    schema_dir = dir;
    xmlSetStructuredErrorFunc(&ec, collect_error);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
    xmlSchemaPtr s = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaFreeParserCtxt(pc);
    xmlSetStructuredErrorFunc(NULL, NULL);
    schema_dir = NULL;
    if (!s && ec.count == 0)
        diag_add(d, DIAG_ERROR, "schema", path, 0, NULL, NULL, "cannot load the schema");
    free(real);
    return s;
}

int xmlsafe_validate(xmlSchemaPtr schema, xmlDocPtr doc, const char *file,
                     diag_list *d)
{
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    if (!vc)
        return -1;
    err_ctx ec = {d, file, 0, 0, 0, 0};
    xmlSchemaSetValidStructuredErrors(vc, collect_error, &ec);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    if (rc < 0)
        return -1;
    return rc == 0 ? 0 : (ec.count ? ec.count : 1);
}

char *xmlsafe_text(xmlNodePtr node)
{
    xmlChar *raw = xmlNodeGetContent(node);
    if (!raw)
        return NULL;
    const char *s = (const char *)raw;
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    char *out = NULL;
    if (n) {
        out = alloc_resize(NULL, n + 1, 1);
        memcpy(out, s, n);
        out[n] = 0;
    }
    xmlFree(raw);
    return out;
}
