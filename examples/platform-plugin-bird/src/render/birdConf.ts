import { formatAsRange, type AsRange } from '@meshrr/core';
import type { BirdGroupModel, BirdRouterModel } from './birdModel.js';
import {
  dynamicNamePrefix,
  EXPORT_FILTER,
  formatDescription,
  GRACEFUL_SHUTDOWN_EXPORT_FILTER,
  GRACEFUL_SHUTDOWN_MARKER,
  groupMarkerName,
  IMPORT_FILTER,
  neighborProtocolName,
  rangeProtocolName,
  routeServerImportFilterName,
  SESSION_TEMPLATE,
  symbol,
} from './names.js';

/** What shapes the rendered file besides the desired state (from the platform options). */
export interface BirdRenderOptions {
  /** Operator files included at the top (absolute paths). */
  readonly include: readonly string[];
  readonly connectRetryS: number;
  readonly connectDelayS?: number;
  readonly errorWaitMinS: number;
  readonly errorWaitMaxS: number;
  readonly holdTimeS?: number;
  readonly keepaliveS?: number;
  /** `multihop` TTL of route-server (eBGP) sessions. */
  readonly multihopTtl: number;
}

/** RFC 8326 GRACEFUL_SHUTDOWN (65535:0) as a BIRD pair. */
const GRACEFUL_SHUTDOWN = '(65535, 0)';

const HEADER = [
  '# Rendered by meshrr (platform bird): the whole file is rewritten on every change.',
  '# Your own configuration belongs in the files of the platform option "include".',
];

function filters(model: BirdRouterModel): string[] {
  const lines = [
    `filter ${IMPORT_FILTER} {`,
    '  # RFC 8326 receiver: a route announced with GRACEFUL_SHUTDOWN is the least preferred',
    `  if ${GRACEFUL_SHUTDOWN} ~ bgp_community then bgp_local_pref = 0;`,
    '  accept;',
    '}',
    `filter ${EXPORT_FILTER} {`,
    '  # a route reflector / route server passes BGP routes on and originates nothing',
    '  if source != RTS_BGP then reject;',
    '  accept;',
    '}',
    `filter ${GRACEFUL_SHUTDOWN_EXPORT_FILTER} {`,
    '  # RFC 8326 sender: draining, every route is announced as the least preferred',
    '  if source != RTS_BGP then reject;',
    `  bgp_community.add(${GRACEFUL_SHUTDOWN});`,
    '  bgp_local_pref = 0;',
    '  accept;',
    '}',
  ];
  for (const group of model.groups) {
    if (group.peerType !== 'external' || group.asRanges.length === 0) continue;
    lines.push(
      `filter ${symbol(routeServerImportFilterName(group.name))} {`,
      `  # route server ${group.name}: the first AS of a path (the peer's own: enforce first as) must be in range`,
      `  if !(bgp_path.first ~ [${group.asRanges.map(asRangeItem).join(', ')}]) then reject;`,
      `  if ${GRACEFUL_SHUTDOWN} ~ bgp_community then bgp_local_pref = 0;`,
      '  accept;',
      '}',
    );
  }
  return lines;
}

function asRangeItem(range: AsRange): string {
  return range.start === range.end ? String(range.start) : `${range.start}..${range.end}`;
}

function template(model: BirdRouterModel, options: BirdRenderOptions): string[] {
  const lines = [
    `template bgp ${SESSION_TEMPLATE} {`,
    `  local as ${model.asn};`,
    `  connect retry time ${options.connectRetryS};`,
  ];
  if (options.connectDelayS !== undefined) lines.push(`  connect delay time ${options.connectDelayS};`);
  lines.push(`  error wait time ${options.errorWaitMinS}, ${options.errorWaitMaxS};`);
  if (options.holdTimeS !== undefined) lines.push(`  hold time ${options.holdTimeS};`);
  if (options.keepaliveS !== undefined) lines.push(`  keepalive time ${options.keepaliveS};`);
  const exportFilter = model.gracefulShutdown ? GRACEFUL_SHUTDOWN_EXPORT_FILTER : EXPORT_FILTER;
  lines.push('  ipv4 {', `    import filter ${IMPORT_FILTER};`, `    export filter ${exportFilter};`, '  };', '}');
  return lines;
}

function marker(group: BirdGroupModel): string[] {
  const description = formatDescription({
    group: group.name,
    range: false,
    asRanges: group.asRanges.map(formatAsRange),
  });
  return [
    `protocol static ${symbol(groupMarkerName(group.name))} {`,
    '  disabled;',
    `  description "${description}";`,
    '  ipv4;',
    '}',
  ];
}

/** Route-reflection or route-server lines of a group's sessions. */
function roleLines(group: BirdGroupModel, model: BirdRouterModel, options: BirdRenderOptions): string[] {
  if (group.peerType === 'external') {
    const lines = ['  rs client;', `  multihop ${options.multihopTtl};`, '  enforce first as on;'];
    if (group.asRanges.length > 0)
      lines.push(`  ipv4 { import filter ${symbol(routeServerImportFilterName(group.name))}; };`);
    return lines;
  }
  // meshrr ipv4rr: a subtractive (client) group is reflected to, each pod its own cluster
  return group.kind === 'subtractive' ? ['  rr client;', `  rr cluster id ${model.routerId};`] : [];
}

function sessions(group: BirdGroupModel, model: BirdRouterModel, options: BirdRenderOptions): string[] {
  const role = roleLines(group, model, options);
  const lines: string[] = [];
  for (const address of group.neighbors)
    lines.push(
      `protocol bgp ${symbol(neighborProtocolName(group.name, address))} from ${SESSION_TEMPLATE} {`,
      `  description "${formatDescription({ group: group.name, range: false, asRanges: [] })}";`,
      `  neighbor ${address} ${group.peerType === 'internal' ? `as ${model.asn}` : 'external'};`,
      ...role,
      '}',
    );
  for (const prefix of group.allow)
    lines.push(
      `protocol bgp ${symbol(rangeProtocolName(group.name, prefix))} from ${SESSION_TEMPLATE} {`,
      `  description "${formatDescription({ group: group.name, range: true, asRanges: [] })}";`,
      `  neighbor range ${prefix} ${group.peerType};`,
      `  dynamic name "${dynamicNamePrefix(group.name)}";`,
      ...role,
      '}',
    );
  return lines;
}

/**
 * The complete `bird.conf` for `model`: router id, the operator's includes, a device protocol, the
 * RFC 8326 filters, one session template, and per managed group a disabled static marker (so an
 * empty group and its AS ranges read back), one `protocol bgp` per neighbor (mesh groups) and one
 * dynamic-BGP listener (`neighbor range`) per `allow` prefix (subtractive groups: `rr client` with
 * the router's own `rr cluster id`, or `rs client` with `enforce first as` and the AS-range import
 * filter for route servers). While draining, a marker protocol and the graceful-shutdown export
 * filter. Every symbol is quoted. Deterministic: the same model gives the same bytes.
 */
export function renderBirdConf(model: BirdRouterModel, options: BirdRenderOptions): string {
  const lines = [
    ...HEADER,
    `router id ${model.routerId};`,
    '# protocol times as seconds since the epoch: meshrr reads session uptimes from them',
    'timeformat protocol "%s.%3f";',
    ...options.include.map((file) => `include "${file}";`),
    'protocol device meshrr_device {',
    '}',
    ...filters(model),
    ...template(model, options),
  ];
  if (model.gracefulShutdown)
    lines.push(
      `protocol static ${GRACEFUL_SHUTDOWN_MARKER} {`,
      '  disabled;',
      '  description "meshrr: RFC 8326 graceful shutdown in force";',
      '  ipv4;',
      '}',
    );
  for (const group of model.groups)
    lines.push(
      `# group ${group.name}: ${group.kind}, ${group.peerType}`,
      ...marker(group),
      ...sessions(group, model, options),
    );
  return `${lines.join('\n')}\n`;
}
