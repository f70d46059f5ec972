/*
 * flowmc render: draws a BPMN file with Graphviz (svg, png, pdf, dot), with
 * the checker's findings or a simulation result painted on it, or writes
 * the file back with a BPMN DI diagram (--format bpmn).  The format follows
 * the output file's extension unless --format says otherwise.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/alloc.h"
#include "../check/check.h"
#include "../render/di.h"
#include "../render/render.h"
#include "cli.h"

static void help(FILE *out)
{
    fprintf(out,
            "usage: flowmc render [options] FILE.bpmn\n\n"
            "Draws the model, pools and lanes as swimlanes in document order; or, with\n"
            "--format bpmn, writes it back with a BPMN DI diagram.\n\n"
            "  -o, --output OUT      write to OUT (default, and -: standard output, svg)\n"
            "  -f, --format F        svg, png, pdf, dot or bpmn (default: from OUT's\n"
            "                        extension, else svg)\n"
            "      --direction D     lr: flow left to right, lanes as rows (default);\n"
            "                        tb: top to bottom, lanes as columns (for pages)\n"
            "      --lanes L         bands: pools and lanes as swimlanes (default);\n"
            "                        tags: no swimlanes, each element in its lane's\n"
            "                        colour with its tag (L1, L2...), a legend\n"
            "      --page P          a4 or letter, for print: top to bottom and lanes as\n"
            "                        tags unless --direction or --lanes say otherwise;\n"
            "                        pages of exactly that size (a PDF of every page;\n"
            "                        one PNG or SVG a page, OUT-1.svg ...), cut\n"
            "                        between shapes, numbered, a mark where a flow\n"
            "                        goes on to another page; warns when text would\n"
            "                        print under 6 pt\n"
            "      --landscape       the page turned a quarter\n"
            "      --layout L        auto: flowmc lays the model out (default); di: draw\n"
            "                        the file's own diagram (BPMN DI), as a modeller left\n"
            "                        it; refused when it has none or leaves part out\n"
            "  -p, --process ID      draw only this process (or participant's process)\n"
            "      --findings        run the checker; colour what it finds (red errors,\n"
            "                        orange warnings), number trace steps, add a legend\n"
            "      --overlay FILE    paint a simulation result (flowmc sim -o FILE) on\n"
            "                        the tasks: colour, mean wait, share of cases\n"
            "      --overlay-by W    colour tasks by util (their role's utilisation,\n"
            "                        default) or wait (their mean wait)\n"
            "      --relayout        bpmn: replace the diagram the file already has\n"
            "      --force           overwrite OUT if it exists (or write through a link)\n"
            "  -h, --help            this help\n\n"
            "exit status: 0 drawn, 2 bad input or usage\n");
}

enum {
    OPT_FINDINGS = 256,
    OPT_OVERLAY,
    OPT_OVERLAY_BY,
    OPT_RELAYOUT,
    OPT_PAGE,
    OPT_LANDSCAPE,
    OPT_LAYOUT
};

static int find_process(const model *m, const char *id)
{
    model_kind k;
    int i = model_find(m, id, &k);
    if (i >= 0 && k == MODEL_KIND_PROCESS)
        return i;
    if (i >= 0 && k == MODEL_KIND_PARTICIPANT)
        return model_participant_at(m, i)->process;
    return -1;
}

/* Page k of n of OUT: OUT itself when there is one page, else OUT with
 * "-<k+1>" before its extension (a.png: a-1.png, a-2.png ...); malloc'd. */
static char *page_path(const char *out, size_t k, size_t n)
{
    if (n == 1)
        return alloc_strdup(out);
    const char *slash = strrchr(out, '/'), *dot = strrchr(out, '.');
    if (!dot || (slash && dot < slash) || dot == (slash ? slash + 1 : out))
        dot = out + strlen(out);
    return alloc_printf("%.*s-%zu%s", (int)(dot - out), out, k + 1, dot);
}

int cmd_render(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_OPTION_OUTPUT, CLI_ARG("format", 'f'), CLI_ARG("process", 'p'),
        CLI_ARG("direction", 'd'), /* long only: -d is --disable */
        CLI_ARG("lanes", 'l'),     /* long only: -l is --list-rules */
        CLI_ARG("page", OPT_PAGE), CLI_FLAG("landscape", OPT_LANDSCAPE), CLI_ARG("layout", OPT_LAYOUT),
        CLI_FLAG("findings", OPT_FINDINGS), CLI_ARG("overlay", OPT_OVERLAY),
        CLI_ARG("overlay-by", OPT_OVERLAY_BY), CLI_FLAG("relayout", OPT_RELAYOUT), CLI_OPTION_FORCE,
        CLI_OPTIONS_END,
    };
    static const char *const by_names[] = {"util", "wait", NULL};
    const char *process = NULL, *overlay_path = NULL;
    cli_opts co = {0};
    int format = -1, findings = 0, by = RENDER_BY_UTIL, relayout = 0, c;
    static const char *const lanes_names[] = {"bands", "tags", NULL};
    int direction = -1, page = -1, landscape = 0, tags = -1, layout_di = 0;
    static const char *const layout_names[] = {"auto", "di", NULL};
    optind = 1;
    while ((c = cli_getopt(argc, argv, "o:f:p:h", opts, &co)) != -1) {
        switch (c) {
        case 'f':
            if ((format = cli_pick(optarg, render_format_names)) < 0)
                return cli_usage_error("render", "unknown format '%s' (svg, png, pdf, dot, bpmn)",
                                       optarg);
            break;
        case 'p': process = optarg; break;
        case 'd':
            if ((direction = cli_pick(optarg, render_direction_names)) < 0)
                return cli_usage_error("render", "--direction takes lr or tb, not '%s'", optarg);
            break;
        case 'l':
            if ((tags = cli_pick(optarg, lanes_names)) < 0)
                return cli_usage_error("render", "--lanes takes bands or tags, not '%s'", optarg);
            break;
        case OPT_PAGE:
            if ((page = cli_pick(optarg, render_paper_names)) < 0)
                return cli_usage_error("render", "--page takes a4 or letter, not '%s'", optarg);
            break;
        case OPT_LANDSCAPE: landscape = 1; break;
        case OPT_LAYOUT:
            if ((layout_di = cli_pick(optarg, layout_names)) < 0)
                return cli_usage_error("render", "--layout takes auto or di, not '%s'", optarg);
            break;
        case OPT_FINDINGS: findings = 1; break;
        case OPT_OVERLAY: overlay_path = optarg; break;
        case OPT_OVERLAY_BY:
            if ((by = cli_pick(optarg, by_names)) < 0)
                return cli_usage_error("render", "--overlay-by takes util or wait, not '%s'",
                                       optarg);
            break;
        case OPT_RELAYOUT: relayout = 1; break;
        default: return cli_help(c, help);
        }
    }
    if (optind != argc - 1)
        return cli_usage(help);
    const char *in = argv[optind], *out_path = co.output;
    if (format < 0 && out_path && strcmp(out_path, "-") != 0) {
        format = render_format_of_path(out_path);
        if (format < 0)
            return cli_usage_error("render",
                                   "cannot tell the format from '%s': name it .svg, .png, .pdf, "
                                   ".dot or .bpmn, or pass --format",
                                   out_path);
    }
    if (format < 0)
        format = RENDER_SVG;
    if (format == RENDER_BPMN && (findings || overlay_path || process))
        return cli_usage_error("render", "--format bpmn writes the whole model's diagram: "
                                         "--findings, --overlay and --process do not apply");
    if (page >= 0 && (format == RENDER_BPMN || format == RENDER_DOT))
        return cli_usage_error("render", "--page sizes a picture (svg, png, pdf); for a "
                                         "vertical diagram in %s, pass --direction tb",
                               render_format_names[format]);
    if (layout_di && (direction >= 0 || tags > 0))
        return cli_usage_error("render", "--layout di draws the diagram as the file has it: "
                                         "--direction and --lanes tags do not apply");
    /* a page is portrait: the flow runs down it unless told otherwise */
    if (direction < 0)
        direction = page >= 0 ? RENDER_TB : RENDER_LR;
    /* side by side, lanes as columns do not fit A4 once there are more
     * than a few (docs/render.md): on a page they are tags by default */
    if (tags < 0)
        tags = page >= 0 && !layout_di;
    if (tags && format == RENDER_BPMN)
        return cli_usage_error("render", "--lanes tags draws a picture; a BPMN diagram keeps "
                                         "its lanes as lanes");
    if (layout_di && format == RENDER_BPMN)
        return cli_usage_error("render", "--layout di draws a picture; --format bpmn keeps the "
                                         "file's diagram unless --relayout");
    if (landscape && page < 0)
        return cli_usage_error("render", "--landscape turns a page: pass --page a4 or letter");
    if (relayout && format != RENDER_BPMN)
        return cli_usage_error("render", "--relayout applies to --format bpmn only");
    if (!out_path && (format == RENDER_PNG || format == RENDER_PDF) && isatty(STDOUT_FILENO))
        return cli_usage_error("render", "not writing %s to a terminal: pass -o FILE",
                               render_format_names[format]);

    int rc = CLI_USAGE;
    diag_list *d = diag_list_new();
    diag_list *found = NULL;
    render_overlay *ov = NULL;
    char *buf = NULL;
    size_t len = 0;
    render_pages pages = {0};
    model *m = cli_load_model(in, d);
    if (!m)
        goto done;
    render_options ro;
    render_options_init(&ro);
    ro.direction = (render_direction)direction;
    ro.page = page;
    ro.landscape = landscape;
    ro.layout_di = layout_di;
    ro.lane_tags = tags;
    if (process && (ro.process = find_process(m, process)) < 0) {
        diag_add(d, DIAG_ERROR, "unknown-process", in, 0, process, NULL,
                 "no process or participant with id '%s'", process);
        goto done;
    }
    if (findings) {
        found = diag_list_new();
        check_report_free(check_run(m, NULL, found));
        ro.findings = found;
    }
    if (overlay_path) {
        if (!(ov = render_overlay_read(overlay_path, m, d)))
            goto done;
        ro.overlay = ov;
        ro.overlay_by = (render_overlay_by)by;
    }
    if (format == RENDER_BPMN) {
        if (di_export(m, in, relayout, (render_direction)direction, &buf, &len, d) != 0)
            goto done;
        render_pages_add(&pages, buf, len);
        buf = NULL;
    } else if (render_draw_pages(m, &ro, (render_format)format, &pages, d) != 0) {
        goto done;
    }
    if (pages.n > 1 && (!out_path || strcmp(out_path, "-") == 0)) {
        diag_add(d, DIAG_ERROR, "usage", in, 0, NULL, NULL,
                 "the drawing takes %zu pages, one %s each: pass -o FILE.%s (FILE-1.%s ...)",
                 pages.n, format == RENDER_SVG ? "SVG" : "PNG", render_format_names[format],
                 render_format_names[format]);
        goto done;
    }
    for (size_t k = 0; k < pages.n; k++) {
        char *path = out_path && strcmp(out_path, "-") != 0 ? page_path(out_path, k, pages.n)
                                                             : NULL;
        int w = cli_write_buffer("render", path ? path : "-", co.force, pages.buf[k], pages.len[k]);
        free(path);
        if (w != CLI_OK)
            goto done;
    }
    if (pages.n > 1)
        fprintf(stderr, "flowmc render: %zu pages, one file each: %s with -1 ... -%zu before "
                        "its extension\n",
                pages.n, out_path, pages.n);
    rc = CLI_OK;
done:
    diag_list_print(d, stderr);
    free(buf);
    render_pages_release(&pages);
    render_overlay_free(ov);
    diag_list_free(found);
    model_free(m);
    diag_list_free(d);
    return rc;
}
