/*
 * style: the report's one style sheet -- readable on a screen, and on A4
 * paper each part on a new page, tables and charts kept whole, links
 * shown as the words they are (no address to follow on paper).
 */
#include "sec.h"

const char *sec_css(void)
{
    return "@page{size:A4;margin:14mm 12mm 16mm 12mm}\n"
           "html{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;font-size:10.5pt;"
           "color:#1a1a1a;background:#fff}\n"
           "body{max-width:190mm;margin:0 auto;padding:0 4mm 10mm;line-height:1.4}\n"
           "h1{font-size:20pt;margin:8mm 0 2mm}h2{font-size:15pt;margin:0 0 2mm;"
           "border-bottom:2px solid #0072b2;padding-top:6mm}h3{font-size:12pt;margin:5mm 0 2mm}"
           "h4{font-size:10.5pt;margin:4mm 0 1mm}\n"
           "section{break-before:page;page-break-before:always}\n"
           "h2,h3,h4{break-after:avoid;page-break-after:avoid}\n"
           "figure{margin:2mm 0 3mm;break-inside:avoid;page-break-inside:avoid}\n"
           "figure.diagram{break-inside:auto;page-break-inside:auto}\n"
           "figcaption{font-size:9pt;color:#444;margin-top:1mm}\n"
           "svg{max-width:100%;height:auto;display:block}\n"
           "svg.chart{font-family:inherit}\n"
           "table{border-collapse:collapse;margin:1mm 0 3mm;font-size:9pt;"
           "break-inside:auto}\n"
           "tr{break-inside:avoid;page-break-inside:avoid}\n"
           "th,td{border-bottom:1px solid #ddd;padding:1.2mm 2mm;vertical-align:top}\n"
           "th{text-align:left;background:#f2f5f8;font-weight:600}\n"
           "table.num td{text-align:right;white-space:nowrap}table.num td.l{text-align:left;"
           "white-space:normal}\n"
           "tr.sig td{background:#f3f8ee}\n"
           "td.ok{color:#00704f}td.bad{color:#b34700;font-weight:600}td.open{color:#8a6000}\n"
           ".v{font-weight:600}.v-met{color:#00704f}.v-missed{color:#b34700}"
           ".v-open{color:#8a6000}\n"
           "code{font-family:'DejaVu Sans Mono',monospace;font-size:0.88em;"
           "overflow-wrap:anywhere}\n"
           ".file{color:#444;font-size:9pt}.note{font-size:9pt;color:#333}\n"
           "ol.findings{padding-left:6mm}li.finding{margin-bottom:3mm;break-inside:avoid;"
           "page-break-inside:avoid}\n"
           "li.finding p{margin:0.5mm 0}.sev{font-weight:700;text-transform:uppercase;"
           "font-size:8pt;padding:0 1mm;border-radius:1mm}\n"
           ".err .sev{background:#fde2e1;color:#a40000}.warn .sev{background:#fdebd0;"
           "color:#8a4b00}.note .sev{background:#e8eef5}\n"
           ".rule{font-size:9pt;color:#444}.trace{font-size:9pt}.step b{color:#0072b2}\n"
           "blockquote{margin:1mm 0 1mm 2mm;padding-left:3mm;border-left:3px solid #ccc;"
           "font-size:9pt;color:#333}\n"
           "nav ol{padding-left:6mm}nav li{margin:0.6mm 0}nav ol ol{font-size:9pt}\n"
           "a{color:#0058a0;text-decoration:none}\n"
           "dl dt{font-weight:700;margin-top:2mm}dl dd{margin-left:6mm}\n"
           ".answer{font-size:11pt}\n"
           "@media print{body{max-width:none;padding:0}a{color:inherit}"
           "h2{padding-top:0}}\n";
}
