import { LabError } from '../errors.js';
import { saveState, type LabState } from '../state/labState.js';
import { isAlive, stopProcess } from '../system/processes.js';
import { startBind as startNamed } from './bindServer.js';

/** Stops the lab's named (by recorded PID) and records that it is stopped. Idempotent. */
export async function stopBindRecord(state: LabState): Promise<void> {
  const dns = state.dns;
  if (dns?.process === undefined) return;
  await stopProcess(dns.process);
  delete dns.process;
  saveState(state);
}

/** Starts the lab's named again unless it runs. @throws {LabError} when the lab has no DNS. */
export async function startBind(state: LabState): Promise<void> {
  const dns = state.dns;
  if (dns === undefined) throw new LabError(`lab ${state.name} has no DNS server`);
  if (dns.process !== undefined && isAlive(dns.process)) return;
  dns.process = await startNamed(dns.netns, dns.dir);
  saveState(state);
}
