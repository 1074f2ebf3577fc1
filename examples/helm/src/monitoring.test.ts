import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));
const RULES = join(HERE, '..', 'meshrr', 'files', 'prometheus-rules.yaml');
const PROMTOOL = '/usr/bin/promtool';
const required = process.env['MESHRR_REQUIRE_REAL_SERVERS'] === '1';

/**
 * The alert rules checked by Prometheus's own promtool (Debian package prometheus): syntax and
 * PromQL (`check rules`), and unit tests that fire every alert on synthetic series and keep it quiet
 * on healthy ones (`test rules`, src/promtool/alerts.test.yaml).
 */
describe.runIf(existsSync(PROMTOOL) || required)('alert rules under promtool', () => {
  it('promtool check rules: the file and every expression are valid', () => {
    const out = execFileSync(PROMTOOL, ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(out).toContain('SUCCESS: 6 rules found');
  });

  it('promtool test rules: each alert fires when it should, with its labels and annotations, and not otherwise', () => {
    const out = execFileSync(PROMTOOL, ['test', 'rules', join(HERE, 'promtool', 'alerts.test.yaml')], {
      encoding: 'utf8',
    });
    expect(out).toContain('SUCCESS');
  });
});
