import { createHash } from 'node:crypto';
import { injectable } from 'inversify';
import type { RenderInput, RenderedChange, Renderer } from '../api/renderer.js';
import { toManagedState } from '../desired/diffManagedState.js';

/** Platform of the fakes. */
export const FAKE_PLATFORM = 'fake';
/** Format of {@link FakeRenderer}: JSON `{ change, desired }` (the change and the desired managed state). */
export const MESHRR_JSON_FORMAT = 'meshrr-json';

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const record = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, record[k]]),
    );
  });
}

/**
 * A {@link Renderer} for tests (platform `fake`, format `meshrr-json`): the body is the canonical
 * JSON (sorted keys) of the change and of the desired managed state (whose statement values the
 * change refers to), so `FakeDevice` can apply it. Pure and deterministic. Records
 * every input in `inputs`; `failWith` makes the next render throw.
 */
@injectable()
export class FakeRenderer implements Renderer {
  readonly platform = FAKE_PLATFORM;
  readonly inputs: RenderInput[] = [];
  #failure: Error | undefined;

  renderChange(input: RenderInput): RenderedChange {
    this.inputs.push(input);
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure !== undefined) throw failure;
    const body = canonicalJson({ change: input.change, desired: toManagedState(input.desired) });
    return {
      platform: FAKE_PLATFORM,
      format: MESHRR_JSON_FORMAT,
      body,
      digest: createHash('sha256').update(body).digest('hex'),
    };
  }

  /** The next `renderChange` throws `error`. */
  failWith(error: Error): void {
    this.#failure = error;
  }
}
