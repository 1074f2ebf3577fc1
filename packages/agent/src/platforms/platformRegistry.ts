import {
  MeshrrError,
  PLATFORM_API_VERSION,
  PLATFORM_NAME_PATTERN,
  type MeshrrConfig,
  type OptionsSchema,
  type Platform,
  type PlatformContext,
  type PlatformProvider,
} from '@meshrr/core';

/** A registered platform cannot be used (bad provider, duplicate name, failed load). */
export class PlatformError extends MeshrrError {
  constructor(
    readonly platform: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('platform', `platform ${platform}: ${message}`, options);
  }
}

function checkProvider(provider: PlatformProvider): void {
  const name = typeof provider.name === 'string' ? provider.name : String(provider.name);
  if (!PLATFORM_NAME_PATTERN.test(name))
    throw new PlatformError(name, '`name` must be kebab-case (a-z, 0-9, "-"), starting with a letter');
  if (provider.apiVersion !== PLATFORM_API_VERSION)
    throw new PlatformError(
      name,
      `implements platform contract version ${JSON.stringify(provider.apiVersion)}; this meshrr supports version ${PLATFORM_API_VERSION}`,
    );
  if (typeof provider.optionsSchema?.safeParse !== 'function' || typeof provider.load !== 'function')
    throw new PlatformError(name, 'is not a PlatformProvider (it needs optionsSchema.safeParse and load)');
}

/**
 * Indexes the registered platform providers (built-in and from plugins alike) by name, refusing a
 * provider of another contract version, a malformed one, or two with one name.
 * @throws {PlatformError} naming the platform and what is wrong.
 */
export function indexPlatforms(providers: readonly PlatformProvider[]): ReadonlyMap<string, PlatformProvider> {
  const index = new Map<string, PlatformProvider>();
  for (const provider of providers) {
    checkProvider(provider);
    if (index.has(provider.name))
      throw new PlatformError(provider.name, 'is registered twice (two plugins claim the same platform name)');
    index.set(provider.name, provider);
  }
  return index;
}

/** The options schema of every registered platform, for `loadConfig`'s `platformSchemas`. */
export function platformSchemas(platforms: ReadonlyMap<string, PlatformProvider>): Map<string, OptionsSchema<unknown>> {
  return new Map([...platforms].map(([name, provider]) => [name, provider.optionsSchema]));
}

/**
 * Loads the platform the configuration selected (its options already validated by `loadConfig`
 * with {@link platformSchemas}) and checks what it returned.
 * @throws {PlatformError} when the platform is not registered, its `load` fails or returns
 * something that is not a platform.
 */
export async function loadPlatform(
  platforms: ReadonlyMap<string, PlatformProvider>,
  config: MeshrrConfig,
  context: PlatformContext,
): Promise<Platform> {
  const { name, options } = config.platform;
  const provider = platforms.get(name);
  if (provider === undefined)
    throw new PlatformError(name, `is not registered (known: ${[...platforms.keys()].sort().join(', ')})`);
  let platform: Platform;
  try {
    platform = await provider.load(options, context);
  } catch (error) {
    throw new PlatformError(name, `failed to load: ${(error as Error).message}`, { cause: error });
  }
  if (typeof platform?.renderer?.renderChange !== 'function' || typeof platform.transport !== 'function')
    throw new PlatformError(name, 'load() did not return a platform (renderer.renderChange and transport())');
  if (platform.renderer.platform !== name)
    throw new PlatformError(
      name,
      `its renderer says it renders for platform ${JSON.stringify(platform.renderer.platform)}`,
    );
  return platform;
}
