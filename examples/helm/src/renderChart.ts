import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);

/** Debian's Go toolchain and the sprig v3 sources (golang-go, golang-github-masterminds-sprig-dev). */
export const GO = '/usr/bin/go';
const GOPATH = '/usr/share/gocode';

/** True when the renderer can be built here (Go and sprig from Debian). */
export function canBuildRenderer(): boolean {
  return existsSync(GO) && existsSync(join(GOPATH, 'src', 'github.com', 'Masterminds', 'sprig'));
}

/**
 * Builds renderer/main.go (Go's text/template + sprig + helm's functions) offline from Debian's Go
 * sources, into a temporary directory. Returns the binary's path.
 */
export async function buildRenderer(rendererDir: string): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'meshrr-render-')), 'meshrr-chart-render');
  await run(GO, ['build', '-o', out, '.'], {
    cwd: rendererDir,
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '', GOPROXY: 'off', CGO_ENABLED: '0' },
  });
  return out;
}

/** A rendered Kubernetes object. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly [key: string]: unknown;
}

/** `helm template`-style rendering of the chart with extra values files; the objects it yields. */
export async function renderChart(
  binary: string,
  chartDir: string,
  valueFiles: readonly string[],
): Promise<K8sObject[]> {
  const { stdout } = await run(binary, [chartDir, 'rel', 'meshrr', ...valueFiles], { maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(stdout)
    .map((doc) => {
      if (doc.errors.length > 0)
        throw new Error(`rendered YAML does not parse: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

/** The error message of a rendering that fails (undefined when it succeeds). */
export async function renderError(
  binary: string,
  chartDir: string,
  valueFiles: readonly string[],
): Promise<string | undefined> {
  try {
    await run(binary, [chartDir, 'rel', 'meshrr', ...valueFiles]);
    return undefined;
  } catch (error) {
    return (error as { stderr?: string }).stderr ?? String(error);
  }
}
