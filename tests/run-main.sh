#!/bin/sh
# make run: the main job on the shipped models and scenarios.
#
#   sh tests/run-main.sh [FLOWMC] [OUT]
#
# Checks every model, draws each with its findings, simulates every
# scenario, sizes the emergency roster, compares the proposed Annex Y with
# the live procedure, writes everything under OUT (default results/), puts
# it on one HTML page (OUT/report.html) and prints one screen, also kept
# as OUT/summary.txt.  Every file it writes is
# reproducible byte for byte (fixed seeds, no timings), which the mainjob
# test checks against the committed results/.  Exit 0 when every command
# ran (an SLA missed or a finding is a result, not a failure), 2 otherwise.
set -u
BIN=${1:-bin/flowmc}
OUT=${2:-results}
mkdir -p "$OUT/diagrams" || exit 2
SUM="$OUT/summary.txt"
fail=0

# ok RC: 0 and 1 are answers; 2 and above (or a crash) are failures
ok() { [ "$1" -le 1 ] || { fail=1; echo "flowmc: step failed with status $1" >&2; }; }

{
echo "flowmc main job: the CWG-Stewardship escalation annexes"
echo
echo "== check: does every case reach an end? (flowmc check models/*.bpmn)"
"$BIN" check models/*.bpmn > "$OUT/check.txt" 2>&1; ok $?
"$BIN" check --format json models/*.bpmn > "$OUT/check.json" 2>/dev/null; ok $?
"$BIN" check --format sarif models/*.bpmn > "$OUT/check.sarif" 2>/dev/null; ok $?
grep -E ": process '|errors?, [0-9]+ warnings?$" "$OUT/check.txt" |
    sed -e 's/^models\///' -e "s/ process '\([^']*\)' ([^)]*\(([^)]*)\)*[^)]*)/ \1/"
echo "   paths the text leaves open:"
grep -E "\[(dead-end|boundary-no-outgoing|deadlock|livelock|unreachable|no-path-to-end)\]" \
    "$OUT/check.txt" | sed -e 's/^models\/annex-//' -e 's/ has no outgoing.*//' -e 's/^/   /' | cut -c1-110
for m in models/*.bpmn; do
    n=$(basename "$m" .bpmn)
    "$BIN" render "$m" --findings --force -o "$OUT/diagrams/$n.svg" 2>/dev/null; ok $?
done
echo "   diagrams with findings: diagrams/*.svg in the output folder"
echo
echo "== sim: are the SLAs met? (attainment, 95% CI over replications, verdict)"
for s in simulations/*.xml; do
    n=$(basename "$s" .xml)
    "$BIN" sim "$s" --quiet --force -o "$OUT/$n.json" 2>/dev/null; ok $?
    "$BIN" sim "$s" --force 2>/dev/null > "$OUT/$n.txt"; ok $?
    # the verdicts, then where each limit and target come from and the
    # cases that ended elsewhere (the second block of the table)
    awk -v n="$n" '/^SLA /{on=++blk; next} on && NF==0 {on=0; if (blk == 2) exit; next}
        on == 1 {id=$1; sub(/^[^ ]+ +/, ""); printf "   %-27s %-22s %s\n", n, id, $0}
        on == 2 {id=$1; sub(/^[^ ]+ +/, ""); printf "   %-27s %-22s %s\n", "", id, $0}' "$OUT/$n.txt"
done
echo
echo "== size: how many people on the emergency roster? (12-hour change SLA and owner-in-1h)"
echo "   one pass through the roster, then two senior management escalation points, each answering"
echo "   like the roster (reached with 1 - (1-p)^2); the backstop reading: always reached in the end (X-2)"
for p in 0.6 0.5 0.4; do
    q=$(awk -v p=$p 'BEGIN { printf "%.4f", 1 - (1 - p) * (1 - p) }')
    nq=$(awk -v q=$q 'BEGIN { printf "%.4f", 1 - q }')
    for reading in no-backstop backstop; do
        if [ $reading = backstop ]; then y=1; n=0; f="$OUT/roster-size-answer-$p-backstop"
        else y=$q; n=$nq; f="$OUT/roster-size-answer-$p"; fi
        "$BIN" size simulations/annex-x-baseline.xml --roster oncall=1..8 --delta 0.005 \
            --set roster.oncall.answer=$p --set flow.X_F_SeniorYes.probability=$y \
            --set flow.X_F_SeniorNo.probability=$n \
            --force -o "$f.csv" > "$f.txt" 2>/dev/null
        ok $?
        echo "   answer $p per call, $reading: $(grep -E '^(smallest|no staffing)' "$f.txt" | cut -c1-150)"
    done
done
echo
echo "== compare: proposed Annex Y against the live procedure (B - A, paired 95% CI)"
"$BIN" compare simulations/annex-y-baseline.xml simulations/annex-y-live.xml --force \
    -o "$OUT/annex-y-proposed-vs-live.json" > "$OUT/annex-y-proposed-vs-live.txt" 2>/dev/null
ok $?
# the pairing and compare's own lines on what changed significantly
sed -n -e '/^paired: /p' -e '/^What changed/,/^$/p' -e '/^No figure changed/p' \
    "$OUT/annex-y-proposed-vs-live.txt" | sed '/^$/d' | cut -c1-150 | sed 's/^/   /'
echo
echo "== causes: what the holiday itself costs, and what a third person changes (paired, one change each)"
for b in no-holiday 3-staff; do
    "$BIN" compare simulations/annex-y-holiday-weekend.xml simulations/annex-y-holiday-weekend-$b.xml --force \
        -o "$OUT/annex-y-holiday-vs-$b.json" > "$OUT/annex-y-holiday-vs-$b.txt" 2>/dev/null
    ok $?
    echo "   B = annex-y-holiday-weekend-$b.xml (A = annex-y-holiday-weekend.xml):"
    sed -n -e '/^What changed/,/^$/p' -e '/^No figure changed/p' "$OUT/annex-y-holiday-vs-$b.txt" |
        sed '/^$/d' | cut -c1-150 | sed 's/^/   /'
done
echo
echo "== readings: each headline finding under every reading of the text (docs/annexes.md, Readings)"
# A reading that only changes numbers is a --set on the shipped scenario; one
# that changes structure runs a variant model (models/readings/).  The
# scenarios `flowmc compare` and the variant model need are shipped in
# simulations/readings/, each the base scenario with its one change: made
# here again and compared byte for byte, so that they cannot drift.
RD=simulations/readings
mkdir -p "$OUT/readings" || exit 2
TMPV=$(mktemp) || exit 2
# SLA line of one run: attainment [CI] verdict
sla_of() { # SLA-ID SCENARIO [--set ...]
    id=$1; shift
    "$BIN" sim "$@" 2>/dev/null | awk -v id="$id" '$1 == id && NF >= 10 {printf "%s %s %s %s %s %s %s", $10, $2, $3, $4, $5, $6, $7; exit}'
}
# scenario $1 with sed program $3, paths fixed for simulations/readings/,
# must equal the shipped $RD/$2
variant() {
    sed -e 's|="\.\./models/|="../../models/|g' -e 's|csv="\([^"/]*\)"|csv="../\1"|' \
        -e "$3" "$1" > "$TMPV" || fail=1
    cmp -s "$TMPV" "$RD/$2" || { fail=1; echo "flowmc: $RD/$2 is not $1 with its one change" >&2; }
}
XS="--set flow.X_F_TLDReachedYes.probability=1 --set flow.X_F_TLDReachedNo.probability=0
    --set flow.X_F_ConfirmedYes.probability=1 --set flow.X_F_ConfirmedNo.probability=0
    --set flow.X_F_ValidYes.probability=1 --set flow.X_F_ValidNo.probability=0"
for f in "annex-x-baseline change-12h" "annex-x-baseline owner-1h" "annex-x-rzm-business-hours change-12h"; do
    set -- $f
    echo "   $1 $2:"
    echo "      as modelled (one pass, escalation points may not answer): $(sla_of $2 simulations/$1.xml)"
    echo "      X-1 unbounded (calling until someone answers):           $(sla_of $2 simulations/$1.xml --set roster.oncall.rounds=1000)"
    echo "      X-2 backstop (escalation points always reached):          $(sla_of $2 simulations/$1.xml \
        --set flow.X_F_SeniorYes.probability=1 --set flow.X_F_SeniorNo.probability=0)"
    echo "      X-3/X-4/X-10 never happen (silence as success):          $(sla_of $2 simulations/$1.xml $XS)"
done
echo "   (the roster size under X-2: see size above, both readings)"
Y16='s|<flow id="Y_F_UsePhase2Yes" probability="1"/>|<flow id="Y_F_UsePhase2Yes" probability="0.5"/>|; s|<flow id="Y_F_UsePhase2No" probability="0"/>|<flow id="Y_F_UsePhase2No" probability="0.5"/>|'
Y7='s|<flow id="Y_F_NonDirectOmbudsman" probability="0.2"/>|<flow id="Y_F_NonDirectOmbudsman" probability="0"/>|; s|<flow id="Y_F_NonDirectLiaison" probability="0.3"/>|<flow id="Y_F_NonDirectLiaison" probability="0.5"/>|'
for s in baseline live; do
    variant simulations/annex-y-$s.xml annex-y-$s-phase2-optional.xml "$Y16"
    variant simulations/annex-y-$s.xml annex-y-$s-fn5-to-csc.xml "$Y7"
done
for id in ack-1bd response-2bd closed-30d; do
    echo "   annex-y-baseline $id:"
    echo "      as modelled (Phase 2 taken by every direct customer, fn5 literal): $(sla_of $id simulations/annex-y-baseline.xml)"
    echo "      Y-16 Phase 2 optional (half take it):                         $(sla_of $id "$RD/annex-y-baseline-phase2-optional.xml")"
    echo "      Y-7 footnote 5: both routes lead to the CSC:                  $(sla_of $id "$RD/annex-y-baseline-fn5-to-csc.xml")"
done
echo "   proposed against live (B - A, paired 95% CI) under each reading:"
for r in "" -phase2-optional -fn5-to-csc; do
    if [ -z "$r" ]; then a=simulations/annex-y-baseline.xml; b=simulations/annex-y-live.xml; name="as modelled"
    else a="$RD/annex-y-baseline$r.xml"; b="$RD/annex-y-live$r.xml"; name=${r#-}; fi
    "$BIN" compare "$a" "$b" --force -o "$OUT/readings/annex-y-proposed-vs-live$r.json" \
        > "$OUT/readings/annex-y-proposed-vs-live$r.txt" 2>/dev/null
    ok $?
    # the closed-30d row of the SLA table, the p99 row of the proposed process's cycle times
    awk -v n="$name" '/^closed-30d /{sub(/^closed-30d +/, ""); printf "      %-17s %-28s %s\n", n, "closed-30d attainment", $0}
        /^Process_Y_ComplaintResolution( |$)/{on=1}
        on && /^  p99 /{sub(/^  p99 +/, ""); printf "      %-17s %-28s %s\n", n, "p99 cycle time (days)", $0; on=0}' \
        "$OUT/readings/annex-y-proposed-vs-live$r.txt"
done
variant simulations/annex-z-baseline.xml annex-z-baseline-silence-inadequate.xml \
    's|model="../../models/annex-z-problem-management.bpmn"|model="../../models/readings/annex-z-silence-inadequate.bpmn"|; s|element="Z01_ResponseOverdue"|element="Z01_ResponseDeadline"|'
variant simulations/annex-z-business-days.xml annex-z-business-days-silence-inadequate.xml \
    's|model="../../models/annex-z-problem-management.bpmn"|model="../../models/readings/annex-z-silence-inadequate.bpmn"|; s|element="Z01_ResponseOverdue"|element="Z01_ResponseDeadline"|'
for s in baseline business-days; do
    for id in ifo-response settled-180d; do
        echo "   annex-z-$s $id:"
        echo "      Z-1a late response kept and assessed (as modelled): $(sla_of $id simulations/annex-z-$s.xml)"
        echo "      Z-1b silence is an inadequate response:             $(sla_of $id "$RD/annex-z-$s-silence-inadequate.xml")"
    done
done
rm -f "$TMPV"
echo
echo "== sweep: how much more load can Annex X take, and how surely must the roster answer?"
echo "   (attainment with its 95% CI at each value, the same random numbers at every value)"
for sw in "load arrival.X_Start.rate=500..3000:500 -r 8" "answer roster.oncall.answer=0.2..0.9:0.1 -r 20"; do
    set -- $sw
    f="$OUT/sweep-annex-x-$1"  # not annex-*.json: those are sim results
    "$BIN" sweep simulations/annex-x-baseline.xml --vary "$2" "$3" "$4" --force -o "$f.json" \
        --plot "$f.svg" > "$f.txt" 2>/dev/null; ok $?
    sed -n '/^where the targets/,/^$/p' "$f.txt" | sed -e '/^$/d' -e '/^where/d' -e 's/^ */   /' | cut -c1-230
done
echo
echo "== report: everything above on one page to read or print (flowmc report)"
# the page names result files by their base name, so that it is the same
# bytes whatever the output folder is called; sweeps written by the blocks
# above (OUT/sweep-*.json) are on it too -- keep this block the last
"$BIN" report --force --title "flowmc: the CWG-Stewardship escalation annexes" -o "$OUT/report.html" \
    models/*.bpmn $(for s in simulations/*.xml; do echo "$OUT/$(basename "$s" .xml).json"; done) \
    "$OUT"/roster-size-answer-*.csv "$OUT/annex-y-proposed-vs-live.json" \
    "$OUT"/annex-y-holiday-vs-*.json "$OUT"/sweep-*.json 2>/dev/null
ok $?
echo "   report.html: contents, every verdict at a glance, diagrams with findings, SLA charts,"
echo "   cycle times, roles, sizing curves, paired comparisons, glossary; opens from disk, prints on A4"
echo
echo "details in the output folder (results/ for make run): report.html, check.txt, *.txt tables, *.json results, diagrams/, readings/, sweep-*.svg"
} > "$SUM"
cat "$SUM"
[ $fail -eq 0 ] || exit 2
