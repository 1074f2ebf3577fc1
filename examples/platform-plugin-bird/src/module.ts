import { ContainerModule } from 'inversify';
import { PlatformProvider } from '@meshrr/core';
import { birdPlatformProvider } from './provider.js';

/** Inversify module adding platform `bird` to the multi-bound `PlatformProvider` (as a constant). */
export function birdPlatformModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(PlatformProvider).toConstantValue(birdPlatformProvider);
  });
}
