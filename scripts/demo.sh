#!/usr/bin/env bash
# meshrr's main job on an embedded default, from a fresh machine:
#   as root (network namespaces, BGP): the 2regions-hrr hierarchy for real — FRR route reflectors
#   and clients in network namespaces, a real DNS server as the headless Services, one meshrr agent
#   per route reflector — then a core RR replaced like a deleted pod, then everything removed;
#   otherwise: meshrr's default layout against a dry-run device (what it would push, in .demo/).
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
MESHRR="node packages/agent/dist/main.js"

if [ "$(id -u)" = 0 ]; then bash scripts/setup-system.sh; fi
source scripts/node-env.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npx nx run-many -t build --outputStyle=static >/dev/null
mkdir -p .demo

if [ "$(id -u)" = 0 ] && [ -x /usr/lib/frr/bgpd ] && [ -x /usr/sbin/named ]; then
  STATE=.demo/lab
  trap '$MESHRR lab down --state-dir "$STATE" || true' EXIT
  $MESHRR lab down --state-dir "$STATE" >/dev/null 2>&1 || true
  echo "== meshrr lab up examples/lab/2regions-hrr/topology.yml"
  $MESHRR lab up examples/lab/2regions-hrr/topology.yml --state-dir "$STATE" --wait 90
  first=$($MESHRR lab status --state-dir "$STATE" --output json | node -e 'const s=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log(s.routers.find(r=>r.group==="core").name)')
  echo "== meshrr lab replace $first   (like deleting a core pod)"
  start=$(date +%s%N)
  $MESHRR lab replace "$first" --state-dir "$STATE"
  # converged = every session Established and every untagged client prefix seen on every other router
  converged='const s=JSON.parse(require("fs").readFileSync(0,"utf8"));
    const up=s.routers.every(r=>r.sessions.length>0&&r.sessions.every(x=>x.state==="Established"));
    const spread=s.prefixes.filter(p=>p.communities.length===0).every(p=>p.seenAt.length===s.routers.length-1);
    process.exit(up&&spread?0:1)'
  ok=0
  for _ in $(seq 1 600); do
    if $MESHRR lab status --state-dir "$STATE" --output json | node -e "$converged"; then ok=1; break; fi
    sleep 0.1
  done
  if [ "$ok" != 1 ]; then
    echo "NOT converged after the replacement (600 status checks):" >&2
    $MESHRR lab status --state-dir "$STATE" >&2
    exit 1
  fi
  echo "converged again (sessions Established, routes everywhere) $(( ($(date +%s%N) - start) / 1000000 )) ms after the replacement started"
  $MESHRR lab status --state-dir "$STATE"
else
  echo "not root, or FRR/bind9 missing: running meshrr's default layout against a dry-run device"
  export POD_IP=10.42.0.11
  rm -rf .demo/dry-run
  $MESHRR plan --config examples/quickstart/meshrr.conf.yml --dry-run .demo/dry-run || [ $? = 3 ]   # 3: changes pending
  $MESHRR run --config examples/quickstart/meshrr.conf.yml --dry-run .demo/dry-run --drain-seconds 1 --log-level warn &
  pid=$!
  sleep 3
  kill -TERM "$pid"; wait "$pid"
  echo "== what meshrr pushed (.demo/dry-run/changes):"
  for f in .demo/dry-run/changes/*.txt; do echo "-- $f"; cat "$f"; done
fi
