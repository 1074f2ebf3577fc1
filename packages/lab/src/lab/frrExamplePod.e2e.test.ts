import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually, HANG_GUARD_MS } from '@meshrr/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse, stringify } from 'yaml';
import { createNode, createSwitch, deleteNetns } from '../system/netns.js';
import {
  awaitContainerImages,
  containerImageGate,
  FRR_IMAGE,
  IMAGE_BUILD_GUARD_MS,
  materialisePodVolumes,
  podman,
  podmanRunArgv,
  type PodPlacement,
  type PodSpec,
} from '../testing-support/podmanPod.js';

// examples/kubernetes/frr/meshrr-frr.yaml run for real: two pods of its Deployment, each in its own
// network namespace, every container started from the agent-frr image with the manifest's own
// command, args, env, securityContext, volumes and ConfigMaps (the frr-seed init container, then FRR
// and the meshrr sidecar sharing /etc/frr and /var/run/frr). One deviation: no cluster DNS here, so
// MESHRR-MESH lists the two pod addresses statically instead of resolving the headless Service.
const MANIFEST = resolve(import.meta.dirname, '../../../../examples/kubernetes/frr/meshrr-frr.yaml');
const images = containerImageGate();
const isRoot = process.getuid?.() === 0;

interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly data?: Record<string, string>;
  readonly spec?: { readonly template?: { readonly spec: PodSpec } };
}

const tag = `p${process.pid % 100000}`;
const SWITCH = `mlab-${tag}-sw`;
const PODS = [
  { name: `mlab-${tag}-a`, ip: '10.97.0.1' },
  { name: `mlab-${tag}-b`, ip: '10.97.0.2' },
] as const;

function bgpPeers(pod: string): Record<string, { state?: string }> {
  const out = podman('exec', `${pod}-frr`, 'vtysh', '-c', 'show bgp summary json');
  if (out.status !== 0) return {};
  const summary = JSON.parse(out.stdout) as { ipv4Unicast?: { peers?: Record<string, { state?: string }> } };
  return summary.ipv4Unicast?.peers ?? {};
}

describe.runIf(isRoot && images.run)('the FRR Kubernetes example pod, run from the agent-frr image', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlab-frr-pod-'));
  let podSpec: PodSpec;
  const containers: string[] = [];

  beforeAll(awaitContainerImages, IMAGE_BUILD_GUARD_MS);
  beforeAll(async () => {
    const docs = parseAllDocuments(readFileSync(MANIFEST, 'utf8')).map((d) => d.toJS() as Manifest);
    const configMaps = new Map(docs.filter((d) => d.kind === 'ConfigMap').map((d) => [d.metadata.name, d.data ?? {}]));
    podSpec = docs.find((d) => d.kind === 'Deployment')!.spec!.template!.spec;
    // the one deviation: static peers instead of the headless Service's DNS records
    const confName = podSpec.volumes.find((v) => v.name === 'meshrr-conf')!.configMap!.name;
    const conf = parse(configMaps.get(confName)!['meshrr.conf.yml']!) as { bgpgroups: { source?: unknown }[] };
    conf.bgpgroups[0]!.source = { sourcetype: 'static', addresses: PODS.map((p) => p.ip) };
    configMaps.set(confName, { 'meshrr.conf.yml': stringify(conf) });

    await createSwitch(SWITCH);
    for (const [i, pod] of PODS.entries()) {
      await createNode({
        netns: pod.name,
        switchNetns: SWITCH,
        switchPort: `p${i}`,
        cidrs: [`${pod.ip}/24`],
        loopbacks: [],
      });
      const placement: PodPlacement = {
        name: pod.name,
        netns: pod.name,
        podIp: pod.ip,
        volumes: materialisePodVolumes(podSpec, join(root, pod.name), configMaps),
      };
      for (const init of podSpec.initContainers ?? []) {
        expect(init.image).toMatch(/\/meshrr-frr:/);
        const done = podman(...podmanRunArgv(podSpec, init, placement, FRR_IMAGE, { detach: false }));
        expect([init.name, done.status, done.stderr]).toEqual([init.name, 0, '']);
      }
      for (const container of podSpec.containers) {
        expect(container.image).toMatch(/\/meshrr-frr:/); // one image: tools of the daemons' release
        containers.push(`${pod.name}-${container.name}`);
        const started = podman(...podmanRunArgv(podSpec, container, placement, FRR_IMAGE, { detach: true }));
        expect([container.name, started.status, started.stderr]).toEqual([container.name, 0, '']);
      }
    }
  }, HANG_GUARD_MS);

  afterAll(async () => {
    for (const name of containers) podman('rm', '--force', '--time', '0', name);
    for (const pod of PODS) await deleteNetns(pod.name);
    await deleteNetns(SWITCH);
    rmSync(root, { recursive: true, force: true });
  });

  it('assembles: the sidecars configure their FRR, the pods peer (Established), startup and readiness probes pass', async () => {
    await eventually(
      () =>
        PODS.every((pod) => {
          const other = PODS.find((p) => p !== pod)!;
          return bgpPeers(pod.name)[other.ip]?.state === 'Established';
        }),
      {
        what: 'both example pods Established with each other',
        intervalMs: 500,
        // two pods start FRR and their agents, and each commits through frr-reload.py: two waits' worth
        deadlineMs: 2 * HANG_GUARD_MS,
        describe: () => PODS.map((p) => `${p.name}: ${JSON.stringify(bgpPeers(p.name))}`).join('; '),
      },
    );
    for (const pod of PODS) {
      // the startupProbe's file, and /readyz answering 200 (quorum of intended sessions Established)
      expect(podman('exec', `${pod.name}-meshrr`, 'cat', '/tmp/connected-to-crpd').status).toBe(0);
      await eventually(
        () =>
          podman(
            'exec',
            `${pod.name}-meshrr`,
            'node',
            '-e',
            "fetch('http://127.0.0.1:9090/readyz').then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))",
          ).status === 0,
        { what: `${pod.name} ready`, intervalMs: 500 },
      );
      // the sidecar runs as the manifest says, FRR's daemons under watchfrr in the FRR container
      const sidecar = podSpec.containers.find((c) => c.name === 'meshrr')!;
      expect(podman('exec', `${pod.name}-meshrr`, 'id', '-u').stdout.trim()).toBe(
        String(sidecar.securityContext?.runAsUser ?? 10001),
      );
      expect(podman('exec', `${pod.name}-frr`, 'cat', '/var/run/frr/watchfrr.pid').status).toBe(0);
      const config = podman('exec', `${pod.name}-frr`, 'vtysh', '-c', 'show running-config').stdout;
      expect(config).toContain('neighbor MESHRR-MESH peer-group');
      expect(config).toContain(`neighbor ${PODS.find((p) => p !== pod)!.ip} peer-group MESHRR-MESH`);
    }
  });

  it('SIGTERM: the sidecar announces graceful shutdown on its FRR and exits 0; FRR and the session stay up', async () => {
    const [a, b] = PODS;
    expect(podman('stop', '--time', '60', `${a.name}-meshrr`).status).toBe(0);
    expect(podman('inspect', '--format', '{{.State.ExitCode}}', `${a.name}-meshrr`).stdout.trim()).toBe('0');
    expect(podman('exec', `${a.name}-frr`, 'vtysh', '-c', 'show running-config').stdout).toContain(
      'bgp graceful-shutdown',
    );
    expect(bgpPeers(b.name)[a.ip]?.state).toBe('Established');
  });
});
