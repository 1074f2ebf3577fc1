import { renderedChange, type RenderedChange, type RenderInput, type Renderer } from '@meshrr/core';
import { renderBirdConf, type BirdRenderOptions } from './birdConf.js';
import { birdRouterModel } from './birdModel.js';

/** Platform name of BIRD in meshrr (`Renderer.platform`, `Transport.platform`, `--platform bird`). */
export const BIRD_PLATFORM = 'bird';
/** Format of {@link BirdRenderer} output: a complete `bird.conf`. */
export const BIRD_CONF_FORMAT = 'bird-conf';

/**
 * Renders meshrr's desired state as a complete `bird.conf` (format `bird-conf`), the way BIRD takes
 * configuration: whole files, reloaded with `configure`. The body depends only on `input.desired`
 * (BIRD computes the minimal change itself, keeping every protocol whose configuration did not
 * change), so the same goal always gives the same bytes and digest (sha256 hex, computed on first read).
 * @throws {BirdRenderError} from `renderChange` for invalid desired values or what BIRD cannot do.
 */
export class BirdRenderer implements Renderer {
  readonly platform = BIRD_PLATFORM;
  readonly #options: BirdRenderOptions;

  constructor(options: BirdRenderOptions) {
    this.#options = options;
  }

  renderChange(input: RenderInput): RenderedChange {
    return renderedChange(
      BIRD_PLATFORM,
      BIRD_CONF_FORMAT,
      renderBirdConf(birdRouterModel(input.desired), this.#options),
    );
  }
}
