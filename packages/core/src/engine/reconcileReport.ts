import type { RenderedChange } from '../api/renderer.js';
import type { BgpSessionState, DesiredRouterConfig, ManagedChange, ManagedState, PeerDecision } from '../api/state.js';
import type { SourceHealth } from '../api/status.js';

/** What one pass of the router reconciler found and did. */
export interface ReconcileReport {
  /** `unchanged`: nothing to do (or the device saw no difference); `committed`; `planned` (plan mode). */
  readonly outcome: 'unchanged' | 'committed' | 'planned';
  /** The managed state read from the device at the start. */
  readonly actual: ManagedState;
  readonly sessions: readonly BgpSessionState[];
  /** The desired configuration (after the guards' holds). */
  readonly desired: DesiredRouterConfig;
  /** The change from `actual` to `desired` (empty when unchanged). */
  readonly change: ManagedChange;
  /** Every peer decision (`desired.decisions`), held ones included. */
  readonly decisions: readonly PeerDecision[];
  /** Removals the guards held back. */
  readonly held: readonly PeerDecision[];
  /** The device text of the change (absent when the change is empty). */
  readonly rendered?: RenderedChange;
  /** The device's own diff of the staged change (apply mode). */
  readonly deviceDiff?: string;
  /** When the reconciler wants to run again (resync or next hold-down deadline). */
  readonly requeueAfterMs: number;
}

/** `meshrr plan`: what each source saw and what would change. */
export interface PlanResult extends ReconcileReport {
  readonly sources: readonly SourceHealth[];
}
