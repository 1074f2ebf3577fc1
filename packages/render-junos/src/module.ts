import { ContainerModule } from 'inversify';
import { Renderer } from '@meshrr/core';
import { JunosRenderer, type JunosRendererOptions } from './renderer.js';

/**
 * Inversify module binding `Renderer` (from `@meshrr/core`) to a singleton {@link JunosRenderer}
 * built with `options` (default format `junos-set`).
 */
export function junosRendererModule(options: JunosRendererOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(Renderer).toConstantValue(new JunosRenderer(options));
  });
}
