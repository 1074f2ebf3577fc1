import { renderInitialConfig, type Platform, type PlatformContext } from '@meshrr/core';
import type { BirdOptions } from './options.js';
import type { BirdRenderOptions } from './render/birdConf.js';
import { BirdRenderer } from './render/birdRenderer.js';

/** The renderer's settings from the platform options. */
export function renderOptionsOf(options: BirdOptions): BirdRenderOptions {
  return {
    include: options.include,
    connectRetryS: options.connect_retry_seconds,
    errorWaitMinS: options.error_wait_min_seconds,
    errorWaitMaxS: options.error_wait_max_seconds,
    multihopTtl: options.multihop_ttl,
    ...(options.connect_delay_seconds === undefined ? {} : { connectDelayS: options.connect_delay_seconds }),
    ...(options.hold_time_seconds === undefined ? {} : { holdTimeS: options.hold_time_seconds }),
    ...(options.keepalive_seconds === undefined ? {} : { keepaliveS: options.keepalive_seconds }),
  };
}

/**
 * Platform `bird` loaded: the renderer (complete `bird.conf`), the transport over the control
 * socket (imported when the agent talks to BIRD), and the initial `bird.conf` for `meshrr init`
 * (router id, the operator's includes, filters and template, no managed group yet: the agent adds
 * them once discovery synced).
 */
export function birdPlatform(options: BirdOptions, context: PlatformContext): Platform {
  const renderer = new BirdRenderer(renderOptionsOf(options));
  return {
    renderer,
    initializer: {
      defaultPath: options.config_file,
      async render(request) {
        const { desired, change } = renderInitialConfig(renderer, request.config, request.identity);
        const body = change.body;
        const notes = [
          `rendered the router identity (router id ${desired.routerId}); the agent adds the managed groups`,
          ...(request.existing === undefined ? [] : ['the existing file was replaced: meshrr owns it whole']),
        ];
        return { text: body, notes, warnings: [], facts: { config: { routerId: desired.routerId } } };
      },
    },
    async transport() {
      const { BirdTransport } = await import('./session/birdTransport.js');
      return new BirdTransport(
        {
          configFile: options.config_file,
          controlSocket: options.control_socket,
          commandTimeoutMs: options.command_timeout_seconds * 1000,
        },
        context.clock,
        context.logger,
      );
    },
  };
}
