import { startBind, stopBindRecord } from '../dns/dnsControl.js';
import { requireState } from '../state/labState.js';
import { stateDirOf, type LabRef } from './handle.js';

/**
 * Stops the lab's DNS server (like a CoreDNS outage); agents keep running. Idempotent.
 * @throws {LabError} when there is no lab.
 */
export async function labDnsStop(ref: LabRef): Promise<void> {
  const state = requireState(stateDirOf(ref));
  await stopBindRecord(state);
}

/**
 * Starts the lab's DNS server again with every record it had (bind replays its journal).
 * Idempotent: a running server is left alone.
 */
export async function labDnsStart(ref: LabRef): Promise<void> {
  const state = requireState(stateDirOf(ref));
  await startBind(state);
}
