import { ContainerModule } from 'inversify';
import { Clock, Logger, Transport } from '@meshrr/core';
import type { FrrTransportOptions } from './options.js';
import { FrrTransport } from './transport.js';

/**
 * Inversify module binding core's `Transport` to a singleton {@link FrrTransport} built with
 * `options` and the container's `Clock` (confirm timer) and `Logger`.
 */
export function frrTransportModule(options: FrrTransportOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(Transport)
      .toResolvedValue((clock: Clock, logger: Logger) => new FrrTransport(options, clock, logger), [Clock, Logger])
      .inSingletonScope();
  });
}
