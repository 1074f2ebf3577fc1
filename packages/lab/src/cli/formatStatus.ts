import type { LabStatus, RouterStatus } from '../lab/labStatus.js';

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}

function sessionText(router: RouterStatus): string {
  if (!router.running) return 'NOT RUNNING';
  if (router.sessions.length === 0) return '-';
  return router.sessions
    .map(
      (s) =>
        `${s.peerName === undefined ? s.peer : `${s.peerName}${s.peer.includes(':') ? '(v6)' : ''}`}${s.dynamic ? '*' : ''}=${s.state === 'Established' ? 'up' : s.state}`,
    )
    .join(' ');
}

/** The GROUP column: `client/<group>` for clients, `<group> (bird)` for BIRD route reflectors. */
function groupText(router: RouterStatus): string {
  if (router.kind === 'client') return `client/${router.group}`;
  return router.daemon === 'bird' ? `${router.group} (bird)` : router.group;
}

/**
 * Human-readable `meshrr lab status`: one line per router (name, group with ` (bird)` for BIRD, its
 * addresses, sessions as `peer=up|<state>`, `(v6)` after a lab peer reached over IPv6, `*` =
 * accepted through a listen range), then one line per client prefix with
 * the routers holding a best path to it (`router(lp N)` when local-preference is not 100).
 */
export function formatLabStatus(status: LabStatus): string {
  const lines = [
    `lab ${status.name} (${status.stateDir}); dns ${status.dns === undefined ? 'none' : `${status.dns.address} ${status.dns.running ? 'running' : 'STOPPED'}`}`,
    '',
  ];
  lines.push(`${pad('ROUTER', 16)}${pad('GROUP', 20)}${pad('ADDRESS', 15)}SESSIONS`);
  for (const router of status.routers) {
    lines.push(
      `${pad(router.name, 16)}${pad(groupText(router), 20)}${pad(router.addresses.join(','), 15)}${sessionText(router)}`,
    );
  }
  lines.push('', `${pad('PREFIX', 18)}${pad('FROM', 12)}${pad('COMMUNITIES', 14)}SEEN AT`);
  for (const prefix of status.prefixes) {
    const seen = prefix.seenAt.map((s) =>
      s.localPref === undefined || s.localPref === 100 ? s.router : `${s.router}(lp ${s.localPref})`,
    );
    lines.push(
      `${pad(prefix.prefix, 18)}${pad(prefix.origin, 12)}${pad(prefix.communities.join(',') || '-', 14)}${seen.join(' ') || '-'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
