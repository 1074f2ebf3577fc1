#!/usr/bin/env bash
# The test command (README, `npm test`, CI): build, typecheck and every project's tests through Nx,
# then the closing line "N passed, N failed" summed over all projects. Exit code non-zero when any
# task or test failed. Extra arguments go to `nx run-many` (e.g. --projects=@meshrr/core).
set -uo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
rm -rf packages/*/.vitest examples/*/.vitest
npx nx run-many -t build typecheck test --outputStyle=static --parallel=2 --nxBail=false "$@"
nx_status=$?
node scripts/test-summary.mjs
summary_status=$?
if [ "$nx_status" != 0 ]; then echo "some Nx task failed (exit $nx_status)"; exit "$nx_status"; fi
exit "$summary_status"
