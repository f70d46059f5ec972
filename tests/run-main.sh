#!/bin/sh
# make run: the main job on the shipped models.
set -e
BIN=${1:-bin/flowmc}
for m in models/*.bpmn; do
    [ -e "$m" ] || continue
    "$BIN" info "$m"
done
