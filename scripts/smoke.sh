#!/usr/bin/env bash
# Plain-Node smoke run of the built output (no tsx, no vitest): catches ESM/CJS interop faults that
# only show at run time, and proves the built CLI does meshrr's job on the quickstart config.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
node packages/agent/dist/main.js --help >/dev/null
POD_IP=10.42.0.11 node packages/agent/dist/main.js validate --config examples/quickstart/meshrr.conf.yml
POD_IP=10.42.0.11 node packages/agent/dist/main.js plan --config examples/quickstart/meshrr.conf.yml --dry-run "$out" > "$out/plan.txt"
grep -q 'set groups MESHRR protocols bgp group MESHRR-MESH neighbor 10.42.0.12' "$out/plan.txt"
POD_IP=10.42.0.11 node packages/agent/dist/main.js plan --platform frr --config examples/quickstart/meshrr.conf.yml --dry-run "$out" > "$out/plan-frr.txt"
grep -q 'neighbor 10.42.0.12 peer-group MESHRR-MESH' "$out/plan-frr.txt"
echo "smoke: built agent validates and plans the quickstart for Junos and FRR under plain Node"
