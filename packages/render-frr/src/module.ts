import { ContainerModule } from 'inversify';
import { Renderer } from '@meshrr/core';
import type { FrrRendererOptions } from './options.js';
import { FrrRenderer } from './renderer.js';

/**
 * Inversify module binding core's `Renderer` to one {@link FrrRenderer} built with `options`
 * (defaults: FRR 8.4.4, address family by mode, FRR's own timers, no templates).
 * @throws {FrrRenderError} at once when `options` are invalid.
 */
export function frrRendererModule(options: FrrRendererOptions = {}): ContainerModule {
  const renderer = new FrrRenderer(options);
  return new ContainerModule(({ bind }) => {
    bind(Renderer).toConstantValue(renderer);
  });
}
