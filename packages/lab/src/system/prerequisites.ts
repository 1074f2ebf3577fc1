import { accessSync, constants } from 'node:fs';
import { LabPrerequisiteError } from '../errors.js';

/** A program the lab runs and the Debian package that provides it. */
interface Requirement {
  readonly path: string;
  readonly pkg: string;
}

/** Absolute paths of the programs the lab uses. */
export const PROGRAMS = {
  ip: '/usr/sbin/ip',
  named: '/usr/sbin/named',
  nsupdate: '/usr/bin/nsupdate',
  dig: '/usr/bin/dig',
  zebra: '/usr/lib/frr/zebra',
  bgpd: '/usr/lib/frr/bgpd',
  vtysh: '/usr/bin/vtysh',
  frrReload: '/usr/lib/frr/frr-reload.py',
  bird: '/usr/sbin/bird',
  birdc: '/usr/sbin/birdc',
} as const;

const REQUIREMENTS: readonly Requirement[] = [
  { path: PROGRAMS.ip, pkg: 'iproute2' },
  { path: PROGRAMS.named, pkg: 'bind9' },
  { path: PROGRAMS.nsupdate, pkg: 'bind9-dnsutils' },
  { path: PROGRAMS.dig, pkg: 'bind9-dnsutils' },
  { path: PROGRAMS.zebra, pkg: 'frr' },
  { path: PROGRAMS.bgpd, pkg: 'frr' },
  { path: PROGRAMS.vtysh, pkg: 'frr' },
  { path: PROGRAMS.frrReload, pkg: 'frr-pythontools' },
];

/** Needed only by labs with BIRD route reflectors (`daemon: bird`). */
const BIRD_REQUIREMENTS: readonly Requirement[] = [
  { path: PROGRAMS.bird, pkg: 'bird2' },
  { path: PROGRAMS.birdc, pkg: 'bird2' },
];

/** What a lab runs beyond FRR and bind9. */
export interface PrerequisiteNeeds {
  /** BIRD route reflectors (Debian bird2). */
  readonly bird?: boolean;
}

/** What is missing for a lab: `root` false when not uid 0, and the absent programs/packages. */
export interface PrerequisiteReport {
  readonly root: boolean;
  readonly missing: readonly string[];
  readonly packages: readonly string[];
}

/** Checks uid 0 and every program the lab runs (with `needs.bird`, BIRD's too). Never throws. */
export function checkPrerequisites(needs: PrerequisiteNeeds = {}): PrerequisiteReport {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const absent = [...REQUIREMENTS, ...(needs.bird === true ? BIRD_REQUIREMENTS : [])].filter((requirement) => {
    try {
      accessSync(requirement.path, constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
  return { root, missing: absent.map((r) => r.path), packages: [...new Set(absent.map((r) => r.pkg))] };
}

/**
 * Throws {@link LabPrerequisiteError} unless running as root with every program present. The
 * message names the Debian packages to install and `scripts/setup-system.sh`.
 */
export function assertPrerequisites(needs: PrerequisiteNeeds = {}): void {
  const report = checkPrerequisites(needs);
  const problems: string[] = [];
  if (!report.root) problems.push('the lab needs root (network namespaces, BGP port 179): run it as root');
  if (report.missing.length > 0) {
    problems.push(
      `missing ${report.missing.join(', ')}: install the Debian packages ${report.packages.join(' ')} (apt-get install -y ${report.packages.join(' ')}, or scripts/setup-system.sh)`,
    );
  }
  if (problems.length > 0) throw new LabPrerequisiteError(`cannot run the meshrr lab: ${problems.join('; ')}`, report);
}
