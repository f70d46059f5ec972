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
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

/* While a schema is loading, local files under this directory may be read;
 * at every other time every external load is refused. */
static _Thread_local const char *schema_dir;

static xmlParserInputPtr refusing_loader(const char *url, const char *id,
                                         xmlParserCtxtPtr ctxt)
{
    (void)id;
    if (schema_dir && url && !strstr(url, "://") && !strstr(url, "..")) {
        size_t n = strlen(schema_dir);
        if (strncmp(url, schema_dir, n) == 0 || url[0] != '/')
            return xmlNewInputFromFile(ctxt, url);
    }
    /* refuse silently: the document's own check reports declared entities */
    return NULL;
}

void xmlsafe_init(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    xmlInitParser();
    xmlSetExternalEntityLoader(refusing_loader);
}

typedef struct err_ctx {
    diag_list *d;
    const char *file;
    int count;
    int last_line, last_code;
} err_ctx;

static void collect_error(void *userdata, xmlErrorPtr e)
{
    err_ctx *c = userdata;
    if (!e || e->level == XML_ERR_NONE)
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
                 NULL, NULL,
                 "the document declares entities; flowmc refuses entity "
                 "declarations so that no external file or expansion bomb is read");
        xmlFreeDoc(doc);
        doc = NULL;
    }
    return doc;
}

static const int parse_options = XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                                 XML_PARSE_NOWARNING;

xmlDocPtr xmlsafe_read_file(const char *path, diag_list *d)
{
    xmlsafe_init();
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "cannot open the file: %s",
                 strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL,
                 "is a directory, not a bpmn file");
        return NULL;
    }
    if (st.st_size == 0) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "the file is empty");
        return NULL;
    }
    /* read the bytes ourselves: the entity loader refuses every file,
     * the document itself included */
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "cannot open the file: %s",
                 strerror(errno));
        return NULL;
    }
    if (st.st_size > INT_MAX) {
        fclose(f);
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "the file is larger than 2 gib");
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size);
    size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (!buf || n != (size_t)st.st_size) {
        free(buf);
        diag_add(d, DIAG_ERROR, "io", path, 0, NULL, NULL, "cannot read the file");
        return NULL;
    }
    xmlDocPtr doc = xmlsafe_read_memory(buf, (int)n, path, d);
    free(buf);
    return doc;
}

xmlDocPtr xmlsafe_read_memory(const char *buf, int len, const char *name,
                              diag_list *d)
{
    xmlsafe_init();
    if (len <= 0) {
        diag_add(d, DIAG_ERROR, "io", name, 0, NULL, NULL, "the document is empty");
        return NULL;
    }
    err_ctx ec = {d, name, 0, 0, 0};
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        abort();
    xmlSetStructuredErrorFunc(&ec, collect_error);
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, buf, len, name, NULL, parse_options);
    xmlSetStructuredErrorFunc(NULL, NULL);
    doc = finish_parse(ctxt, doc, name, d, &ec);
    xmlFreeParserCtxt(ctxt);
    return doc;
}

xmlSchemaPtr xmlsafe_schema_load(const char *path, diag_list *d)
{
    xmlsafe_init();
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[1] = 0;
    else
        snprintf(dir, sizeof dir, "./");
    err_ctx ec = {d, path, 0, 0, 0};
    schema_dir = dir;
    xmlSetStructuredErrorFunc(&ec, collect_error);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
    xmlSchemaPtr s = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaFreeParserCtxt(pc);
    xmlSetStructuredErrorFunc(NULL, NULL);
    schema_dir = NULL;
    if (!s && ec.count == 0)
        diag_add(d, DIAG_ERROR, "schema", path, 0, NULL, NULL, "cannot load the schema");
    return s;
}

int xmlsafe_validate(xmlSchemaPtr schema, xmlDocPtr doc, const char *file,
                     diag_list *d)
{
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    if (!vc)
        return -1;
    err_ctx ec = {d, file, 0, 0, 0};
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
        out = malloc(n + 1);
        if (!out)
            abort();
        memcpy(out, s, n);
        out[n] = 0;
    }
    xmlFree(raw);
    return out;
}
