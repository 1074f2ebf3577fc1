import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, HANG_GUARD_MS } from '@meshrr/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { containerName } from '../agent/agentProcess.js';
import { readState } from '../state/labState.js';
import {
  awaitContainerImages,
  containerImageGate,
  FRR_IMAGE,
  IMAGE_BUILD_GUARD_MS,
  podman,
  RUNTIME_IMAGE,
} from '../testing-support/podmanPod.js';
import { AGENT_MAIN, exampleTopology, labAgentGate } from '../testing-support/realServers.js';
import { describeLab, type DescribeLabOptions } from '../testing-support/describeLab.js';
import { groupRouters, seenAt, threeClientGroupsEstablished } from '../testing-support/statusQueries.js';
import { waitForStatus } from './waitForStatus.js';

// The agent image built from the Dockerfile (scripts/container-image.sh): the image itself, then the
// agents of examples/lab/3clientgroups run from it, each container joining its router's network
// namespace like a pod's sidecar (init, then sidecar).
const images = containerImageGate();
const gate = labAgentGate();

describe.runIf(images.run)('the agent image (Dockerfile, runtime target)', () => {
  beforeAll(awaitContainerImages, IMAGE_BUILD_GUARD_MS);

  it('runs as uid 10001 under tini, with a read-only root filesystem, and stops cleanly on SIGTERM', async () => {
    const [inspect] = JSON.parse(podman('image', 'inspect', RUNTIME_IMAGE).stdout) as Array<{
      Size: number;
      Config: { User: string; Entrypoint: string[] };
    }>;
    expect(inspect!.Config.User).toBe('10001:10001');
    expect(inspect!.Config.Entrypoint.slice(0, 2)).toEqual(['/usr/bin/tini', '--']);
    console.info(`image ${RUNTIME_IMAGE}: ${Math.round(inspect!.Size / 1e6)} MB`);
    expect(inspect!.Size).toBeLessThan(500e6);

    const version = podman('run', '--rm', '--read-only', RUNTIME_IMAGE, 'version', '-o', 'json');
    expect(version.status, version.stderr).toBe(0);
    expect(JSON.parse(version.stdout)).toMatchObject({ meshrr: '0.1.0', node: 'v24.22.3' });

    const name = `meshrr-image-test-${process.pid}`;
    const started = podman(
      'run',
      '--detach',
      '--name',
      name,
      '--read-only',
      '--tmpfs',
      '/tmp',
      '--env',
      'POD_IP=10.0.0.1',
      RUNTIME_IMAGE,
      'sidecar',
      '--dry-run',
      '/tmp/dry',
      '--connected-file',
      '/tmp/connected',
      '--drain-seconds',
      '1',
    );
    expect(started.status, started.stderr).toBe(0);
    try {
      await eventually(() => (podman('exec', name, 'cat', '/tmp/connected').status === 0 ? true : undefined), {
        what: 'the sidecar in the container to start',
        intervalMs: 200,
      });
      expect(podman('exec', name, 'cat', '/proc/1/comm').stdout.trim()).toBe('tini');
      expect(podman('exec', name, 'id', '-u').stdout.trim()).toBe('10001');
      const write = podman('exec', name, 'sh', '-c', 'touch /opt/meshrr/x');
      expect(write.status).not.toBe(0);
      expect(write.stderr).toContain('Read-only file system');
      expect(podman('stop', '--time', '30', name).status).toBe(0);
      expect(podman('inspect', '--format', '{{.State.ExitCode}}', name).stdout.trim()).toBe('0');
      expect(podman('logs', name).stderr).toContain('stopping: graceful shutdown');
    } finally {
      podman('rm', '--force', '--time', '0', name);
    }
  });
});

const LAB: DescribeLabOptions = {
  topology: exampleTopology('3clientgroups'),
  idPrefix: 'c',
  gate: { run: gate.run && images.run },
  agentMain: AGENT_MAIN,
  agentImage: FRR_IMAGE,
  beforeUp: { wait: awaitContainerImages, timeoutMs: IMAGE_BUILD_GUARD_MS },
  afterDown: (labId) => {
    expect(podman('ps', '--all', '--filter', `name=mlab-${labId}-`, '--format', '{{.Names}}').stdout.trim()).toBe('');
  },
};

describeLab('a lab whose agents run from the image (3clientgroups)', LAB, (lab) => {
  it('converges the mesh and the client tiers with containerised agents (init, then sidecar, in each router namespace)', async () => {
    const { status, elapsedMs } = await waitForStatus(
      lab,
      (s) => threeClientGroupsEstablished(s) && seenAt(s, '10.230.1.0/24').includes('full-1'),
      HANG_GUARD_MS,
    );
    console.info(`3clientgroups with containerised agents converged ${Math.round(elapsedMs)} ms after up`);
    expect(groupRouters(status, 'rr')).toHaveLength(2);
    const state = readState(lab.stateDir)!;
    for (const rr of state.routers.filter((r) => r.kind === 'rr')) {
      // init ran from the image and wrote the router's initial FRR configuration
      expect(JSON.parse(readFileSync(join(rr.dir, 'init', 'report.json'), 'utf8'))).toMatchObject({
        platform: 'frr',
        config: { action: 'written' },
      });
      expect(readFileSync(join(rr.dir, 'init', 'frr.conf'), 'utf8')).toContain(`bgp router-id ${rr.address}`);
      // the sidecar is a running container of the FRR agent image
      const ps = podman(
        'ps',
        '--filter',
        `name=${containerName(lab.labId, rr.name, 'agent')}`,
        '--format',
        '{{.Image}}',
      );
      expect(ps.stdout.trim()).toBe(FRR_IMAGE);
      expect(readFileSync(join(rr.dir, 'agent.log'), 'utf8')).toContain('serving /healthz, /readyz and /metrics');
    }
  });
});
