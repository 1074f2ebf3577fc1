import { PLATFORM_API_VERSION, type PlatformProvider } from '@meshrr/core';
import { parseHostKeyPolicy } from '../hostKeyPolicy.js';
import { junosInitializer } from './junosInitializer.js';
import { junosOptionsSchema, type JunosOptions } from './junosOptions.js';

/**
 * Platform `junos`: Juniper cRPD over NETCONF/SSH with commit confirmed (meshrr's daemon and the
 * default). Registered through the same contract as plugin platforms; render-junos is imported on
 * `load` and transport-netconf (ssh2) only when the agent talks to a device.
 */
export const junosPlatformProvider: PlatformProvider<JunosOptions> = {
  apiVersion: PLATFORM_API_VERSION,
  name: 'junos',
  summary: 'Juniper cRPD over NETCONF/SSH (groups MESHRR, commit confirmed)',
  optionsSchema: junosOptionsSchema,
  async load(options, context) {
    const junos = await import('@meshrr/render-junos');
    return {
      renderer: new junos.JunosRenderer(),
      initializer: junosInitializer(options, junos),
      async transport() {
        const { JunosTransport } = await import('@meshrr/transport-netconf');
        return new JunosTransport(
          {
            host: options.host,
            port: options.port,
            username: options.username,
            privateKeyPath: options.ssh_key,
            hostKey: parseHostKeyPolicy(options.host_key, context.readOnly === true)!,
          },
          context.clock,
          context.logger,
        );
      },
    };
  },
};
