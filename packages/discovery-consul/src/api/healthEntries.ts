import {
  checkPeerAddress,
  DiscoveryError,
  RejectedRecordsError,
  type DiscoveredPeer,
  type RejectedRecord,
} from '@meshrr/core';
import { z } from 'zod';

const meta = z.record(z.string(), z.string()).nullish();
const entrySchema = z.object({
  Node: z.object({ Node: z.string(), Address: z.string(), Datacenter: z.string().nullish(), Meta: meta }),
  Service: z.object({
    ID: z.string(),
    Service: z.string(),
    Tags: z.array(z.string()).nullish(),
    Address: z.string().nullish(),
    Port: z.number().int().nullish(),
    Meta: meta,
    Namespace: z.string().nullish(),
    Partition: z.string().nullish(),
  }),
  Checks: z.array(z.object({ CheckID: z.string(), Status: z.string(), ServiceID: z.string().nullish() })).nullish(),
});
type HealthEntry = z.output<typeof entrySchema>;

/** How entries become peers. */
export interface EntryPolicy {
  readonly passingOnly: boolean;
  readonly zoneMetaKey: string;
}

/** Aggregated status of an instance's node and service checks: critical > warning > passing. */
function aggregateHealth(entry: HealthEntry): string {
  const statuses = (entry.Checks ?? []).map((c) => c.Status);
  if (statuses.includes('critical')) return 'critical';
  if (statuses.some((s) => s !== 'passing')) return 'warning';
  return 'passing';
}

function labelsOf(entry: HealthEntry, health: string, zoneMetaKey: string): Record<string, string> {
  const labels: Record<string, string> = {
    name: entry.Node.Node,
    node: entry.Node.Node,
    service_id: entry.Service.ID,
    health,
  };
  if (entry.Node.Datacenter) labels['datacenter'] = entry.Node.Datacenter;
  const zone = entry.Service.Meta?.[zoneMetaKey] ?? entry.Node.Meta?.[zoneMetaKey];
  if (zone) labels['zone'] = zone;
  if (entry.Service.Namespace) labels['namespace'] = entry.Service.Namespace;
  if (entry.Service.Partition) labels['partition'] = entry.Service.Partition;
  return labels;
}

/**
 * Turns a `/v1/health/service` answer body into the complete peer set. The address is
 * `Service.Address`, falling back to `Node.Address` when empty (as Consul's DNS interface does);
 * the port is `Service.Port` when positive. With `passingOnly`, instances with any non-passing
 * check are left out (the server filters with `passing`; this re-checks). Instances sharing an
 * address and port merge (lowest service ID wins). Throws `DiscoveryError` `invalid-document`
 * for a body that is not an array of health entries, and {@link RejectedRecordsError} (`invalid-peer`)
 * listing every instance whose address core's peer address policy refuses (naming service ID and
 * node): never a partial set.
 */
export function peersFromHealthEntries(body: string, policy: EntryPolicy, where: string): readonly DiscoveredPeer[] {
  let json: unknown;
  try {
    json = JSON.parse(body) as unknown;
  } catch (error) {
    throw new DiscoveryError('invalid-document', `${where}: answer is not JSON`, { cause: error });
  }
  const parsed = z.array(entrySchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DiscoveryError(
      'invalid-document',
      `${where}: not a list of health entries: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
    );
  }
  const entries = [...parsed.data].sort((a, b) =>
    a.Service.ID < b.Service.ID ? -1 : a.Service.ID > b.Service.ID ? 1 : 0,
  );
  const byKey = new Map<string, DiscoveredPeer>();
  const rejected: RejectedRecord[] = [];
  for (const entry of entries) {
    const health = aggregateHealth(entry);
    if (policy.passingOnly && health !== 'passing') continue;
    const text = entry.Service.Address ? entry.Service.Address : entry.Node.Address;
    const check = checkPeerAddress(text);
    if (!check.ok) {
      const instance = `instance ${entry.Service.ID} on node ${entry.Node.Node}`;
      rejected.push({ record: `${instance}: ${text}`, reason: check.class, detail: `${instance}: ${check.reason}` });
      continue;
    }
    const port =
      entry.Service.Port !== undefined && entry.Service.Port !== null && entry.Service.Port > 0
        ? entry.Service.Port
        : undefined;
    const key = `${check.address}|${port ?? ''}`;
    if (byKey.has(key)) continue;
    const labels = labelsOf(entry, health, policy.zoneMetaKey);
    byKey.set(key, port === undefined ? { address: check.address, labels } : { address: check.address, port, labels });
  }
  if (rejected.length > 0) throw new RejectedRecordsError(where, rejected);
  return [...byKey.values()];
}
