import { PLATFORM_API_VERSION, renderInitialConfig, type PlatformProvider } from '@meshrr/core';
import { frrOptionsSchema, type FrrOptions } from './frrOptions.js';

/**
 * Platform `frr`: FRR through its vty sockets — `frr-reload.py` applies a complete, canonical
 * `frr.conf`, `vtysh` reads it back and reports BGP sessions. Registered through the same contract
 * as plugin platforms; render-frr is imported on `load`, transport-frr only when the agent talks to
 * FRR. `meshrr init` writes the initial `frr.conf` (router identity, no managed group yet).
 */
export const frrPlatformProvider: PlatformProvider<FrrOptions> = {
  apiVersion: PLATFORM_API_VERSION,
  name: 'frr',
  summary: 'FRR through vtysh and frr-reload.py',
  optionsSchema: frrOptionsSchema,
  async load(options, context) {
    const { FrrRenderer, readFrrTemplateDir } = await import('@meshrr/render-frr');
    const renderer = new FrrRenderer({
      connectRetryS: options.connect_retry_seconds,
      listenLimit: options.listen_limit,
      ...(options.templates === undefined ? {} : { templates: readFrrTemplateDir(options.templates) }),
    });
    return {
      renderer,
      initializer: {
        defaultPath: options.config_file,
        async render(request) {
          const { body } = renderInitialConfig(renderer, request.config, request.identity).change;
          return {
            text: body,
            notes: ['rendered the router identity; the agent adds the managed groups'],
            warnings: [],
          };
        },
      },
      async transport() {
        const { FrrTransport } = await import('@meshrr/transport-frr');
        return new FrrTransport(
          {
            vtyDir: options.vty_dir,
            configFile: options.config_file,
            vtysh: options.vtysh,
            frrReload: options.frr_reload,
          },
          context.clock,
          context.logger,
        );
      },
    };
  },
};
