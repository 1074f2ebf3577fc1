import { createServer, type AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Connection, ServerChannel } from 'ssh2';

/** An ed25519 key pair in OpenSSH format plus the public key blob (test helper). */
export interface TestKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
  readonly blob: Buffer;
}

/**
 * Generates an ed25519 key pair with ssh2's utilities. ssh2 1.17.0 sometimes (about 1 in 300)
 * encodes the 32-byte public key with its leading zero byte dropped (length 31), which its own
 * `parseKey` then rejects as "Malformed OpenSSH public key"; such pairs are drawn again.
 */
export function testKeyPair(comment = 'test'): TestKeyPair {
  for (let attempt = 0; attempt < 50; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    const parsed = ssh2.utils.parseKey(pair.public);
    if (parsed instanceof Error || parsed.getPublicSSH().length !== 51) continue;
    return { privateKey: pair.private, publicKey: pair.public, blob: parsed.getPublicSSH() };
  }
  throw new Error('ssh2 produced 50 malformed ed25519 key pairs in a row');
}

/** A loopback SSH server offering the `netconf` subsystem (ssh2 `Server`, random port). */
export interface FakeSshServer {
  readonly port: number;
  readonly hostKey: TestKeyPair;
  /** Live connections (tests kill them to simulate a lost device). */
  readonly connections: Set<Connection>;
  close(): Promise<void>;
}

/** Finds a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/**
 * Starts the server: public-key auth for `username` with `clientKey` only (signature verified),
 * and for each `netconf` subsystem request calls `onNetconf(stream)`.
 */
export async function startFakeSshServer(
  username: string,
  clientKey: TestKeyPair,
  onNetconf: (stream: Duplex) => void,
  hostKey = testKeyPair('host'),
): Promise<FakeSshServer> {
  const allowed = ssh2.utils.parseKey(clientKey.publicKey);
  if (allowed instanceof Error) throw allowed;
  const connections = new Set<Connection>();
  const server = new ssh2.Server({ hostKeys: [hostKey.privateKey] }, (client) => {
    connections.add(client);
    client.on('close', () => connections.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey' || ctx.username !== username) return ctx.reject(['publickey']);
      const data = ctx.key.data;
      const ok = data.length === allowed.getPublicSSH().length && timingSafeEqual(data, allowed.getPublicSSH());
      if (
        !ok ||
        (ctx.signature !== undefined && allowed.verify(ctx.blob as Buffer, ctx.signature, ctx.hashAlgo) !== true)
      )
        return ctx.reject(['publickey']);
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('subsystem', (acceptSub, rejectSub, info) => {
          if (info.name !== 'netconf') return rejectSub();
          const stream: ServerChannel = acceptSub();
          onNetconf(stream);
        });
      });
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  return {
    port,
    hostKey,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of connections) c.end();
        server.close(() => resolve());
      }),
  };
}
