import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actions, blockProblems, readChart, undocumentedKeys } from './chartFiles.js';

const CHART_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'meshrr');
const chart = readChart(CHART_DIR);
const values = parse(chart.values) as Record<string, unknown>;
const defaults = values['instanceDefaults'] as Record<string, unknown>;
const allTemplates = [...chart.templates.values()].join('\n');

function has(root: unknown, path: string[]): boolean {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

const instanceSets: [string, Record<string, unknown>[]][] = [
  ['values.yaml', values['instances'] as Record<string, unknown>[]],
  ...[...chart.ciValues].map(([name, text]): [string, Record<string, unknown>[]] => [
    `ci/${name}`,
    (parse(text) as { instances?: Record<string, unknown>[] }).instances ??
      (values['instances'] as Record<string, unknown>[]),
  ]),
];

describe('Helm chart meshrr', () => {
  it('Chart.yaml is a v2 application chart whose appVersion is the agent image tag', () => {
    expect(parse(chart.chart)).toMatchObject({
      apiVersion: 'v2',
      name: 'meshrr',
      type: 'application',
      version: '0.1.0',
      appVersion: '0.1.0',
    });
  });

  it('has a template for each object kind', () => {
    expect([...chart.templates.keys()]).toEqual([
      'NOTES.txt',
      '_helpers.tpl',
      '_pod.tpl',
      '_podFrr.tpl',
      'configmap.yaml',
      'monitoring.yaml',
      'networkpolicy.yaml',
      'pdb.yaml',
      'rbac.yaml',
      'service.yaml',
      'serviceaccount.yaml',
      'workload.yaml',
    ]);
    const kinds = [...allTemplates.matchAll(/^kind: (\w+)/gm)].map((m) => m[1]).sort();
    expect(kinds).toEqual([
      'ConfigMap',
      'ConfigMap',
      'ConfigMap',
      'ConfigMap',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'PodMonitor',
      'PrometheusRule',
      'Role',
      'RoleBinding',
      'Service',
      'Service',
      'ServiceAccount',
      'ServiceMonitor',
    ]);
    expect(chart.templates.get('workload.yaml')).toContain('kind: {{ $inst.kind }}');
  });

  it.each([...chart.templates].map(([name, text]) => [name, text] as const))(
    '%s: blocks are balanced',
    (_name, text) => {
      expect(blockProblems(text)).toEqual([]);
    },
  );

  it('every included template is defined', () => {
    const defined = new Set(actions(allTemplates).flatMap((a) => /^define "([^"]+)"/.exec(a)?.[1] ?? []));
    const included = new Set([...allTemplates.matchAll(/include "([^"]+)"/g)].map((m) => m[1]));
    expect([...included].filter((name) => name !== undefined && !defined.has(name))).toEqual([]);
    expect(defined.size).toBeGreaterThanOrEqual(9);
  });

  it('every .Values path the templates use exists in values.yaml', () => {
    const paths = new Set(
      [...allTemplates.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => (m[1] ?? '').slice(1)),
    );
    expect([...paths].filter((p) => !has(values, p.split('.')))).toEqual([]);
    expect(paths.size).toBeGreaterThanOrEqual(15);
  });

  it('every instance field the templates read is a documented instanceDefaults key', () => {
    const fields = new Set(
      [...allTemplates.matchAll(/\$inst((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => (m[1] ?? '').slice(1)),
    );
    const unknown = [...fields].filter((f) => f !== 'name' && !has(defaults, f.split('.')));
    expect(unknown).toEqual([]);
  });

  it('every values key has a comment (resources and securityContext are documented as a whole)', () => {
    expect(
      undocumentedKeys(chart.values, [
        'frr.agentSecurityContext',
        'frr.securityContext',
        'frr.seedSecurityContext',
        'crpd.securityContext',
        'agent.resources',
        'agent.securityContext',
        'instances',
      ]),
    ).toEqual([]);
  });

  it.each(instanceSets)(
    '%s: instances use only known keys, valid kinds, and meshrr.conf.yml that loads',
    (_file, instances) => {
      expect(instances.length).toBeGreaterThan(0);
      const names = new Set<unknown>();
      for (const instance of instances) {
        expect(Object.keys(instance).filter((k) => k !== 'name' && !(k in defaults))).toEqual([]);
        expect(['Deployment', 'StatefulSet', 'DaemonSet']).toContain(instance['kind'] ?? defaults['kind']);
        expect(names.has(instance['name'])).toBe(false);
        names.add(instance['name']);
        const mode = (instance['mode'] as string | undefined) ?? '';
        const result = loadConfig(
          { text: instance['config'] as string, origin: `instance ${String(instance['name'])}` },
          { POD_IP: '10.42.0.10', ...(mode ? { MESHRR_MODE: mode } : {}) },
        );
        if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
        expect(result.warnings).toEqual([]);
      }
    },
  );

  it('grants RBAC only when a config uses sourcetype kubernetes, and only EndpointSlice reads', () => {
    const helpers = chart.templates.get('_helpers.tpl') ?? '';
    expect(helpers).toContain('regexMatch "sourcetype:\\\\s*[\\"\']?kubernetes"');
    const rbac = chart.templates.get('rbac.yaml') ?? '';
    expect(
      rbac.startsWith('{{- if and .Values.rbac.create (ne (include "meshrr.usesKubernetesDiscovery" .) "") }}'),
    ).toBe(true);
    expect(rbac).toContain('resources: ["endpointslices"]');
    expect(rbac).toContain('verbs: ["get", "list", "watch"]');
    expect(rbac).not.toContain('ClusterRole');
    expect(chart.ciValues.get('discovery-k8s-values.yaml')).toMatch(/sourcetype: kubernetes/);
  });

  it('the pod keeps the agent contract: meshrr paths, probes, graceful shutdown', () => {
    const pod = chart.templates.get('_pod.tpl') ?? '';
    for (const needle of [
      'args: ["init"]',
      '- sidecar',
      'mountPath: /secret/ssh/',
      'mountPath: /config/',
      'mountPath: /opt/meshrr/conf\n',
      'path: /readyz',
      'path: /healthz',
      'command: ["cat", "/tmp/connected-to-crpd"]',
      'name: LICENSE_KEY',
      'preStop:',
      'terminationGracePeriodSeconds:',
    ]) {
      expect(pod, needle).toContain(needle);
    }
    // The ConfigMap is mounted as a directory (live reload): the kubelet never updates a subPath mount.
    for (const name of ['_pod.tpl', '_podFrr.tpl'])
      expect(chart.templates.get(name), name).not.toMatch(/^\s*subPath:/m);
    const preStop = (values['crpd'] as { preStopSleepSeconds: number }).preStopSleepSeconds;
    expect(values['terminationGracePeriodSeconds']).toBeGreaterThan(preStop);
    expect(preStop).toBeGreaterThanOrEqual((values['agent'] as { drainSeconds: number }).drainSeconds);
    expect(pod).toContain('- --drain-seconds');
  });
});
