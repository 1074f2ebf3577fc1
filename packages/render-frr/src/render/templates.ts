import { Eta } from 'eta';
import type { CanonicalGroup, MeshrrMode } from '@meshrr/core';
import { FrrRenderError } from '../errors.js';
import type { FrrAddressFamily, FrrTemplates } from '../options.js';
import type { FrrRouterModel } from './model.js';

/** What an operator template sees as `it` (read-only data; every value already validated). */
export interface FrrTemplateContext {
  readonly asn: number;
  readonly routerId: string;
  readonly mode: MeshrrMode;
  readonly gracefulShutdown: boolean;
  readonly addressFamilies: readonly FrrAddressFamily[];
  readonly groups: readonly (CanonicalGroup & { readonly families: readonly FrrAddressFamily[] })[];
}

/** Rendered operator lines per slot (blank lines and lone `!` dropped, trailing spaces trimmed). */
export interface RenderedTemplates {
  readonly global: readonly string[];
  readonly bgp: readonly string[];
  readonly addressFamily: Partial<Record<FrrAddressFamily, readonly string[]>>;
}

const eta = new Eta({ autoEscape: false, autoTrim: false, useWith: false });

/** Builds the template context from the validated model. */
export function templateContext(
  model: FrrRouterModel,
  addressFamilies: readonly FrrAddressFamily[],
): FrrTemplateContext {
  return {
    asn: model.asn,
    routerId: model.routerId,
    mode: model.mode,
    gracefulShutdown: model.gracefulShutdown,
    addressFamilies,
    // never the session keys: templates see names, members, ranges and families only
    groups: model.groups.map((g) => ({
      name: g.name,
      kind: g.kind,
      peerType: g.peerType,
      neighbors: g.neighbors,
      allow: g.allow,
      asRanges: g.asRanges,
      families: g.families,
    })),
  };
}

/** Statements of a managed peer-group that meshrr writes itself (templates may not). */
const OWNED_NEIGHBOR_WORDS =
  /^(peer-group|remote-as|description|ebgp-multihop|enforce-first-as|password|timers|bfd|activate|route-reflector-client|route-server-client|attribute-unchanged|maximum-prefix)\b/;

function refuseOwnedNeighborLines(field: string, lines: readonly string[], groups: ReadonlySet<string>): void {
  for (const line of lines) {
    const m = /^(?:no )?neighbor (\S+) (.*)$/.exec(line.trim());
    if (m !== null && groups.has(m[1]!) && OWNED_NEIGHBOR_WORDS.test(m[2]!))
      throw new FrrRenderError(
        field,
        `"${line.trim()}": meshrr owns this statement of group ${m[1]!} (set it in meshrr.conf.yml instead)`,
      );
  }
}

function renderSlot(field: string, template: string | undefined, context: FrrTemplateContext): string[] {
  if (template === undefined) return [];
  let text: string;
  try {
    text = eta.renderString(template, context);
  } catch (error) {
    throw new FrrRenderError(field, `template failed: ${(error as Error).message}`, { cause: error });
  }
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && line.trim() !== '!');
}

function refuse(field: string, lines: readonly string[], owned: RegExp, why: string): void {
  const bad = lines.find((line) => owned.test(line.trim()));
  if (bad !== undefined) throw new FrrRenderError(field, `"${bad.trim()}": ${why}`);
}

/**
 * Renders the operator's templates. Slot lines inside `router bgp` are re-indented by the caller,
 * so they are taken without leading spaces.
 * @throws {FrrRenderError} when a template fails or writes what meshrr owns (`router bgp`,
 * `frr version`/`defaults` at top level; address-family blocks or `exit` inside the bgp slot).
 */
export function renderTemplates(templates: FrrTemplates, context: FrrTemplateContext): RenderedTemplates {
  const global = renderSlot('options.templates.global', templates.global, context);
  refuse(
    'options.templates.global',
    global,
    /^(router bgp|frr (version|defaults)|end$)/,
    'meshrr writes this itself; put BGP lines in the bgp/addressFamily templates',
  );
  const bgp = renderSlot('options.templates.bgp', templates.bgp, context).map((line) => line.trim());
  refuse(
    'options.templates.bgp',
    bgp,
    /^(address-family|exit|exit-address-family|router )/,
    'put address-family lines in options.templates.addressFamily',
  );
  const addressFamily: Partial<Record<FrrAddressFamily, readonly string[]>> = {};
  for (const af of context.addressFamilies) {
    const field = `options.templates.addressFamily.${af}`;
    const lines = renderSlot(field, templates.addressFamily?.[af], context).map((line) => line.trim());
    refuse(
      field,
      lines,
      /^(address-family|exit|exit-address-family|router )/,
      'write only lines inside the address family',
    );
    addressFamily[af] = lines;
  }
  for (const af of Object.keys(templates.addressFamily ?? {})) {
    if (!context.addressFamilies.includes(af as FrrAddressFamily))
      throw new FrrRenderError(
        `options.templates.addressFamily.${af}`,
        `the router does not render this address family (it renders ${context.addressFamilies.join(', ')})`,
      );
  }
  const managed = new Set(context.groups.map((g) => g.name));
  refuseOwnedNeighborLines('options.templates.bgp', bgp, managed);
  for (const [af, lines] of Object.entries(addressFamily))
    refuseOwnedNeighborLines(`options.templates.addressFamily.${af}`, lines, managed);
  return { global, bgp, addressFamily };
}
