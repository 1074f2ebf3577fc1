import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

/** A TCP relay on 127.0.0.1 that can silently stop forwarding (a device that hangs without closing). */
export interface BlackholeProxy {
  readonly port: number;
  /** From now on, bytes in both directions are dropped; sockets stay open. */
  blackhole(): void;
  close(): Promise<void>;
}

/** Starts a relay to 127.0.0.1:`target` (test helper). */
export async function startBlackholeProxy(target: number): Promise<BlackholeProxy> {
  let dropping = false;
  const sockets = new Set<Socket>();
  const server = createServer((inbound) => {
    const outbound = connect(target, '127.0.0.1');
    for (const [from, to] of [
      [inbound, outbound],
      [outbound, inbound],
    ] as const) {
      sockets.add(from);
      from.on('data', (chunk: Buffer) => {
        if (!dropping) to.write(chunk);
      });
      from.on('error', () => to.destroy());
      from.on('close', () => {
        sockets.delete(from);
        if (!dropping) to.destroy();
      });
    }
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  return {
    port,
    blackhole: () => {
      dropping = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
