import { ContainerModule } from 'inversify';
import { Transport } from '@meshrr/core';
import { JunosTransport, NetconfTransportOptionsToken } from './junos/junosTransport.js';
import { resolveNetconfOptions, type NetconfTransportOptions } from './options.js';

/**
 * Inversify module binding core's `Transport` token to a singleton {@link JunosTransport}
 * configured by `options` (checked now: a bad value throws `RangeError` naming the option).
 * The transport receives `Clock` and `Logger` from the container.
 */
export function netconfTransportModule(options: NetconfTransportOptions): ContainerModule {
  resolveNetconfOptions(options);
  return new ContainerModule(({ bind }) => {
    bind(NetconfTransportOptionsToken).toConstantValue(options);
    bind(Transport).to(JunosTransport).inSingletonScope();
  });
}
