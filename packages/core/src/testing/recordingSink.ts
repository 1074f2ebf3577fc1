import type { PeerSink } from '../api/discovery.js';
import type { DiscoveredPeer } from '../api/peer.js';
import { eventually } from './patience.js';

/** One call a source made on its sink. */
export type SinkCall =
  | { readonly kind: 'emit'; readonly peers: readonly DiscoveredPeer[] }
  | { readonly kind: 'success' }
  | { readonly kind: 'failure'; readonly error: Error };

/**
 * A {@link PeerSink} that records every call and lets a test wait (bounded, polling on real
 * time) for a condition on the calls. Test support.
 */
export class RecordingSink implements PeerSink {
  readonly calls: SinkCall[] = [];

  emit(peers: readonly DiscoveredPeer[]): void {
    this.calls.push({ kind: 'emit', peers });
  }
  reportSuccess(): void {
    this.calls.push({ kind: 'success' });
  }
  reportFailure(error: Error): void {
    this.calls.push({ kind: 'failure', error });
  }

  /** Every call as one line: `emit 10.0.0.1,10.0.0.2`, `success`, `failure <message>` (compact assertions). */
  get events(): string[] {
    return this.calls.map((c) =>
      c.kind === 'emit'
        ? `emit ${c.peers.map((p) => p.address).join(',')}`
        : c.kind === 'success'
          ? 'success'
          : `failure ${c.error.message}`,
    );
  }

  /** Every emitted set, in order. */
  get emits(): (readonly DiscoveredPeer[])[] {
    return this.calls.flatMap((c) => (c.kind === 'emit' ? [c.peers] : []));
  }
  /** Every reported failure, in order. */
  get failures(): Error[] {
    return this.calls.flatMap((c) => (c.kind === 'failure' ? [c.error] : []));
  }
  /** Addresses of the last emitted set, sorted (undefined before the first emit). */
  get lastAddresses(): string[] | undefined {
    const last = this.emits.at(-1);
    return last?.map((p) => p.address).sort();
  }

  /** Resolves once `predicate` holds; rejects naming `what` (and the last calls) after the hang guard. */
  async waitFor(what: string, predicate: () => boolean): Promise<void> {
    await eventually(() => predicate(), {
      what,
      intervalMs: 5,
      describe: () =>
        `last calls: ${JSON.stringify(this.calls.slice(-30).map((c) => (c.kind === 'emit' ? c.peers.map((p) => p.address) : c.kind === 'failure' ? c.error.message : c.kind)))}`,
    });
  }
}
