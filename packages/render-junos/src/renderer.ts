import { renderedChange, type RenderInput, type RenderedChange, type Renderer } from '@meshrr/core';
import { junosEdits } from './change/edits.js';
import { formatJunosSet } from './change/formatSet.js';
import { formatJunosXml } from './change/formatXml.js';

/** Output format of {@link JunosRenderer}: `set`/`delete` commands or Junos XML with `operation` attributes. */
export type JunosChangeFormat = 'junos-set' | 'junos-xml';

/** Options of {@link JunosRenderer}. */
export interface JunosRendererOptions {
  /** Default `junos-set`. */
  readonly format?: JunosChangeFormat;
}

/**
 * The Junos/cRPD {@link Renderer}: turns a managed change into the minimal `set`/`delete` list (or
 * the equivalent XML) under `groups MESHRR` — neighbors, `allow`, route-server `peer-as-list` with
 * `policy-options as-list MESHRR:<group>`, and `graceful-shutdown sender`. Pure and deterministic;
 * `digest` is the sha256 hex of `body`. Throws `JunosValueError` when a group name, address,
 * prefix or AS range is not valid (nothing unvalidated reaches the device).
 */
export class JunosRenderer implements Renderer {
  readonly platform = 'junos';
  readonly format: JunosChangeFormat;

  constructor(options: JunosRendererOptions = {}) {
    this.format = options.format ?? 'junos-set';
  }

  renderChange(input: RenderInput): RenderedChange {
    const edits = junosEdits(input);
    const body = this.format === 'junos-xml' ? formatJunosXml(edits) : formatJunosSet(edits);
    return renderedChange(this.platform, this.format, body);
  }
}
