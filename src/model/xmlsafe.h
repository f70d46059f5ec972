/*
 * xmlsafe: the only way flowmc opens XML.
 *
 * Every XML file a user gives us -- a BPMN model, a scenario -- goes through
 * here, with the network off, no entity substitution, no DTD loading, no
 * huge-document mode, and an external entity loader that refuses everything
 * except the schema files we load ourselves.  Documents that declare
 * entities are refused outright: BPMN never needs them, and that removes
 * both XXE and entity-expansion bombs from every later stage.  Parse errors
 * become diagnostics with file and line.
 */
#ifndef FLOWMC_XMLSAFE_H
#define FLOWMC_XMLSAFE_H

#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include "diag.h"

/* What one document may hold, checked on its bytes before libxml2 parses
 * them, so that reading costs time and memory linear in the file: a file
 * past a cap is refused with an "xml-limit" error naming the line. */
#define XMLSAFE_MAX_ATTRS 1000L      /* attributes (xmlns included) on one element */
#define XMLSAFE_MAX_TEXT 1048576L    /* bytes of text (CDATA included) in one run */
#define XMLSAFE_MAX_ELEMS 1000000L   /* elements in one document */

/* The byte scanner behind those caps (exposed for the fuzz harnesses and
 * the tests).  Feed it the document in pieces of any size. */
typedef struct xmlsafe_scan {
    int state, match, quote, bracket;
    long line, tag_line, text_line;
    long attrs, text, elems;
    long refused_line;
    int entities;      /* 1 when an entity declaration was refused */
    char message[160]; /* empty until a cap is passed */
} xmlsafe_scan;

void xmlsafe_scan_init(xmlsafe_scan *sc);
/* Scans len more bytes: 0 while within the caps, -1 once one is passed
 * (sc->message and sc->refused_line then say which and where). */
int xmlsafe_scan_bytes(xmlsafe_scan *sc, const char *buf, size_t len);

/* "a character device", "a fifo (named pipe)", ... for a stat st_mode that
 * is not a regular file: the words of every "not a regular file" error. */
const char *xmlsafe_file_kind(unsigned mode);

/* Installs the refusing entity loader; idempotent, call before threads. */
void xmlsafe_init(void);

/* Parses path.  Returns the document (caller frees with xmlFreeDoc), or
 * NULL after adding at least one error diagnostic to d (a missing file, a
 * directory, an empty file, malformed XML, declared entities). */
xmlDocPtr xmlsafe_read_file(const char *path, diag_list *d);
/* The same for a document in memory; name is used in diagnostics. */
xmlDocPtr xmlsafe_read_memory(const char *buf, int len, const char *name,
                              diag_list *d);

/* A streaming read (xmlTextReader) under the same protections, so that a
 * large file never has to sit in memory as a whole tree. */
typedef struct xmlsafe_stream xmlsafe_stream;

/* The name diagnostics give standard input, read when a path is "-". */
#define XMLSAFE_STDIN "<stdin>"

/* Opens path for streaming; NULL after adding an error diagnostic (missing
 * file, directory, empty file).  XML errors met while reading are added
 * to d as they happen; close with xmlsafe_stream_close. */
xmlsafe_stream *xmlsafe_stream_open(const char *path, diag_list *d);
/* Streams over an already parsed document (not freed by the stream). */
xmlsafe_stream *xmlsafe_stream_walk(xmlDocPtr doc, const char *name, diag_list *d);
xmlTextReaderPtr xmlsafe_stream_reader(xmlsafe_stream *s);
/* Call once the reader stands on the root element: refuses a document that
 * declares entities (0 ok, -1 with an error diagnostic). */
int xmlsafe_stream_check(xmlsafe_stream *s);
/* XML errors reported so far. */
int xmlsafe_stream_errors(const xmlsafe_stream *s);
/* Frees the stream; accepts NULL. */
void xmlsafe_stream_close(xmlsafe_stream *s);

/* Loads an XSD from a local file; its xs:include/xs:import of files in the
 * same directory are allowed, nothing else.  NULL (with a diagnostic) on
 * failure.  Free with xmlSchemaFree. */
xmlSchemaPtr xmlsafe_schema_load(const char *path, diag_list *d);

/* Where flowmc's schema file NAME ("scenario.xsd") is: the file named by
 * the environment variable env when set, else beside the binary in the
 * source tree (bin/../simulations/schema/NAME), else where make install put
 * it (PREFIX/bin/../share/flowmc/schema/NAME), else simulations/schema/NAME
 * under the working directory.  Into buf. */
void xmlsafe_schema_path(const char *name, const char *env, char *buf, size_t len);

/* Validates doc against schema; each violation becomes an error with code
 * "schema" and the line of the offending element.  Returns the number of
 * violations, -1 on internal failure. */
int xmlsafe_validate(xmlSchemaPtr schema, xmlDocPtr doc, const char *file,
                     diag_list *d);

/* Trimmed text content of node (whitespace collapsed at both ends); the
 * caller frees with free().  NULL when empty. */
char *xmlsafe_text(xmlNodePtr node);

#endif
