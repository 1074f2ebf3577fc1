import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@meshrr/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readChart } from './chartFiles.js';
import { buildRenderer, canBuildRenderer, renderChart, renderError, type K8sObject } from './renderChart.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHART_DIR = join(HERE, '..', 'meshrr');
const chart = readChart(CHART_DIR);
const required = process.env['MESHRR_REQUIRE_REAL_SERVERS'] === '1';
const valueSets: Array<[string, string[]]> = [
  ['values.yaml', []],
  ...[...chart.ciValues.keys()].map((name): [string, string[]] => [`ci/${name}`, [join(CHART_DIR, 'ci', name)]]),
];

const API_VERSIONS: Record<string, string> = {
  ConfigMap: 'v1',
  Service: 'v1',
  ServiceAccount: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  PodDisruptionBudget: 'policy/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  PodMonitor: 'monitoring.coreos.com/v1',
  ServiceMonitor: 'monitoring.coreos.com/v1',
  PrometheusRule: 'monitoring.coreos.com/v1',
};

type Container = {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  securityContext?: { runAsUser?: number; runAsNonRoot?: boolean; capabilities?: { add?: string[] } };
  env?: Array<{ name: string }>;
  ports?: Array<{ name: string; containerPort: number }>;
  volumeMounts?: Array<{ name: string; mountPath?: string }>;
  readinessProbe?: { httpGet?: { port: string }; tcpSocket?: { port: string } };
  livenessProbe?: { httpGet?: { port: string }; tcpSocket?: { port: string } };
};
type PodSpec = {
  serviceAccountName?: string;
  securityContext?: { supplementalGroups?: number[] };
  volumes: Array<{ name: string; configMap?: { name: string }; emptyDir?: object }>;
  initContainers?: Container[];
  containers: Container[];
};
type Workload = K8sObject & {
  spec: {
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
};

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** Containers (init included) that are privileged or do not drop ALL capabilities (issue 11 item 12). */
function privilegeProblems(objects: readonly K8sObject[]): string[] {
  const out: string[] = [];
  for (const w of objects.filter((o) => WORKLOADS.has(o.kind)) as Workload[]) {
    const pod = w.spec.template.spec;
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      const context = (c as { securityContext?: { privileged?: boolean; capabilities?: { drop?: string[] } } })
        .securityContext;
      if (context?.privileged === true) out.push(`${w.metadata.name}/${c.name} is privileged`);
      if (!(context?.capabilities?.drop ?? []).includes('ALL'))
        out.push(`${w.metadata.name}/${c.name} does not drop ALL capabilities`);
    }
  }
  return out;
}
const subset = (sel: Record<string, string>, labels: Record<string, string> = {}): boolean =>
  Object.entries(sel).every(([k, v]) => labels[k] === v);

/**
 * The agent keeps its removal budget window across restarts (issue 11 item 4): `--state-dir` on an
 * emptyDir (it survives container restarts within the pod).
 */
function stateDirProblems(id: string, agent: Container, pod: PodSpec): string[] {
  const args = agent.args ?? [];
  const dir = args[args.indexOf('--state-dir') + 1];
  if (!args.includes('--state-dir') || dir === undefined) return [`${id}: no --state-dir`];
  const mount = agent.volumeMounts?.find((m) => m.mountPath === dir);
  const volume = pod.volumes.find((v) => v.name === mount?.name);
  return volume?.emptyDir === undefined ? [`${id}: --state-dir ${dir} is not an emptyDir mount`] : [];
}

/** Everything that must hold between the rendered objects, as problems (empty: consistent). */
function problems(objects: readonly K8sObject[]): string[] {
  const out: string[] = [];
  const names = new Set(objects.map((o) => `${o.kind}/${o.metadata.name}`));
  const workloads = objects.filter((o): o is Workload => WORKLOADS.has(o.kind));
  for (const o of objects) {
    if (API_VERSIONS[o.kind] !== o.apiVersion) out.push(`${o.kind}/${o.metadata.name}: apiVersion ${o.apiVersion}`);
    if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(o.metadata.name))
      out.push(`${o.kind}: bad name ${o.metadata.name}`);
  }
  for (const w of workloads) {
    const id = `${w.kind}/${w.metadata.name}`;
    const pod = w.spec.template.spec;
    if (!subset(w.spec.selector.matchLabels, w.spec.template.metadata.labels))
      out.push(`${id}: selector does not select its pods`);
    const volumes = new Set(pod.volumes.map((v) => v.name));
    for (const v of pod.volumes)
      if (v.configMap !== undefined && !names.has(`ConfigMap/${v.configMap.name}`))
        out.push(`${id}: volume ${v.name} names ConfigMap ${v.configMap.name}, which is not rendered`);
    if (pod.serviceAccountName !== undefined && !names.has(`ServiceAccount/${pod.serviceAccountName}`))
      out.push(`${id}: ServiceAccount ${pod.serviceAccountName} is not rendered`);
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      if (!/^[^\s:]+:[^\s:]+$/.test(c.image)) out.push(`${id}/${c.name}: image ${c.image}`);
      for (const m of c.volumeMounts ?? [])
        if (!volumes.has(m.name)) out.push(`${id}/${c.name}: mounts undeclared volume ${m.name}`);
      if (c.args?.[0] === 'sidecar') out.push(...stateDirProblems(`${id}/${c.name}`, c, pod));
      const ports = new Set((c.ports ?? []).map((p) => p.name));
      for (const probe of [c.readinessProbe, c.livenessProbe]) {
        const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
        if (port !== undefined && !ports.has(port))
          out.push(`${id}/${c.name}: probe port ${port} is not a port of the container`);
      }
    }
  }
  const podPorts = (w: Workload): Set<string> =>
    new Set(w.spec.template.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.name)));
  for (const s of objects.filter((o) => o.kind === 'Service') as Array<
    K8sObject & { spec: { selector: Record<string, string>; ports: Array<{ targetPort: string }> } }
  >) {
    const selected = workloads.filter((w) => subset(s.spec.selector, w.spec.template.metadata.labels));
    if (selected.length !== 1) out.push(`Service/${s.metadata.name} selects ${selected.length} workloads`);
    for (const w of selected)
      for (const p of s.spec.ports)
        if (!podPorts(w).has(p.targetPort))
          out.push(`Service/${s.metadata.name}: targetPort ${p.targetPort} not in ${w.metadata.name}`);
  }
  return out;
}

const kindsOf = (objects: readonly K8sObject[]): string[] => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
const find = <T extends K8sObject>(objects: readonly K8sObject[], kind: string, name: string): T =>
  objects.find((o) => o.kind === kind && o.metadata.name === name) as T;

describe.runIf(canBuildRenderer() || required)(
  'the chart rendered by Go text/template + sprig (helm template semantics)',
  () => {
    let binary: string;
    beforeAll(async () => {
      binary = await buildRenderer(join(HERE, '..', 'renderer'));
    });

    it.each(valueSets)(
      '%s: renders objects that fit together (selectors, volumes, ports, names)',
      async (_name, files) => {
        const objects = await renderChart(binary, CHART_DIR, files);
        expect(objects.length).toBeGreaterThan(4);
        expect(problems(objects)).toEqual([]);
        expect(privilegeProblems(objects)).toEqual([]);
        // every meshrr.conf.yml the chart ships loads in meshrr
        for (const cm of objects.filter((o) => o.kind === 'ConfigMap') as Array<
          K8sObject & { data: Record<string, string> }
        >) {
          const text = cm.data['meshrr.conf.yml'];
          if (text === undefined) continue;
          const loaded = loadConfig({ text, origin: cm.metadata.name }, { POD_IP: '10.0.0.1' });
          expect(loaded.ok, `${cm.metadata.name}: ${JSON.stringify(loaded.ok ? '' : loaded.errors)}`).toBe(true);
        }
      },
    );

    it('values.yaml: the default cRPD instance, its Service, PDB, ServiceAccount and no monitoring objects', async () => {
      const objects = await renderChart(binary, CHART_DIR, []);
      expect(kindsOf(objects)).toEqual([
        'ConfigMap/meshrr-conf',
        'Deployment/meshrr',
        'PodDisruptionBudget/meshrr',
        'Service/meshrr',
        'ServiceAccount/rel-meshrr',
      ]);
      const pod = find<Workload>(objects, 'Deployment', 'meshrr').spec.template.spec;
      expect(pod.initContainers?.map((c) => c.name)).toEqual(['meshrr-init']);
      expect(pod.containers.map((c) => c.name)).toEqual(['crpd', 'meshrr']);
      expect(pod.containers[1]!.args).toEqual([
        'sidecar',
        '--http-port',
        '9090',
        '--drain-seconds',
        '20',
        '--state-dir',
        '/var/lib/meshrr',
      ]);
      // Live reload: the ConfigMap directory is mounted (no subPath) and a config change rolls no pod.
      for (const c of [...(pod.initContainers ?? []), pod.containers[1]!])
        expect(
          c.volumeMounts?.find((m) => m.name === 'meshrr-conf'),
          c.name,
        ).toEqual({
          name: 'meshrr-conf',
          mountPath: '/opt/meshrr/conf',
          readOnly: true,
        });
      const template = (
        find<Workload>(objects, 'Deployment', 'meshrr').spec.template as {
          metadata: { annotations?: Record<string, string> };
        }
      ).metadata;
      expect(Object.keys(template.annotations ?? {})).not.toContain('checksum/config');
    });

    it('ci/frr-values.yaml: an FRR StatefulSet (seeded /etc/frr, vty sockets shared, --platform frr, policy templates) beside a cRPD instance', async () => {
      const objects = await renderChart(binary, CHART_DIR, [join(CHART_DIR, 'ci', 'frr-values.yaml')]);
      const frr = find<Workload>(objects, 'StatefulSet', 'meshrr-frr').spec.template.spec;
      expect(frr.initContainers?.map((c) => c.name)).toEqual(['frr-seed']);
      expect(frr.containers.map((c) => c.name)).toEqual(['frr', 'meshrr']);
      // one image for the daemons and the agent (vtysh and frr-reload.py of the daemons' release),
      // FRR's daemons under watchfrr, the agent not root and without capabilities (frr, frrvty gids)
      const version = parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8')).appVersion as string;
      for (const c of [...(frr.initContainers ?? []), ...frr.containers])
        expect([c.name, c.image]).toEqual([c.name, `ghcr.io/meshrr-ts/meshrr-frr:${version}`]);
      expect(frr.containers[0]!.command).toEqual(['/usr/bin/tini', '--', '/usr/local/bin/meshrr-frr-daemons']);
      expect(frr.securityContext?.supplementalGroups).toEqual([920, 921]);
      expect(frr.containers[1]!.securityContext).toMatchObject({ runAsUser: 10001, runAsNonRoot: true });
      expect(frr.containers[1]!.securityContext?.capabilities?.add).toBeUndefined();
      const agent = frr.containers[1]!;
      expect(agent.args).toEqual(
        expect.arrayContaining([
          '--platform',
          'frr',
          '--frr-vty-dir',
          '/var/run/frr',
          '--frr-config',
          '/etc/frr/frr.conf',
          '--frr-templates',
        ]),
      );
      expect(agent.env?.map((e) => e.name)).not.toContain('LICENSE_KEY');
      expect(agent.volumeMounts?.map((m) => m.name)).toEqual(
        expect.arrayContaining(['frr-etc', 'frr-run', 'frr-templates']),
      );
      expect(
        find<K8sObject & { data: Record<string, string> }>(objects, 'ConfigMap', 'meshrr-frr-frr-templates').data[
          'bgp.eta'
        ],
      ).toContain('multipath-relax');
      expect(
        find<K8sObject & { data: Record<string, string> }>(objects, 'ConfigMap', 'meshrr-frr-frr').data['daemons'],
      ).toContain('bgpd=yes');
      expect(
        find<Workload>(objects, 'Deployment', 'meshrr-crpd').spec.template.spec.containers.map((c) => c.name),
      ).toEqual(['crpd', 'meshrr']);
    });

    it('ci/monitoring-values.yaml: PodMonitor, ServiceMonitor with metrics Services, the rules and the dashboard from files/', async () => {
      const objects = await renderChart(binary, CHART_DIR, [join(CHART_DIR, 'ci', 'monitoring-values.yaml')]);
      const rules = find<K8sObject & { spec: unknown }>(objects, 'PrometheusRule', 'rel-meshrr');
      expect(rules.spec).toEqual(parse(readFileSync(join(CHART_DIR, 'files', 'prometheus-rules.yaml'), 'utf8')));
      expect(rules.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack' });
      const dashboard = find<K8sObject & { data: Record<string, string> }>(
        objects,
        'ConfigMap',
        'rel-meshrr-dashboard',
      );
      expect(JSON.parse(dashboard.data['meshrr.json']!)).toEqual(
        JSON.parse(readFileSync(join(CHART_DIR, 'files', 'grafana-dashboard.json'), 'utf8')),
      );
      expect(dashboard.metadata).toMatchObject({ namespace: 'monitoring', labels: { grafana_dashboard: '1' } });
      const monitor = find<K8sObject & { spec: { selector: { matchLabels: Record<string, string> } } }>(
        objects,
        'ServiceMonitor',
        'rel-meshrr',
      );
      const metricsServices = objects.filter(
        (o) => o.kind === 'Service' && subset(monitor.spec.selector.matchLabels, o.metadata.labels),
      );
      expect(metricsServices.map((s) => s.metadata.name)).toEqual(['meshrr-metrics']);
      const podMonitor = find<K8sObject & { spec: { selector: { matchLabels: Record<string, string> } } }>(
        objects,
        'PodMonitor',
        'rel-meshrr',
      );
      const pods = objects.filter(
        (o): o is Workload =>
          WORKLOADS.has(o.kind) &&
          subset(podMonitor.spec.selector.matchLabels, (o as Workload).spec.template.metadata.labels),
      );
      expect(pods.map((w) => w.metadata.name)).toEqual(['meshrr']);
    });

    it('ci/networkpolicy-values.yaml: a NetworkPolicy admitting only BGP and the metrics port to every meshrr pod (issue 11 item 12)', async () => {
      type Peer = { podSelector?: unknown; namespaceSelector?: unknown; ipBlock?: { cidr: string } };
      type Policy = K8sObject & {
        spec: {
          podSelector: { matchLabels: Record<string, string> };
          policyTypes: string[];
          ingress: Array<{ ports: Array<{ protocol: string; port: number }>; from: Peer[] }>;
        };
      };
      expect(kindsOf(await renderChart(binary, CHART_DIR, []))).not.toContain('NetworkPolicy/rel-meshrr');
      const objects = await renderChart(binary, CHART_DIR, [join(CHART_DIR, 'ci', 'networkpolicy-values.yaml')]);
      const policy = find<Policy>(objects, 'NetworkPolicy', 'rel-meshrr');
      const pods = objects.filter((o): o is Workload => WORKLOADS.has(o.kind));
      expect(pods.length).toBeGreaterThan(0);
      for (const w of pods)
        expect(subset(policy.spec.podSelector.matchLabels, w.spec.template.metadata.labels), w.metadata.name).toBe(
          true,
        );
      expect(policy.spec.policyTypes).toEqual(['Ingress']);
      expect(policy.spec.ingress.map((rule) => rule.ports)).toEqual([
        [{ protocol: 'TCP', port: 179 }],
        [{ protocol: 'TCP', port: 9090 }],
      ]);
      const [bgp, metrics] = policy.spec.ingress;
      expect(bgp!.from).toEqual([
        { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'meshrr', 'app.kubernetes.io/instance': 'rel' } } },
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'core' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'meshrr' } },
        },
        { ipBlock: { cidr: '10.0.0.0/8' } },
        { ipBlock: { cidr: '2001:db8::/32' } },
      ]);
      expect(metrics!.from).toEqual([
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
        },
      ]);
      // the same policy as the example manifest: its BGP rule and metrics rule have the same shape
      const example = parse(
        readFileSync(join(HERE, '..', '..', 'kubernetes', 'default', 'networkpolicy.yaml'), 'utf8'),
      ) as Policy;
      expect(policy.spec.policyTypes).toEqual(example.spec.policyTypes);
      expect(policy.spec.ingress.map((r) => r.ports)).toEqual(example.spec.ingress.map((r) => r.ports));
      expect(metrics!.from).toEqual(example.spec.ingress[1]!.from);
    });

    it("refuses what would break at run time, with the chart's message", async () => {
      const { writeFileSync, mkdtempSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const dir = mkdtempSync(join(tmpdir(), 'meshrr-values-'));
      const file = (name: string, text: string): string => {
        writeFileSync(join(dir, name), text);
        return join(dir, name);
      };
      expect(await renderError(binary, CHART_DIR, [file('a.yaml', 'crpd:\n  preStopSleepSeconds: 5\n')])).toContain(
        'crpd.preStopSleepSeconds must be at least agent.drainSeconds',
      );
      expect(
        await renderError(binary, CHART_DIR, [
          file('b.yaml', 'instances:\n- name: x\n  kind: Pod\n  config: "asn: 1"\n'),
        ]),
      ).toContain('instances[x].kind must be Deployment, StatefulSet or DaemonSet (found Pod)');
      // a NetworkPolicy rule without sources would admit everyone
      expect(
        await renderError(binary, CHART_DIR, [
          file('c.yaml', 'networkPolicy:\n  enabled: true\n  bgp:\n    fromReleasePods: false\n    cidrs: []\n'),
        ]),
      ).toContain('networkPolicy.bgp admits no BGP peer');
      const closed = await renderChart(binary, CHART_DIR, [
        file('d.yaml', 'networkPolicy:\n  enabled: true\n  metrics:\n    from: []\n'),
      ]);
      const policy = find<K8sObject & { spec: { ingress: Array<{ ports: Array<{ port: number }> }> } }>(
        closed,
        'NetworkPolicy',
        'rel-meshrr',
      );
      expect(policy.spec.ingress.map((r) => r.ports[0]!.port)).toEqual([179]);
    });
  },
);
