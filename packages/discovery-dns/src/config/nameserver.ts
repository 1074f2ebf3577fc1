import { formatIpAddress, parseIpAddress } from '@meshrr/core';

/** A DNS server to query: a canonical IP literal and a UDP/TCP port. */
export interface NameserverEndpoint {
  readonly host: string;
  readonly port: number;
  readonly family: 4 | 6;
}

/** The result of {@link parseNameserver}: the endpoint, or why the text is not one. */
export type NameserverParse = { ok: true; endpoint: NameserverEndpoint } | { ok: false; reason: string };

const DNS_PORT = 53;

function endpoint(hostText: string, portText: string | undefined): NameserverParse {
  const ip = parseIpAddress(hostText);
  if (ip === undefined)
    return {
      ok: false,
      reason: `${JSON.stringify(hostText)} is not an IP address literal (host names are not allowed: they would need DNS themselves)`,
    };
  let port = DNS_PORT;
  if (portText !== undefined) {
    if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      return { ok: false, reason: `port ${JSON.stringify(portText)} is not an integer 1-65535` };
    }
    port = Number(portText);
  }
  return { ok: true, endpoint: { host: formatIpAddress(ip), port, family: ip.family } };
}

/**
 * Parses one nameserver as written in options: `10.96.0.10`, `10.96.0.10:5353`, `fd00::10`,
 * `[fd00::10]:5353`. The host must be an IP literal; the port defaults to 53. Pure; never throws.
 */
export function parseNameserver(text: string): NameserverParse {
  const trimmed = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(trimmed);
  if (bracketed) return endpoint(bracketed[1] ?? '', bracketed[2]);
  const colons = trimmed.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = trimmed.split(':');
    return endpoint(host ?? '', port);
  }
  return endpoint(trimmed, undefined);
}

/** `host:port` text of an endpoint, with IPv6 in brackets (for logs and error messages). */
export function formatNameserver(server: NameserverEndpoint): string {
  return server.family === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}
