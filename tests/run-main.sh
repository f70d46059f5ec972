#!/bin/sh
# make run: the main job on the shipped models and scenarios.
#
#   sh tests/run-main.sh [FLOWMC] [OUT]
#
# Checks every model, draws each with its findings, simulates every
# scenario, sizes the emergency roster, compares the proposed Annex Y with
# the live procedure, writes everything under OUT (default results/) and
# prints one screen, also kept as OUT/summary.txt.  Every file it writes is
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
        on == 1 {printf "   %-27s %-22s %s %s %s  target %s  %s\n", n, $1, $2, $3, $4, $5, $6}
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
grep -E "^(paired: |sla\.closed|cycle\.Process_Y_ComplaintResolution\.(mean|p99) |level\.(ombudsman|csc|irp|gap-csc-declines)\.)" \
    "$OUT/annex-y-proposed-vs-live.txt" | cut -c1-150 | sed 's/^/   /'
echo
echo "details in the output folder (results/ for make run): check.txt, *.txt tables, *.json results, diagrams/"
} > "$SUM"
cat "$SUM"
[ $fail -eq 0 ] || exit 2
