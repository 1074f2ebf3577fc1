import { renderedChange, type RenderedChange, type RenderInput, type Renderer } from '@meshrr/core';
import { resolveFrrOptions, type FrrRendererOptions, type ResolvedFrrOptions } from './options.js';
import { renderModel } from './render/frrConf.js';
import { incrementalChange } from './render/incremental.js';
import { frrRouterModel } from './render/model.js';

/** Platform name of FRR in meshrr (`Renderer.platform`, `Transport.platform`). */
export const FRR_PLATFORM = 'frr';
/** Format of {@link FrrRenderer} output: a complete integrated `frr.conf`. */
export const FRR_CONF_FORMAT = 'frr-conf';

/**
 * Renders meshrr's desired state as a complete `frr.conf` (format `frr-conf`), the way FRR
 * applies configuration: whole files through `frr-reload.py`. The body depends only on
 * `input.desired` (FRR computes the minimal change itself), so the same goal always gives the same
 * bytes and digest (sha256 hex). When the change is only neighbors, listen ranges and graceful
 * shutdown of existing groups, `incremental` carries it as in-place vtysh lines (format
 * `frr-vtysh`, see `incrementalChange`) relative to `input.actual`. Options are checked once, here.
 * @throws {FrrRenderError} from the constructor for bad options; from `renderChange` for invalid
 * desired values or failing templates.
 */
export class FrrRenderer implements Renderer {
  readonly platform = FRR_PLATFORM;
  readonly #options: ResolvedFrrOptions;

  constructor(options: FrrRendererOptions = {}) {
    this.#options = resolveFrrOptions(options);
  }

  renderChange(input: RenderInput): RenderedChange {
    const model = frrRouterModel(input.desired);
    const body = renderModel(model, this.#options);
    const incremental = incrementalChange(input.change, model);
    return renderedChange(FRR_PLATFORM, FRR_CONF_FORMAT, body, incremental);
  }
}
