#!/usr/bin/env node
// Runs every workspace package's `bench` script in turn (benchmarks are never part of the tests).
// `npm run bench` builds first so benchmarks that run built output are current.
// Usage: npm run bench [-- <package-name-substring> ...]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const filters = process.argv.slice(2);
execFileSync('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], { stdio: 'inherit' });
let failed = 0;
for (const root of ['packages', 'examples']) {
  if (!existsSync(root)) continue;
  for (const dir of readdirSync(root).sort()) {
    const pkgPath = join(root, dir, 'package.json');
    if (!existsSync(pkgPath)) continue;
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
    if (!pkg.scripts?.bench) continue;
    if (filters.length > 0 && !filters.some((f) => pkg.name.includes(f))) continue;
    console.log(`\n=== ${pkg.name} ===`);
    const r = spawnSync('npm', ['run', '--silent', 'bench', '-w', pkg.name], { stdio: 'inherit' });
    if (r.status !== 0) {
      failed += 1;
      console.log(`bench of ${pkg.name} exited with ${r.status}`);
    }
  }
}
process.exit(failed > 0 ? 1 : 0);
