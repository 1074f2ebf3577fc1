import type { PlanResult, PlatformOverrides, SourceHealth } from '@meshrr/core';
import { EXIT_CODES } from '../cli/exitCodes.js';
import type { CommandIo } from '../cli/io.js';
import { formatOutput, type OutputFormat } from '../cli/output.js';
import { DiscardingMetrics } from '../runtime/discardingMetrics.js';
import { setUpAgent, type EngineCommandOptions } from './agentSetup.js';

/** Options of `meshrr plan` and `meshrr discover`. */
export interface InspectOptions extends EngineCommandOptions {
  readonly output: OutputFormat;
  readonly timeoutSeconds: number;
}

/** One line per source: group, kind, health and what it sees. */
export function formatSources(sources: readonly SourceHealth[]): string {
  return sources
    .map((s) => {
      const health = s.healthy
        ? 'healthy'
        : `UNHEALTHY (${s.consecutiveFailures} failures${s.lastError ? `: ${s.lastError}` : ''})`;
      const peers = s.peers.map((p) => (p.port === undefined ? p.address : `${p.address}:${p.port}`)).join(' ');
      return `${s.group} [${s.sourcetype}] ${s.synced ? '' : 'NOT SYNCED, '}${health}: ${s.peers.length} peer${s.peers.length === 1 ? '' : 's'}${peers ? ` ${peers}` : ''}`;
    })
    .join('\n');
}

function formatPlan(plan: PlanResult): string {
  const lines = [formatSources(plan.sources), ''];
  for (const d of plan.decisions) lines.push(`${d.action.padEnd(6)} ${d.group} ${d.peer} (${d.reason})`);
  if (plan.held.length > 0)
    lines.push(
      '',
      `held back by safety guards: ${plan.held.map((h) => `${h.group} ${h.peer} (${h.reason})`).join(', ')}`,
    );
  lines.push(
    '',
    plan.rendered === undefined
      ? 'no change: the device already has the desired configuration'
      : `change (${plan.rendered.format}):\n${plan.rendered.body}`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `meshrr plan`: one discovery round, then what would change on the device and why (every peer
 * decision with its reason, held removals, the device text), without committing anything.
 * Returns the exit code: 0 when the device already has the desired configuration, 3
 * ({@link EXIT_CODES.changes}) when it would change.
 */
export async function runPlan(options: InspectOptions, platform: PlatformOverrides, io: CommandIo): Promise<number> {
  const { root } = await setUpAgent(
    options,
    platform,
    { mode: 'plan', discoverTimeoutMs: options.timeoutSeconds * 1000 },
    io,
    new DiscardingMetrics(),
  );
  const plan = await root.engine.plan(AbortSignal.timeout(options.timeoutSeconds * 1000 + 30_000));
  io.stdout(formatOutput(plan, options.output, () => formatPlan(plan)));
  return plan.rendered === undefined ? EXIT_CODES.ok : EXIT_CODES.changes;
}

/**
 * `meshrr discover`: what every source sees now, with its health. Returns the exit code: 0, or 4
 * ({@link EXIT_CODES.unhealthy}) when a source is unhealthy or not synced.
 */
export async function runDiscover(
  options: InspectOptions,
  platform: PlatformOverrides,
  io: CommandIo,
): Promise<number> {
  const { root } = await setUpAgent(options, platform, { mode: 'plan' }, io, new DiscardingMetrics());
  const sources = await root.discovery.discoverOnce(
    AbortSignal.timeout(options.timeoutSeconds * 1000 + 5_000),
    options.timeoutSeconds * 1000,
  );
  const report = {
    groups: sources.map((s) => ({
      group: s.group,
      sourcetype: s.sourcetype,
      healthy: s.healthy,
      synced: s.synced,
      lastError: s.lastError,
      addresses: s.peers.map((p) => p.address),
      peers: s.peers,
    })),
  };
  io.stdout(formatOutput(report, options.output, () => formatSources(sources)));
  return sources.every((s) => s.healthy && s.synced) ? EXIT_CODES.ok : EXIT_CODES.unhealthy;
}
