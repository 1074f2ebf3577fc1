import type { DiscoveredPeer, PeerSink } from '@meshrr/core';

/** One call a source made on its sink. */
export type SinkEvent =
  { type: 'emit'; peers: readonly DiscoveredPeer[] } | { type: 'success' } | { type: 'failure'; error: Error };

/** A {@link PeerSink} that records every call in order. */
export class RecordingSink implements PeerSink {
  readonly events: SinkEvent[] = [];

  emit(peers: readonly DiscoveredPeer[]): void {
    this.events.push({ type: 'emit', peers });
  }

  reportSuccess(): void {
    this.events.push({ type: 'success' });
  }

  reportFailure(error: Error): void {
    this.events.push({ type: 'failure', error });
  }

  /** The addresses of every emitted set, in order. */
  emittedAddresses(): string[][] {
    return this.events.flatMap((e) => (e.type === 'emit' ? [e.peers.map((p) => p.address)] : []));
  }

  /** The DiscoveryError kinds (or messages) of every failure, in order. */
  failureKinds(): string[] {
    return this.events.flatMap((e) =>
      e.type === 'failure' ? [(e.error as Error & { kind?: string }).kind ?? e.error.message] : [],
    );
  }
}
