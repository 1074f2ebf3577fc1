/**
 * Child process of the prefix-subtraction benchmark, run with plain `node` (type stripping) on the
 * BUILT core (`dist/`), so its first call is a true first call: a fresh V8, nothing of
 * `subtractPrefixes` compiled yet. Reads a job from stdin, times the first call and `warm` further
 * calls of one output form, and prints JSON: times (ms), CIDR count and the SHA-256 of the text
 * (entries joined by newlines; hashed outside the timed spans).
 * Job: { prefixes, addresses, form: 'text' | 'array', warm }.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The built core (what the agent runs), typed by its source. */
type Core = typeof import('../src/index.js');
const { subtractPrefixes, subtractPrefixesText } = (await import(
  new URL('../dist/index.js', import.meta.url).href
)) as Core;

interface Job {
  readonly prefixes: string[];
  readonly addresses: string[];
  readonly form: 'text' | 'array';
  readonly warm: number;
}

const job = JSON.parse(readFileSync(0, 'utf8')) as Job;
const timed = (): { ms: number; out: string | string[] } => {
  const start = performance.now();
  const out =
    job.form === 'text'
      ? subtractPrefixesText(job.prefixes, job.addresses).text
      : subtractPrefixes(job.prefixes, job.addresses);
  return { ms: performance.now() - start, out };
};
const first = timed();
const text = typeof first.out === 'string' ? first.out : first.out.join('\n');
const warmMs: number[] = [];
for (let i = 0; i < job.warm; i += 1) warmMs.push(timed().ms);
process.stdout.write(
  JSON.stringify({
    firstMs: first.ms,
    warmMs,
    count: text === '' ? 0 : text.split('\n').length,
    sha256: createHash('sha256').update(text).digest('hex'),
  }),
);
