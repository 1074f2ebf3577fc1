import type { BirdReply } from '../control/replyLines.js';

/** One channel of a protocol (`Channel ipv4` in `show protocols all`). */
export interface BirdChannel {
  readonly name: string;
  readonly state?: string;
  readonly inputFilter?: string;
  readonly outputFilter?: string;
}

/** One protocol as `show protocols all` reports it (BIRD 2.0: nest/proto.c, proto/bgp/bgp.c). */
export interface BirdProtocol {
  readonly name: string;
  /** `BGP`, `Static`, `Device`, … */
  readonly proto: string;
  /** `up`, `start`, `down`, `flush`, `stop`. */
  readonly state: string;
  /** The `Since` column as epoch milliseconds, when it is a number (meshrr's `timeformat protocol "%s.%3f"`). */
  readonly sinceMs?: number;
  readonly description?: string;
  /** `BGP state:` (`Established`, `Active`, `Passive`, `Down`, …). */
  readonly bgpState?: string;
  readonly neighborAddress?: string;
  /** `Neighbor range:` of a dynamic-BGP listener. */
  readonly neighborRange?: string;
  readonly neighborAs?: number;
  readonly channels: readonly BirdChannel[];
}

interface Building {
  name: string;
  proto: string;
  state: string;
  sinceMs?: number;
  description?: string;
  bgpState?: string;
  neighborAddress?: string;
  neighborRange?: string;
  neighborAs?: number;
  channels: { name: string; state?: string; inputFilter?: string; outputFilter?: string }[];
}

const PROTOCOL_CODE = 1002;
const DETAIL_CODE = 1006;
const FIELD = /^\s*([A-Za-z][A-Za-z0-9 ]*?):\s+(.*?)\s*$/;

function header(text: string): Building | undefined {
  const [name, proto, , state, since] = text.trim().split(/\s+/);
  if (name === undefined || proto === undefined || state === undefined) return undefined;
  const seconds = since !== undefined && /^\d+(\.\d+)?$/.test(since) ? Number(since) : undefined;
  return {
    name,
    proto,
    state,
    ...(seconds === undefined ? {} : { sinceMs: Math.round(seconds * 1000) }),
    channels: [],
  };
}

function detail(protocol: Building, text: string): void {
  const channel = /^\s*Channel (\S+)\s*$/.exec(text);
  if (channel !== null) {
    protocol.channels.push({ name: channel[1]! });
    return;
  }
  const field = FIELD.exec(text);
  if (field === null) return;
  const [, key, value] = field as unknown as [string, string, string];
  const current = protocol.channels.at(-1);
  if (current !== undefined) {
    if (key === 'State') current.state = value;
    else if (key === 'Input filter') current.inputFilter = value;
    else if (key === 'Output filter') current.outputFilter = value;
    return;
  }
  if (key === 'Description') protocol.description = value;
  else if (key === 'BGP state') protocol.bgpState = value;
  else if (key === 'Neighbor address') protocol.neighborAddress = value;
  else if (key === 'Neighbor range') protocol.neighborRange = value;
  else if (key === 'Neighbor AS' && /^\d+$/.test(value)) protocol.neighborAs = Number(value);
}

/**
 * Parses the reply of `show protocols all`: one entry per `1002` line, with the `1006` details
 * meshrr reads (description, BGP state, neighbor address or range, neighbor AS, channels and their
 * filters). Lines it does not know are skipped, so later BIRD versions that add lines still parse.
 */
export function parseShowProtocols(reply: BirdReply): BirdProtocol[] {
  const protocols: Building[] = [];
  for (const line of reply.lines) {
    if (line.code === PROTOCOL_CODE) {
      const next = header(line.text);
      if (next !== undefined) protocols.push(next);
    } else if (line.code === DETAIL_CODE) {
      const current = protocols.at(-1);
      if (current !== undefined) detail(current, line.text);
    }
  }
  return protocols;
}
