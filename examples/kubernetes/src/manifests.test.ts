import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig, staticOptionsSchema } from '@meshrr/core';
import { get, list, manifestFiles, parseManifests, type Manifest } from './manifests.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const USE_CASES = [
  'default',
  '2regions-hrr',
  '3clientgroups',
  'load-balanced-route-servers',
  'discovery-k8s',
  'discovery-consul',
  'frr',
];
const IMAGE = 'ghcr.io/meshrr-ts/meshrr:0.1.0';
/** Every container of an FRR pod: the agent plus FRR, so the sidecar's vtysh matches the daemons. */
const FRR_IMAGE = 'ghcr.io/meshrr-ts/meshrr-frr:0.1.0';
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const ENV = { POD_IP: '10.42.0.10' };

const manifests: Manifest[] = manifestFiles(ROOT).flatMap((file) => parseManifests(ROOT, file));
const workloads = manifests.filter((m) => WORKLOADS.has(m.kind));
const confMaps = manifests.filter(
  (m) => m.kind === 'ConfigMap' && typeof get(m.body, 'data', 'meshrr.conf.yml') === 'string',
);

function container(workload: Manifest, name: string, init = false): Record<string, unknown> | undefined {
  return list(workload.body, 'spec', 'template', 'spec', init ? 'initContainers' : 'containers').find(
    (c) => c['name'] === name,
  );
}

function envValue(c: Record<string, unknown> | undefined, name: string): string | undefined {
  const entry = list(c, 'env').find((e) => e['name'] === name);
  return typeof entry?.['value'] === 'string' ? entry['value'] : undefined;
}

/**
 * The ConfigMaps of a workload's `meshrr-conf` volume (a configMap volume, or a projected one
 * gathering meshrr.conf.yml and a template), by the file each provides.
 */
function confVolume(workload: Manifest): Map<string, string> {
  const volume = list(workload.body, 'spec', 'template', 'spec', 'volumes').find((v) => v['name'] === 'meshrr-conf');
  const maps = [get(volume, 'configMap'), ...list(volume, 'projected', 'sources').map((s) => s['configMap'])];
  const byFile = new Map<string, string>();
  for (const map of maps)
    for (const item of list(map, 'items'))
      if (typeof item['path'] === 'string') byFile.set(item['path'], get(map, 'name') as string);
  return byFile;
}

/** The ConfigMap name mounted as meshrr.conf.yml by a workload. */
function confMapOf(workload: Manifest): string | undefined {
  return confVolume(workload).get('meshrr.conf.yml');
}

/** Every ConfigMap name a pod's volumes reference (configMap and projected volumes). */
function configMapsOf(pod: unknown): string[] {
  return list(pod, 'volumes').flatMap((volume) =>
    [
      get(volume, 'configMap', 'name'),
      ...list(volume, 'projected', 'sources').map((s) => get(s, 'configMap', 'name')),
    ].filter((name): name is string => typeof name === 'string'),
  );
}

describe('examples/kubernetes', () => {
  it('has every use case, each with a README and manifests', () => {
    for (const useCase of USE_CASES) {
      expect(existsSync(join(ROOT, useCase, 'README.md')), `${useCase}/README.md`).toBe(true);
      expect(
        manifests.some((m) => m.useCase === useCase),
        `${useCase} manifests`,
      ).toBe(true);
    }
    expect(workloads.length).toBeGreaterThanOrEqual(USE_CASES.length);
  });

  it.each(confMaps.map((m) => [`${m.file} ${m.name}`, m] as const))(
    '%s: meshrr.conf.yml loads with loadConfig, without warnings',
    (_label, m) => {
      const users = workloads.filter((w) => w.useCase === m.useCase && confMapOf(w) === m.name);
      const modes = new Set(users.map((w) => envValue(container(w, 'meshrr'), 'MESHRR_MODE')));
      for (const mode of modes.size > 0 ? modes : new Set([undefined])) {
        const env = mode === undefined ? ENV : { ...ENV, MESHRR_MODE: mode };
        const result = loadConfig(
          { text: get(m.body, 'data', 'meshrr.conf.yml') as string, origin: `${m.file}:${m.name}` },
          env,
        );
        if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
        expect(result.warnings).toEqual([]);
        for (const group of result.config.groups) {
          if (group.kind !== 'mesh' || group.source.sourcetype !== 'static') continue;
          const parsed = staticOptionsSchema.safeParse(group.source.options);
          expect(parsed.success, `${m.file} ${group.name} static options`).toBe(true);
        }
      }
    },
  );

  it('every mesh group with a short DNS hostname has a Service of that name in its use case', () => {
    for (const m of confMaps) {
      const result = loadConfig({ text: get(m.body, 'data', 'meshrr.conf.yml') as string, origin: m.file }, ENV);
      if (!result.ok) continue;
      for (const group of result.config.groups) {
        if (group.kind !== 'mesh' || !['dns', 'kubernetes'].includes(group.source.sourcetype)) continue;
        const name = (group.source.options['hostname'] ?? group.source.options['service']) as string;
        if (name.includes('.')) continue;
        const service = manifests.find((s) => s.useCase === m.useCase && s.kind === 'Service' && s.name === name);
        expect(service, `${m.file}: ${group.name} needs Service ${name}`).toBeDefined();
        expect(get(service?.body, 'spec', 'clusterIP'), `${name} is headless`).toBe('None');
      }
    }
  });

  it.each(workloads.map((w) => [`${w.file} ${w.kind}/${w.name}`, w] as const))(
    '%s follows the agent contract',
    (_label, w) => {
      const pod = get(w.body, 'spec', 'template', 'spec');
      const sidecar = container(w, 'meshrr');
      const frr = (sidecar?.['args'] as string[]).join(' ').includes('--platform frr');
      expect(sidecar?.['image']).toBe(frr ? FRR_IMAGE : IMAGE);
      if (frr)
        for (const c of [...list(pod, 'initContainers'), ...list(pod, 'containers')])
          expect([c['name'], c['image']]).toEqual([c['name'], FRR_IMAGE]);
      expect((sidecar?.['args'] as string[])[0]).toBe('sidecar');
      expect(get(sidecar, 'readinessProbe', 'httpGet', 'path')).toBe('/readyz');
      expect(get(sidecar, 'livenessProbe', 'httpGet', 'path')).toBe('/healthz');
      expect(get(sidecar, 'startupProbe', 'exec', 'command')).toEqual(['cat', '/tmp/connected-to-crpd']);
      expect(get(w.body, 'spec', 'template', 'metadata', 'annotations', 'prometheus.io/scrape')).toBe('true');
      expect(get(pod, 'terminationGracePeriodSeconds')).toBeGreaterThanOrEqual(45);
      // The ConfigMap is mounted as a directory: the kubelet never updates a subPath mount, so live
      // reload (docs/kubernetes.md#live-configuration) needs the directory.
      const mounts = list(sidecar, 'volumeMounts');
      expect(mounts.find((v) => v['name'] === 'meshrr-conf')).toEqual({
        name: 'meshrr-conf',
        mountPath: '/opt/meshrr/conf',
        readOnly: true,
      });
      for (const c of [...list(pod, 'containers'), ...list(pod, 'initContainers')])
        for (const m of list(c, 'volumeMounts'))
          expect(m['subPath'], `${String(c['name'])} mounts ${String(m['name'])} without subPath`).toBeUndefined();
      expect(
        confMaps.some((c) => c.useCase === w.useCase && c.name === confMapOf(w)),
        `ConfigMap ${confMapOf(w)} exists`,
      ).toBe(true);
      const init = container(w, 'meshrr-init', true);
      if (init !== undefined) {
        expect(init['args']).toEqual(['init']);
        expect(get(init, 'securityContext', 'runAsUser')).toBe(10001);
        expect(list(init, 'volumeMounts').map((v) => v['mountPath'])).toEqual(
          expect.arrayContaining(['/secret/ssh/', '/config/', '/opt/meshrr/conf']),
        );
        expect(get(sidecar, 'securityContext', 'runAsUser')).toBe(10001);
      }
      for (const name of configMapsOf(pod))
        expect(
          manifests.some((c) => c.kind === 'ConfigMap' && c.name === name && c.useCase === w.useCase),
          `ConfigMap ${name}`,
        ).toBe(true);
    },
  );

  it('custom templates name only groups of the meshrr.conf.yml mounted beside them, with the right type (B27)', () => {
    let checked = 0;
    for (const w of workloads) {
      const templateMap = confVolume(w).get('juniper.conf.j2');
      if (typeof templateMap !== 'string') continue;
      const template = get(
        manifests.find((m) => m.kind === 'ConfigMap' && m.name === templateMap && m.useCase === w.useCase)?.body,
        'data',
        'juniper.conf.j2',
      ) as string;
      const conf = confMaps.find((c) => c.useCase === w.useCase && c.name === confMapOf(w));
      const result = loadConfig({ text: get(conf?.body, 'data', 'meshrr.conf.yml') as string, origin: 'conf' }, ENV);
      if (!result.ok) throw new Error(`${w.name}: config does not load`);
      const groups = new Map(result.config.groups.map((g) => [g.name, g.kind]));
      const references = [...template.matchAll(/bgpgroups_(mesh|subtractive)\['([^']+)'\]/g)].map(
        (m) => [m[2], m[1]] as const,
      );
      expect(references.length, `${templateMap} references groups`).toBeGreaterThan(0);
      for (const [name, kind] of references)
        expect(groups.get(name ?? ''), `${templateMap}: ${kind} group ${name}`).toBe(kind);
      expect(template, `${templateMap}: "type internal" without ";" (B5)`).not.toMatch(/type internal\s*\n/);
      // A printed undefined value is a render error; static groups have no source.hostname.
      const unguarded = template.replace(/\{% if (\S+) is defined %\}[\s\S]*?\{% endif %\}/g, '');
      expect(unguarded, `${templateMap}: source.hostname printed without "is defined"`).not.toMatch(
        /\{\{[^}]*source\.hostname[^}]*\}\}/,
      );
      checked += 1;
    }
    expect(checked).toBe(6);
  });

  it('the static alternative of 3clientgroups keeps the group names and types of the DNS configuration', () => {
    const configs = confMaps.filter((m) => m.useCase === '3clientgroups' && m.name === 'meshrr-3clientgroups-conf');
    expect(configs.map((m) => m.file)).toEqual([
      '3clientgroups/meshrr-3clientgroups.yaml',
      '3clientgroups/static-alternative.yaml',
    ]);
    const shapes = configs.map((m) => {
      const result = loadConfig({ text: get(m.body, 'data', 'meshrr.conf.yml') as string, origin: m.file }, ENV);
      return result.ok ? result.config.groups.map((g) => `${g.kind}:${g.name}`) : [];
    });
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[0]).toHaveLength(4);
  });

  it('every agent keeps its removal budget window in --state-dir on an emptyDir (survives agent restarts; issue 11 item 4)', () => {
    for (const w of workloads) {
      const agent = container(w, 'meshrr');
      const args = get(agent, 'args') as string[];
      const at = args.indexOf('--state-dir');
      expect(at, `${w.file} ${w.name}: --state-dir`).toBeGreaterThan(0);
      const mount = list(agent, 'volumeMounts').find((m) => m['mountPath'] === args[at + 1]);
      const volume = list(w.body, 'spec', 'template', 'spec', 'volumes').find((v) => v['name'] === mount?.['name']);
      expect(get(volume, 'emptyDir'), `${w.file} ${w.name}: ${args[at + 1]} on an emptyDir`).toBeDefined();
    }
  });

  it('the routing daemon outlives the drain: preStop sleep ≥ --drain-seconds, and shorter than the grace period', () => {
    for (const w of workloads) {
      const daemon = container(w, 'crpd') ?? container(w, 'frr');
      const sleep = Number((get(daemon, 'lifecycle', 'preStop', 'exec', 'command') as string[] | undefined)?.[1]);
      const args = get(container(w, 'meshrr'), 'args') as string[];
      const drainAt = args.indexOf('--drain-seconds');
      const drain = drainAt < 0 ? 20 : Number(args[drainAt + 1]);
      expect(sleep, `${w.name} preStop covers the agent's drain`).toBeGreaterThanOrEqual(drain);
      expect(get(w.body, 'spec', 'template', 'spec', 'terminationGracePeriodSeconds'), w.name).toBeGreaterThan(
        sleep + 10,
      );
    }
  });

  it.each(workloads.map((w) => [`${w.file} ${w.kind}/${w.name}`, w] as const))(
    '%s: no container is privileged, every one drops ALL capabilities and says why it adds any (issue 11 item 12)',
    (_label, w) => {
      const pod = get(w.body, 'spec', 'template', 'spec');
      const all = [...list(pod, 'initContainers'), ...list(pod, 'containers')];
      expect(all.length).toBeGreaterThan(0);
      for (const c of all) {
        const name = `${w.name}/${String(c['name'])}`;
        expect(get(c, 'securityContext', 'privileged'), `${name} privileged`).not.toBe(true);
        expect(get(c, 'securityContext', 'capabilities', 'drop'), `${name} drops ALL`).toEqual(['ALL']);
        expect(get(c, 'securityContext', 'allowPrivilegeEscalation'), `${name} escalation`).not.toBe(true);
      }
      const text = readFileSync(join(ROOT, w.file), 'utf8');
      for (const line of text.split('\n').filter((l) => /^\s*- [A-Z_]+\s*(#|$)/.test(l) && !l.includes(':')))
        expect(line, `${w.file}: every added capability has its reason`).toMatch(/ # \S/);
    },
  );

  it('a NetworkPolicy example admits only BGP (179) and the metrics/health port to the reflectors', () => {
    const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
    expect(policies.map((p) => p.file)).toEqual(['default/networkpolicy.yaml']);
    const ports = list(policies[0]!.body, 'spec', 'ingress').flatMap((rule) =>
      list(rule, 'ports').map((p) => p['port']),
    );
    expect(ports).toEqual([179, 9090]);
    const selector = get(policies[0]!.body, 'spec', 'podSelector', 'matchLabels') as Record<string, string>;
    const target = workloads.find((w) => w.useCase === 'default')!;
    expect(get(target.body, 'spec', 'template', 'metadata', 'labels')).toMatchObject(selector);
  });

  it('workload selectors match their pod labels and never overlap another workload of the use case', () => {
    for (const w of workloads) {
      const selector = get(w.body, 'spec', 'selector', 'matchLabels') as Record<string, string>;
      const labels = get(w.body, 'spec', 'template', 'metadata', 'labels') as Record<string, string>;
      expect(labels, `${w.file} ${w.name}`).toMatchObject(selector);
      for (const other of workloads.filter((o) => o !== w && o.useCase === w.useCase)) {
        const otherLabels = get(other.body, 'spec', 'template', 'metadata', 'labels') as Record<string, string>;
        const overlaps = Object.entries(selector).every(([k, v]) => otherLabels[k] === v);
        expect(overlaps, `${w.name}'s selector also selects ${other.name}'s pods`).toBe(false);
      }
    }
  });

  it('no example uses the deprecated core/v1 Endpoints; EndpointSlices name an existing Service', () => {
    expect(manifests.filter((m) => m.kind === 'Endpoints')).toEqual([]);
    const slices = manifests.filter((m) => m.kind === 'EndpointSlice');
    expect(slices.length).toBe(3);
    for (const slice of slices) {
      const service = get(slice.body, 'metadata', 'labels', 'kubernetes.io/service-name');
      expect(
        manifests.some((m) => m.kind === 'Service' && m.name === service && m.useCase === slice.useCase),
        `${slice.name} → ${String(service)}`,
      ).toBe(true);
    }
  });

  it('autoscaling: each HPA scales a workload of its use case on a metric an adapter rule serves from a documented meshrr gauge, one pod at a time', () => {
    const documented = new Set(
      [
        ...readFileSync(join(ROOT, '../../docs/metrics.md'), 'utf8').matchAll(/^\| `(meshrr_[a-z_]+)` \| gauge \|/gm),
      ].map((m) => m[1]),
    );
    const hpas = manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => `${h.useCase}/${h.name}`)).toEqual(['2regions-hrr/meshrr-core']);
    for (const hpa of hpas) {
      const adapter = manifests.find(
        (m) =>
          m.kind === 'ConfigMap' && m.useCase === hpa.useCase && typeof get(m.body, 'data', 'config.yaml') === 'string',
      );
      const rules = list(parseYaml(get(adapter?.body, 'data', 'config.yaml') as string), 'rules');
      const served = new Map(
        rules.map((r) => [get(r, 'name', 'as') as string, /^(meshrr_[a-z_]+)\{/.exec(String(r['seriesQuery']))?.[1]]),
      );
      for (const [as, series] of served) {
        expect(documented.has(series), `${String(as)} ← ${String(series)} is a documented gauge`).toBe(true);
        expect(
          get(
            rules.find((r) => get(r, 'name', 'as') === as),
            'resources',
            'overrides',
            'pod',
            'resource',
          ),
        ).toBe('pod');
      }
      const target = get(hpa.body, 'spec', 'scaleTargetRef') as Record<string, string>;
      const workload = workloads.find(
        (w) => w.useCase === hpa.useCase && w.kind === target['kind'] && w.name === target['name'],
      );
      expect(workload, `${hpa.name} scales an existing ${target['kind']}`).toBeDefined();
      for (const metric of list(hpa.body, 'spec', 'metrics')) {
        expect(metric['type']).toBe('Pods');
        expect(served.has(get(metric, 'pods', 'metric', 'name') as string), 'metric served by an adapter rule').toBe(
          true,
        );
      }
      expect(get(hpa.body, 'spec', 'minReplicas') as number).toBeGreaterThanOrEqual(3);
      for (const direction of ['scaleUp', 'scaleDown'])
        for (const policy of list(hpa.body, 'spec', 'behavior', direction, 'policies'))
          expect([direction, policy['type'], policy['value']]).toEqual([direction, 'Pods', 1]);
    }
  });
});
