#!/usr/bin/env node
// Adds up the per-package vitest JSON reports (packages/*/.vitest/results.json and
// examples/*/.vitest/results.json) and prints the closing line CI reads: "N passed, N failed".
// Exits non-zero when any test failed, when a report is missing, or when no test ran at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages', 'examples'];
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
const failures = [];

for (const root of roots) {
  if (!existsSync(root)) continue;
  for (const name of readdirSync(root).sort()) {
    const pkgJson = join(root, name, 'package.json');
    if (!existsSync(pkgJson)) continue;
    const pkg = JSON.parse(readFileSync(pkgJson, 'utf8'));
    if (!pkg.scripts?.test) continue;
    const report = join(root, name, '.vitest', 'results.json');
    if (!existsSync(report)) {
      missing.push(`${root}/${name}`);
      continue;
    }
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    for (const file of r.testResults ?? []) {
      for (const t of file.assertionResults ?? []) {
        if (t.status === 'failed') failures.push(`${root}/${name}: ${t.fullName}`);
      }
      if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) {
        failures.push(`${root}/${name}: ${file.name}: ${String(file.message).split('\n')[0]}`);
        failed += 1;
      }
    }
    console.log(
      `${`${root}/${name}`.padEnd(34)} ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${(r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)} skipped`,
    );
  }
}
for (const f of failures) console.log(`FAILED ${f}`);
for (const m of missing) console.log(`MISSING REPORT ${m} (its tests did not run)`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0);
