#!/bin/sh
# mkman.sh BIN OUTDIR -- writes flowmc's manual pages, flowmc.1 and one
# flowmc-CMD.1 per command, from the binary's own --help texts: the help is
# the single source, so a page cannot drift from the tool.  The parts no
# --help holds (files, environment, examples) are docs/man/flowmc.extra,
# appended to flowmc.1.  POSIX sh and awk only (make install runs it).
set -eu
bin=$1
out=$2
here=$(dirname "$0")
mkdir -p "$out"
version=$("$bin" --version | sed 's/^flowmc //')
date=${SOURCE_DATE:-}

# awk: one --help text on stdin -> man(7) on stdout
conv='
function esc(s) {
    gsub(/\\/, "\\e", s)
    c = substr(s, 1, 1)
    if (c == "." || c == sprintf("%c", 39)) s = "\\&" s
    return s
}
# an option term: -o, --output OUT -> bold options, italic arguments
function term(s,    n, i, w, r, sep) {
    n = split(s, w, / /)
    r = ""
    for (i = 1; i <= n; i++) {
        sep = (i > 1) ? " " : ""
        if (w[i] ~ /^-/) {
            x = w[i]; comma = ""
            if (x ~ /,$/) { sub(/,$/, "", x); comma = "," }
            x = esc(x)
            gsub(/-/, "\\-", x)
            r = r sep "\\fB" x "\\fR" comma
        } else if (w[i] != "") {
            r = r sep "\\fI" esc(w[i]) "\\fR"
        }
    }
    return r
}
function flush_opt() {
    if (oterm != "") { print ".TP"; print term(oterm); print esc(odesc) }
    oterm = ""; odesc = ""
}
BEGIN { state = "usage" }
{
    line = $0
    if (state == "usage") {
        if (line ~ /^usage: /) { sub(/^usage: /, "", line); print ".nf"; print esc(line); next }
        if (line ~ /^ +[^ ]/) { sub(/^ +/, "  ", line); print esc(line); next }
        if (line == "") { print ".fi"; print ".SH DESCRIPTION"; state = "desc"; para = 0; next }
    }
    if (line ~ /^exit status:/) {
        if (nf) { print ".fi"; nf = 0 }
        flush_opt(); print ".SH EXIT STATUS"; sub(/^exit status: */, "", line)
        print esc(line); state = "exit"; next
    }
    if (state == "exit") { if (line != "") print esc(line); next }
    if (match(line, /^ +-/) && RLENGTH <= 7) {
        if (state != "opts") { print ".SH OPTIONS"; state = "opts" }
        flush_opt()
        sub(/^ +/, "", line)
        i = index(line, "  ")
        if (i) { oterm = substr(line, 1, i - 1); odesc = substr(line, i); sub(/^ +/, "", odesc) }
        else { oterm = line; odesc = "" }
        next
    }
    if (state == "opts" && line ~ /^        +[^ ]/) {
        sub(/^ +/, "", line); odesc = odesc (odesc == "" ? "" : " ") line; next
    }
    if (line == "") { if (nf) { print ".fi"; nf = 0 } flush_opt(); if (state == "opts") state = "after"; if (para) print ".PP"; para = 0; next }
    if (state == "after") { print ".SH NOTES"; state = "desc"; para = 0 }
    # an indented block in the description (a list of inputs): kept as laid out
    if (line ~ /^  /) {
        if (!nf) { print ".nf"; nf = 1 }
        print esc(line); para = 1; next
    }
    if (nf) { print ".fi"; nf = 0 }
    print esc(line); para = 1
}
END { flush_opt() }
'

# the commands and their one-line summaries, from flowmc --help
"$bin" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print } on && /^$/ { exit }' \
    > "$out/commands.txt"

see=""
while read -r cmd summary; do
    see="$see, flowmc-$cmd (1)"
    up=$(echo "flowmc-$cmd" | tr a-z A-Z)
    {
        printf '.TH %s 1 "%s" "flowmc %s" "flowmc manual"\n' "$up" "$date" "$version"
        printf '.SH NAME\nflowmc\\-%s \\- %s\n.SH SYNOPSIS\n' "$cmd" "$summary"
        "$bin" "$cmd" --help | awk "$conv"
        printf '.SH SEE ALSO\n.BR flowmc (1)\n'
    } > "$out/flowmc-$cmd.1.tmp"
    mv "$out/flowmc-$cmd.1.tmp" "$out/flowmc-$cmd.1"
done < "$out/commands.txt"

{
    printf '.TH FLOWMC 1 "%s" "flowmc %s" "flowmc manual"\n' "$date" "$version"
    printf '.SH NAME\nflowmc \\- check, simulate and draw BPMN 2.0 process models\n'
    printf '.SH SYNOPSIS\n.nf\n\\fBflowmc\\fR \\fIcommand\\fR [\\fIoptions\\fR] [\\fIargs\\fR]\n'
    printf '\\fBflowmc help\\fR \\fIcommand\\fR | \\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR\n.fi\n'
    printf '.SH DESCRIPTION\n'
    "$bin" --help | awk '/^usage:|^       flowmc/ { next } /^commands:/ { exit } /^$/ { next } { print }'
    printf '.SH COMMANDS\n'
    while read -r cmd summary; do
        printf '.TP\n.BR flowmc\\-%s (1)\n%s\n' "$cmd" "$summary"
    done < "$out/commands.txt"
    printf '.SH EXIT STATUS\n'
    "$bin" --help | awk '/^exit status:/ { on = 1; sub(/^exit status: */, "") } /^run / { exit } on { print }'
    cat "$here/flowmc.extra"
    printf '.SH SEE ALSO\n'
    echo "$see" | sed 's/^, //; s/flowmc-\([a-z]*\) (1)/.BR flowmc\\-\1 (1)/g; s/), /),\n/g'
} > "$out/flowmc.1.tmp"
mv "$out/flowmc.1.tmp" "$out/flowmc.1"
rm -f "$out/commands.txt"
