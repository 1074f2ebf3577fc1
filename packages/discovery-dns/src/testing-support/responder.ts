import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Packet } from 'dns-packet';

/** One query the responder received. */
export interface SeenQuery {
  readonly transport: 'udp' | 'tcp';
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly sourcePort: number;
  readonly edns: boolean;
}

/** What a handler returns: datagrams/messages to send in order (`undefined` = stay silent). */
export type HandlerResult = Array<Packet | Buffer> | Packet | Buffer | undefined;

/** Decides the reply to each query. */
export type Handler = (query: DecodedPacket, seen: SeenQuery) => HandlerResult;

/** Options of a crafted reply. */
export interface ReplySpec {
  readonly rcode?: number;
  readonly aa?: boolean;
  readonly tc?: boolean;
  readonly ra?: boolean;
  readonly answers?: Answer[];
  readonly authorities?: Answer[];
  readonly additionals?: Answer[];
  readonly id?: number;
  readonly questionName?: string;
}

/** RFC 1035 rcodes by name. */
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, YXDOMAIN: 6 } as const;

/** A reply to `query` (same ID and question unless overridden). */
export function reply(query: DecodedPacket, spec: ReplySpec = {}): Packet {
  const flags =
    (spec.aa ? dnsPacket.AUTHORITATIVE_ANSWER : 0) |
    (spec.tc ? dnsPacket.TRUNCATED_RESPONSE : 0) |
    (spec.ra ? dnsPacket.RECURSION_AVAILABLE : 0) |
    (spec.rcode ?? 0);
  const questions = (query.questions ?? []).map((q) => ({ ...q, name: spec.questionName ?? q.name }));
  return {
    type: 'response',
    id: spec.id ?? query.id,
    flags,
    questions,
    answers: spec.answers ?? [],
    authorities: spec.authorities ?? [],
    additionals: spec.additionals ?? [],
  };
}

/** An SOA record for negative answers (TTL and MINIMUM as given). */
export function soa(zone: string, ttl: number, minimum: number): Answer {
  return {
    type: 'SOA',
    name: zone,
    ttl,
    data: { mname: `ns.${zone}`, rname: `hostmaster.${zone}`, serial: 1, refresh: 60, retry: 60, expire: 600, minimum },
  };
}

/** An A or AAAA record. */
export function address(name: string, data: string, ttl = 5): Answer {
  return { type: data.includes(':') ? 'AAAA' : 'A', name, ttl, data };
}

function encodeAll(result: HandlerResult): Buffer[] {
  if (result === undefined) return [];
  const list = Array.isArray(result) ? result : [result];
  return list.map((item) => (Buffer.isBuffer(item) ? item : dnsPacket.encode(item)));
}

function seenOf(query: DecodedPacket, transport: 'udp' | 'tcp', sourcePort: number): SeenQuery {
  const q = query.questions?.[0];
  const edns = (query.additionals ?? []).some((a) => a.type === 'OPT');
  return { transport, id: query.id ?? 0, name: q?.name ?? '', type: q?.type ?? '', sourcePort, edns };
}

/** A tiny DNS server on 127.0.0.1 or ::1 (UDP and TCP, same random port) driven by a handler. */
export class Responder {
  readonly queries: SeenQuery[] = [];
  handler: Handler;
  readonly host: '127.0.0.1' | '::1';
  #udp = dgram.createSocket('udp4');
  #tcp = net.createServer();
  readonly #conns = new Set<net.Socket>();
  port = 0;

  constructor(handler: Handler, host: '127.0.0.1' | '::1' = '127.0.0.1') {
    this.handler = handler;
    this.host = host;
  }

  /** `127.0.0.1:<port>` or `[::1]:<port>` as a nameserver option value. */
  get nameserver(): string {
    return this.host === '::1' ? `[::1]:${this.port}` : `127.0.0.1:${this.port}`;
  }

  /** Binds UDP on a random port, then TCP on the same port (retrying with a new port if taken). */
  async start(): Promise<this> {
    for (let tries = 0; ; tries += 1) {
      this.#udp = dgram.createSocket(this.host === '::1' ? 'udp6' : 'udp4');
      this.#tcp = net.createServer();
      await new Promise<void>((resolve) => this.#udp.bind(0, this.host, resolve));
      this.port = this.#udp.address().port;
      const ok = await new Promise<boolean>((resolve) => {
        this.#tcp.once('error', () => resolve(false));
        this.#tcp.listen(this.port, this.host, () => resolve(true));
      });
      if (ok) break;
      await new Promise<void>((resolve) => this.#udp.close(() => resolve()));
      if (tries > 20) throw new Error('no free UDP+TCP port pair');
    }
    this.#udp.on('message', (bytes, rinfo) => this.#onDatagram(bytes, rinfo.port, rinfo.address));
    this.#tcp.on('connection', (socket) => this.#onConnection(socket));
    return this;
  }

  #answer(bytes: Buffer, transport: 'udp' | 'tcp', sourcePort: number): Buffer[] {
    const query = dnsPacket.decode(bytes);
    const seen = seenOf(query, transport, sourcePort);
    this.queries.push(seen);
    return encodeAll(this.handler(query, seen));
  }

  #onDatagram(bytes: Buffer, port: number, host: string): void {
    for (const out of this.#answer(bytes, 'udp', port)) this.#udp.send(out, port, host);
  }

  #onConnection(socket: net.Socket): void {
    this.#conns.add(socket);
    socket.on('close', () => this.#conns.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 2 || buffered.length < buffered.readUInt16BE(0) + 2) return;
      const message = buffered.subarray(2, buffered.readUInt16BE(0) + 2);
      buffered = Buffer.alloc(0);
      for (const out of this.#answer(message, 'tcp', socket.remotePort ?? 0)) {
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(out.length);
        socket.write(Buffer.concat([prefix, out]));
      }
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.#conns) socket.destroy();
    await new Promise<void>((resolve) => this.#tcp.close(() => resolve()));
    await new Promise<void>((resolve) => this.#udp.close(() => resolve()));
  }
}
