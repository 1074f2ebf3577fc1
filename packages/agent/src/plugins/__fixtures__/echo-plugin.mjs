// A minimal third-party plugin as npm would ship it: plain ESM, peer dependencies on inversify and
// @meshrr/core, exporting `plugin`. Kind `echo` emits the addresses listed in its options.
import { ContainerModule } from 'inversify';
import { DiscoveryProvider } from '@meshrr/core';

const optionsSchema = {
  safeParse(input) {
    if (typeof input === 'object' && input !== null && Array.isArray(input.addresses))
      return { success: true, data: input };
    return { success: false, error: { issues: [{ path: ['addresses'], message: 'a list of addresses is required' }] } };
  },
};

const provider = {
  kind: 'echo',
  optionsSchema,
  create: (options) => ({
    run: async (signal, sink) => {
      sink.emit(options.addresses.map((address) => ({ address, labels: {} })));
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    },
  }),
};

export const plugin = {
  apiVersion: 1,
  name: 'discovery-echo',
  module: new ContainerModule(({ bind }) => {
    bind(DiscoveryProvider).toConstantValue(provider);
  }),
};
