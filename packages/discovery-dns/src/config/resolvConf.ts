import { parseNameserver, type NameserverEndpoint } from './nameserver.js';

/** What a stub resolver takes from `resolv.conf` (glibc semantics and limits). */
export interface ResolverSettings {
  /** At most 3 servers, in file order (glibc `MAXNS`). Default `127.0.0.1:53` when none. */
  readonly nameservers: readonly NameserverEndpoint[];
  /** Search domains without trailing dots, from the last `search` or `domain` line. */
  readonly search: readonly string[];
  /** `options ndots:n`, 0-15, default 1. */
  readonly ndots: number;
  /** `options timeout:n` in ms (per try), 1-30 s, default 5 s. */
  readonly timeoutMs: number;
  /** `options attempts:n`, rounds over all servers, 1-5, default 2. */
  readonly attempts: number;
}

/** What {@link parseResolvConf} returns: the settings and lines it ignored, with the reason. */
export interface ResolvConfParse {
  readonly settings: ResolverSettings;
  readonly ignored: readonly { readonly line: number; readonly text: string; readonly reason: string }[];
}

const MAX_NAMESERVERS = 3;

/** The settings glibc uses with an empty or missing `resolv.conf`. */
export const DEFAULT_RESOLVER_SETTINGS: ResolverSettings = {
  nameservers: [{ host: '127.0.0.1', port: 53, family: 4 }],
  search: [],
  ndots: 1,
  timeoutMs: 5_000,
  attempts: 2,
};

interface Draft {
  nameservers: NameserverEndpoint[];
  search: string[];
  ndots: number;
  timeoutMs: number;
  attempts: number;
}

function clampInt(text: string, min: number, max: number): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  return Math.min(max, Math.max(min, Number(text)));
}

function applyOption(draft: Draft, option: string): string | undefined {
  const [key, value] = option.split(':', 2);
  if (value === undefined) return undefined; // flag options (rotate, edns0, ...) do not change what we do
  const number = (min: number, max: number): number | undefined => clampInt(value, min, max);
  if (key === 'ndots') draft.ndots = number(0, 15) ?? draft.ndots;
  else if (key === 'timeout') draft.timeoutMs = (number(1, 30) ?? draft.timeoutMs / 1000) * 1000;
  else if (key === 'attempts') draft.attempts = number(1, 5) ?? draft.attempts;
  else return undefined;
  return clampInt(value, 0, Number.MAX_SAFE_INTEGER) === undefined ? `option ${key} needs a number` : undefined;
}

function applyLine(draft: Draft, keyword: string, args: string[]): string | undefined {
  switch (keyword) {
    case 'nameserver': {
      const address = args[0] ?? '';
      const parsed = parseNameserver(address);
      if (!parsed.ok || address.includes('[') || (parsed.endpoint.family === 4 && address.includes(':'))) {
        return parsed.ok ? 'a resolv.conf nameserver is an IP address without a port' : parsed.reason;
      }
      if (draft.nameservers.length >= MAX_NAMESERVERS)
        return `only the first ${MAX_NAMESERVERS} nameservers are used (glibc)`;
      draft.nameservers.push(parsed.endpoint);
      return undefined;
    }
    case 'search':
    case 'domain':
      draft.search = args.map((d) => d.replace(/\.$/, '')).filter((d) => d !== '');
      return undefined;
    case 'options':
      return args.map((option) => applyOption(draft, option)).find((r) => r !== undefined);
    default:
      return `unknown keyword ${JSON.stringify(keyword)}`;
  }
}

/**
 * Parses `resolv.conf` text the way glibc does: `nameserver` (IP literal, first 3), `search` /
 * `domain` (the last one wins), `options ndots: timeout: attempts:` (clamped to glibc's limits),
 * comments after `#` or `;`. Unknown lines are ignored and listed. Pure; never throws.
 */
export function parseResolvConf(text: string): ResolvConfParse {
  const draft: Draft = { nameservers: [], search: [], ndots: 1, timeoutMs: 5_000, attempts: 2 };
  const ignored: { line: number; text: string; reason: string }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/[#;].*$/, '').trim();
    if (line === '') return;
    const [keyword = '', ...args] = line.split(/\s+/);
    const reason = applyLine(draft, keyword, args);
    if (reason !== undefined) ignored.push({ line: index + 1, text: raw, reason });
  });
  const nameservers = draft.nameservers.length > 0 ? draft.nameservers : DEFAULT_RESOLVER_SETTINGS.nameservers;
  return { settings: { ...draft, nameservers }, ignored };
}
