import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { systemClock } from '@meshrr/core';
import { MemoryLogger } from '@meshrr/core/testing';
import { JunosTransport } from '../junos/junosTransport.js';
import type { NetconfTransportOptions } from '../options.js';
import { sha256Fingerprint } from '../ssh/fingerprint.js';
import { startFakeSshServer, testKeyPair, type FakeSshServer, type TestKeyPair } from './fakeSshServer.js';
import { HELLO } from './junosReplies.js';
import { JunosScriptServer, type ScriptStep } from './junosScriptServer.js';

/** A fake Junos device (ssh2 server + scripted sessions) and a transport pointed at it (test helper). */
export interface JunosHarness {
  readonly server: FakeSshServer;
  readonly dir: string;
  readonly keyPath: string;
  readonly logger: MemoryLogger;
  /** Scripts served to the next sessions, in order. */
  readonly scripts: JunosScriptServer[];
  /** Queues a scripted session (recorded replies, golden requests) for the next connection and returns it. */
  script(steps: ScriptStep[], hello?: string, helloGolden?: string): JunosScriptServer;
  transport(overrides?: Partial<NetconfTransportOptions>): JunosTransport;
  close(): Promise<void>;
}

/** Starts the fake device; each new `netconf` subsystem takes the next script from `scripts`. */
export async function startJunosHarness(hostKey?: TestKeyPair): Promise<JunosHarness> {
  const clientKey = testKeyPair('meshrr');
  const dir = mkdtempSync(join(tmpdir(), 'meshrr-nc-'));
  const keyPath = join(dir, 'id_ed25519');
  writeFileSync(keyPath, clientKey.privateKey, { mode: 0o600 });
  const scripts: JunosScriptServer[] = [];
  const onNetconf = (stream: Duplex): void => {
    const script = scripts.shift();
    if (script === undefined) stream.destroy();
    else script.serve(stream);
  };
  let server: FakeSshServer;
  try {
    server = await startFakeSshServer('meshrr', clientKey, onNetconf, hostKey);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const logger = new MemoryLogger();
  return {
    server,
    dir,
    keyPath,
    logger,
    scripts,
    script: (steps, hello = HELLO, helloGolden) => {
      const served = new JunosScriptServer(hello, steps, helloGolden);
      scripts.push(served);
      return served;
    },
    transport: (overrides = {}) =>
      new JunosTransport(
        {
          port: server.port,
          privateKeyPath: keyPath,
          hostKey: { kind: 'fingerprint', sha256: sha256Fingerprint(server.hostKey.blob) },
          keepalive: { intervalMs: 0 },
          reconnect: { initialDelayMs: 10, attemptsPerOpen: 1 },
          ...overrides,
        },
        systemClock,
        logger,
      ),
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
