import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eventually } from '@meshrr/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeConsulServer } from '../testing-support/fakeConsulServer.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./pythonBlocking.py', import.meta.url));
const available =
  existsSync(PYTHON) &&
  (await new Promise<boolean>((resolve) => spawn(PYTHON, ['-c', 'import consul']).on('exit', (c) => resolve(c === 0))));

let server: FakeConsulServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const rr = (n: number, status: 'passing' | 'critical' = 'passing') => ({
  id: `bgp-rr-${n}`,
  node: `core-${n}`,
  nodeAddress: `192.0.2.${n}`,
  port: 179,
  tags: ['core'],
  status,
});

/**
 * The fake Consul server against someone else's reading of the protocol: python-consul (Debian
 * python3-consul) does a passing-only health query, then blocking queries on X-Consul-Index that
 * return when the passing set changes.
 */
describe.runIf(available || process.env['MESHRR_REQUIRE_REAL_SERVERS'] === '1')(
  'python-consul blocking queries against the fake Consul server',
  () => {
    it('reads the passing set with its index, then blocks until a change and sees the new set', async () => {
      server = await FakeConsulServer.start();
      server.register('bgp-rr', rr(1));
      server.register('bgp-rr', rr(2));
      server.register('bgp-rr', rr(3, 'critical'));
      const { port, hostname } = new URL(server.url);
      const child = spawn(PYTHON, [SCRIPT, hostname, port, 'bgp-rr', '3']);
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const lines = (): Array<{ index: string; addresses: string[] }> =>
        out
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { index: string; addresses: string[] });
      try {
        await eventually(() => (server!.blockedQueries === 1 ? true : undefined), {
          what: 'a blocked query',
          intervalMs: 20,
        });
        server.register('bgp-rr', rr(4));
        await eventually(() => (lines().length === 2 && server!.blockedQueries === 1 ? true : undefined), {
          what: 'the second blocked query',
          intervalMs: 20,
        });
        server.setStatus('bgp-rr-1', 'critical');
        expect(await done, err).toBe(0);
        const [first, second, third] = lines();
        expect(first!.addresses).toEqual(['192.0.2.1', '192.0.2.2']);
        expect(second!.addresses).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.4']);
        expect(third!.addresses).toEqual(['192.0.2.2', '192.0.2.4']);
        expect(Number(second!.index)).toBeGreaterThan(Number(first!.index));
        expect(Number(third!.index)).toBeGreaterThan(Number(second!.index));
        const blocking = server.requests.filter((r) => r.query.has('index'));
        expect(blocking.map((r) => r.query.get('index'))).toEqual([first!.index, second!.index]);
        expect(blocking.every((r) => r.query.get('wait') === '30s' && r.query.has('passing'))).toBe(true);
      } finally {
        child.kill();
      }
    });
  },
);
