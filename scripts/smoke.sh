#!/usr/bin/env bash
# Plain-Node smoke run of the built output (no tsx, no vitest): catches ESM/CJS interop faults that
# only show at run time, and proves every command of the built CLI works on the quickstart config,
# including a real SIGTERM to a running sidecar (graceful shutdown, exit 0).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$out"' EXIT
MESHRR=(node packages/agent/dist/main.js)
CFG=examples/quickstart/meshrr.conf.yml
export POD_IP=10.42.0.11

"${MESHRR[@]}" --help >/dev/null
"${MESHRR[@]}" validate --config "$CFG"
"${MESHRR[@]}" discover --config "$CFG" --output json | grep -q '"10.0.0.4"'
"${MESHRR[@]}" discover --config "$CFG" -o yaml | grep -q -- '- 10.0.0.4'
# plan exits 3 when the device would change (the empty dry-run device always would)
plan_exit() { local code=0; "${MESHRR[@]}" plan "$@" >"$out/plan.txt" || code=$?; [ "$code" = 3 ]; }
plan_exit --config "$CFG" --dry-run "$out/plan"
grep -q 'set groups MESHRR protocols bgp group MESHRR-MESH neighbor 10.42.0.12' "$out/plan.txt"
plan_exit --platform frr --config "$CFG" --dry-run "$out/plan"
grep -q 'neighbor 10.42.0.12 peer-group MESHRR-MESH' "$out/plan.txt"
# a platform plugin loaded from plugins: by the bundled agent (which shares its @meshrr/core and inversify)
printf '%s\n' 'asn: "65000"' 'plugins: [meshrr-platform-bird]' 'bgpgroups:' \
  '- {name: MESH, type: mesh, source: {sourcetype: static, addresses: [10.42.0.12]}}' \
  '- {name: CLIENTS, type: subtractive, prefixes: [10.42.0.0/24]}' >"$out/bird.conf.yml"
plan_exit --platform bird --config "$out/bird.conf.yml" --dry-run "$out/plan-bird"
grep -q "protocol bgp 'MESH:10.42.0.12' from meshrr_session {" "$out/plan.txt"
grep -q 'neighbor range 10.42.0.0/29 internal;' "$out/plan.txt"
if "${MESHRR[@]}" validate --load-plugins --platform bird --config "$out/bird.conf.yml" --platform-option hold_time_seconds=1 \
  >"$out/validate.txt" 2>&1; then exit 1; fi
grep -q -- '--platform-option hold_time_seconds: must be 0 or 3–65535' "$out/validate.txt"
"${MESHRR[@]}" completion bash | bash -n
LICENSE_KEY=SMOKE-LICENSE "${MESHRR[@]}" init --config "$CFG" --out "$out/juniper.conf" --ssh-key "$out/ssh/id_ed25519" 2>/dev/null
grep -q 'router-id 10.42.0.11;' "$out/juniper.conf"
LICENSE_KEY=SMOKE-LICENSE "${MESHRR[@]}" render --config "$CFG" --ssh-key "$out/ssh/id_ed25519" | grep -q 'ssh-ed25519'

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
"${MESHRR[@]}" run --config "$CFG" --dry-run "$out/run" --http-port "$port" --http-host 127.0.0.1 \
  --drain-seconds 1 --connected-file "$out/connected" --log-level warn &
pid=$!
for _ in $(seq 1 100); do [ -f "$out/run/managed-state.json" ] && break; sleep 0.1; done
node -e "fetch('http://127.0.0.1:$port/healthz').then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"
kill -TERM "$pid"
wait "$pid"; code=$?
pid=""
[ "$code" = 0 ]
grep -rq 'graceful-shutdown sender' "$out/run/changes"
echo "smoke: built agent: help, validate, discover (json, yaml), plan (junos, frr, bird from plugins:; exit 3), completion, init, render, run + SIGTERM drain (exit 0) under plain Node"
