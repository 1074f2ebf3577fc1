import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '@meshrr/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../cli/program.js';
import {
  dashboardQueries,
  exposedFamilies,
  familyOf,
  promqlErrors,
  ruleQueries,
  selectedMetrics,
  withoutGrafanaVariables,
} from './monitoringFiles.js';

const files = fileURLToPath(new URL('../../../../examples/helm/meshrr/files/', import.meta.url));
const dashboard = JSON.parse(await readFile(join(files, 'grafana-dashboard.json'), 'utf8')) as {
  uid: string;
  title: string;
  schemaVersion: number;
  templating: { list: Array<{ name: string; type: string }> };
  panels: Array<{
    id: number;
    type: string;
    title: string;
    gridPos: { x: number; y: number; w: number; h: number };
    datasource?: { type: string; uid: string };
    targets?: Array<{ refId: string; expr: string }>;
  }>;
};
const rules = parse(await readFile(join(files, 'prometheus-rules.yaml'), 'utf8')) as {
  groups: Array<{
    name: string;
    rules: Array<{
      alert: string;
      expr: string;
      for?: string;
      labels: Record<string, string>;
      annotations: Record<string, string>;
    }>;
  }>;
};
const queries = [
  ...dashboardQueries(dashboard),
  ...ruleQueries(rules).map((q) => ({ ...q, where: `prometheus-rules.yaml ${q.where}` })),
];

describe('Grafana dashboard (examples/helm/meshrr/files/grafana-dashboard.json)', () => {
  it('is a dashboard Grafana imports: uid, title, schema version, a datasource variable, panels on a 24-column grid', () => {
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(dashboard.title).toBe('meshrr');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating.list.find((v) => v.name === 'datasource')?.type).toBe('datasource');
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels) {
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
      expect(p.gridPos.w * p.gridPos.h, p.title).toBeGreaterThan(0);
      if (p.type === 'row') continue;
      expect(['timeseries', 'stat'], p.title).toContain(p.type);
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      const refIds = (p.targets ?? []).map((t) => t.refId);
      expect(refIds.length, p.title).toBeGreaterThan(0);
      expect(new Set(refIds).size, p.title).toBe(refIds.length);
    }
  });

  it('shows what operators look at: sessions per group and state, clients per RR, commits, held removals, discovery health and latency', () => {
    const titles = dashboard.panels.map((p) => p.title);
    for (const title of [
      'Sessions per group and state',
      'Clients per route reflector',
      'Commits by result',
      'Removals held by the safety guards',
      'Source health per group',
      'Lookup latency',
    ])
      expect(titles).toContain(title);
  });
});

describe('alert rules (examples/helm/meshrr/files/prometheus-rules.yaml)', () => {
  it('are a Prometheus rule file: each alert has an expression, a severity, a summary and a description', () => {
    const alerts = rules.groups.flatMap((g) => g.rules);
    expect(alerts.map((a) => a.alert).sort()).toEqual([
      'MeshrrCommitsFailing',
      'MeshrrConfigDrift',
      'MeshrrDiscoverySourceUnhealthy',
      'MeshrrReconcileErrors',
      'MeshrrRemovalsHeld',
      'MeshrrSessionQuorumLost',
    ]);
    for (const a of alerts) {
      expect(['critical', 'warning'], a.alert).toContain(a.labels['severity']);
      expect(a.annotations['summary'], a.alert).toBeTruthy();
      expect(a.annotations['description'], a.alert).toBeTruthy();
      if (a.for !== undefined) expect(a.for, a.alert).toMatch(/^\d+[smh]$/);
    }
  });
});

describe('every query of the dashboard and the alerts', () => {
  it('is PromQL that parses', () => {
    expect(queries.length).toBeGreaterThan(30);
    const problems = queries.flatMap((q) =>
      promqlErrors(withoutGrafanaVariables(q.expr)).map((e) => `${q.where}: ${e}`),
    );
    expect(problems).toEqual([]);
  });

  describe('selects only metrics a running agent exposes', () => {
    let dir: string;
    let stop: () => Promise<void>;
    let families: Map<string, string>;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'meshrr-monitoring-'));
      await writeFile(join(dir, 'peers.txt'), '10.0.0.2\n10.0.0.3\n');
      await writeFile(
        join(dir, 'meshrr.conf.yml'),
        `asn: "65000"\nbgpgroups:\n- name: MESHRR-MESH\n  type: mesh\n  source:\n    sourcetype: static\n    file: ${join(dir, 'peers.txt')}\n- name: MESHRR-CLIENTS\n  type: subtractive\n  prefixes:\n  - 10.0.0.0/24\nquiescence:\n  min_seconds: 0.05\n  max_seconds: 0.2\ncommit:\n  verify_seconds: 0.05\n`,
      );
      const port = await new Promise<number>((resolve) => {
        const s = createServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as { port: number }).port;
          s.close(() => resolve(p));
        });
      });
      let terminate: ((signal: string) => void) | undefined;
      const running = runCli(
        [
          'run',
          '--config',
          join(dir, 'meshrr.conf.yml'),
          '--dry-run',
          join(dir, 'dry'),
          '--http-port',
          String(port),
          '--drain-seconds',
          '0',
          '--connected-file',
          join(dir, 'connected'),
          '--log-level',
          'warn',
        ],
        {
          env: { POD_IP: '10.0.0.1' },
          stdout: () => undefined,
          stderr: () => undefined,
          onTerminate: (handler) => {
            terminate = handler;
            return () => undefined;
          },
        },
      );
      stop = async () => {
        terminate?.('SIGTERM');
        await running;
      };
      // converged: a commit was confirmed, so every series of a working agent exists
      const body = await eventually(
        async () => {
          const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text().catch(() => '');
          return /^meshrr_commits_total\{result="confirmed"\} [1-9]/m.test(text) ? text : undefined;
        },
        { what: 'a confirmed commit in /metrics', intervalMs: 50 },
      );
      families = exposedFamilies(body);
    });

    afterAll(async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('(every metric name queried is a family in /metrics of a dry-run agent)', () => {
      const missing = queries.flatMap((q) =>
        selectedMetrics(withoutGrafanaVariables(q.expr))
          .filter((name) => familyOf(name, families) === undefined)
          .map((name) => `${q.where}: ${name}`),
      );
      expect(missing).toEqual([]);
      const used = new Set(queries.flatMap((q) => selectedMetrics(withoutGrafanaVariables(q.expr))));
      expect(used.size).toBeGreaterThan(15);
    });

    it('(the check can fail: a name the agent does not expose is reported)', () => {
      expect(familyOf('meshrr_no_such_metric_total', families)).toBeUndefined();
      expect(familyOf('meshrr_reconcile_duration_seconds_bucket', families)).toBe('meshrr_reconcile_duration_seconds');
      expect(selectedMetrics('sum(rate(a_total[5m])) / on(x) b')).toEqual(['a_total', 'b']);
    });
  });
});
