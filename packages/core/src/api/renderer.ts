import type { ServiceIdentifier } from 'inversify';
import type { DesiredRouterConfig, ManagedChange, ManagedState } from './state.js';

/** What a renderer turns into device text: the goal, where the device is, and the minimal step. */
export interface RenderInput {
  readonly desired: DesiredRouterConfig;
  readonly actual: ManagedState;
  readonly change: ManagedChange;
}

/**
 * The same change as commands applied in place, from the managed state it was computed from (FRR:
 * `configure terminal` lines such as `neighbor 10.0.0.2 peer-group MESHRR-MESH`).
 */
export interface IncrementalChange {
  /** e.g. `frr-vtysh`. The transport checks it understands it. */
  readonly format: string;
  readonly lines: readonly string[];
}

/** A change in the device's own language, ready for a {@link ConfigSession}. */
export interface RenderedChange {
  readonly platform: string;
  /** e.g. `junos-set`, `junos-xml`, `frr-conf`. The transport checks it understands it. */
  readonly format: string;
  readonly body: string;
  /** sha256 of `body` (hex): the same change always has the same digest. */
  readonly digest: string;
  /**
   * Present when the renderer can express the change exactly as in-place commands relative to
   * `RenderInput.actual`. A transport may apply these instead of `body` (one step instead of a
   * whole-file reload), and must then check that the device ended where `body` says — else fall
   * back to `body` (the device had drifted from `actual`).
   */
  readonly incremental?: IncrementalChange;
}

/**
 * Turns a platform-neutral change into device configuration. Pure and deterministic: the same
 * input gives byte-identical output. Never touches anything outside what meshrr manages.
 */
export interface Renderer {
  readonly platform: string;
  renderChange(input: RenderInput): RenderedChange;
}
export const Renderer: ServiceIdentifier<Renderer> = Symbol.for('@meshrr/core:Renderer');
