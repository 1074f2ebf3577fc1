/**
 * Top-level lines that describe the host rather than configuration, keyed by what they set. FRR
 * 8.4 shows the system hostname (`hostname` in frr.conf does not take effect in a container) and
 * the kernel's forwarding switches (`no ip forwarding`), so a rendered file without them would
 * never be an empty diff, and applying it would run `no hostname` / `ip forwarding`.
 */
const ENVIRONMENT_KEYS: readonly { readonly key: string; readonly pattern: RegExp }[] = [
  { key: 'version', pattern: /^frr version \S+$/ },
  { key: 'hostname', pattern: /^(no )?hostname( \S+)?$/ },
  { key: 'ip-forwarding', pattern: /^(no )?ip forwarding$/ },
  { key: 'ipv6-forwarding', pattern: /^(no )?ipv6 forwarding$/ },
];

function environmentKey(line: string): string | undefined {
  return ENVIRONMENT_KEYS.find((k) => k.pattern.test(line))?.key;
}

/**
 * The file frr-reload gets: the rendered `body` with the host's environment lines taken from the
 * running configuration (`frr version`, `hostname`, `[no] ip[v6] forwarding`) where the body sets
 * none of its own (the running `frr version` always wins: it is the daemon's, not a setting).
 * Other lines are untouched. Pure.
 */
export function candidateWithEnvironment(body: string, running: string): string {
  const runningEnv = new Map<string, string>();
  for (const line of running.split('\n')) {
    const key = environmentKey(line.trimEnd());
    if (key !== undefined && !runningEnv.has(key)) runningEnv.set(key, line.trimEnd());
  }
  const lines = body.split('\n');
  const bodyKeys = new Set(
    lines.map((line) => environmentKey(line.trimEnd())).filter((k): k is string => k !== undefined),
  );
  const out = lines.map((line) =>
    environmentKey(line.trimEnd()) === 'version' && runningEnv.has('version') ? runningEnv.get('version')! : line,
  );
  const carried = [...runningEnv.entries()].filter(([key]) => !bodyKeys.has(key)).map(([, line]) => line);
  if (carried.length === 0) return out.join('\n');
  const headerEnd = out.findIndex(
    (line) => line.trim() === '!' || line.startsWith(' ') || /^(router|route-map|bgp|interface|ip |ipv6 )/.test(line),
  );
  const at = headerEnd < 0 ? out.length : headerEnd;
  return [...out.slice(0, at), ...carried, ...out.slice(at)].join('\n');
}
