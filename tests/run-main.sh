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
    awk -v n="$n" '/^SLA /{on=1; next} on && NF==0 {exit}
        on {printf "   %-27s %-22s %s %s %s  target %s  %s\n", n, $1, $2, $3, $4, $5, $6}' "$OUT/$n.txt"
done
echo
echo "== size: how many people on the emergency roster? (12-hour change SLA and owner-in-1h)"
for p in 0.6 0.5 0.4; do
    "$BIN" size simulations/annex-x-baseline.xml --roster oncall=1..8 --delta 0.005 \
        --set roster.oncall.answer=$p --set roster.oncall.backup-answer=$p \
        --force -o "$OUT/roster-size-answer-$p.csv" > "$OUT/roster-size-answer-$p.txt" 2>/dev/null
    ok $?
    echo "   answer probability $p per call: $(grep -E '^(smallest|no staffing)' \
        "$OUT/roster-size-answer-$p.txt" | cut -c1-160)"
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
