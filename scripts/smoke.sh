#!/usr/bin/env bash
# Plain-Node smoke run of built output (no tsx, no vitest): catches ESM/CJS interop faults that
# only show at run time (e.g. named imports from CommonJS packages).
set -euo pipefail
cd "$(dirname "$0")/.."
node --input-type=module -e "
const core = await import('./packages/core/dist/index.js');
const cfg = core.loadConfig(undefined, {});
if (!cfg.ok) { console.error(cfg.errors); process.exit(1); }
console.log('smoke: core loads; embedded default has', cfg.config.groups.length, 'groups');
"
if [ -f packages/agent/dist/main.js ]; then node packages/agent/dist/main.js --help >/dev/null && echo "smoke: agent --help ok"; fi
