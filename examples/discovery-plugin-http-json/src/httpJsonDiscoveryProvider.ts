import { isAbsolute, resolve } from 'node:path';
import type { DiscoveryContext, DiscoveryProvider, PeerSource } from '@meshrr/core';
import { HttpJsonPeerSource } from './httpJsonSource.js';
import { httpJsonOptionsSchema, type HttpJsonOptions } from './options.js';

/**
 * The `sourcetype: http-json` discovery provider: validates `source` options with
 * {@link httpJsonOptionsSchema} and creates one {@link HttpJsonPeerSource} per mesh group.
 * `create` does no I/O. `refresh_seconds` defaults to the context's `maxRefreshMs` (meshrr
 * `UPDATE_SECONDS`); `bearer_token_file` resolves against the configuration file's directory.
 */
export class HttpJsonDiscoveryProvider implements DiscoveryProvider<HttpJsonOptions> {
  readonly kind = 'http-json';
  readonly optionsSchema = httpJsonOptionsSchema;

  create(options: HttpJsonOptions, context: DiscoveryContext): PeerSource {
    const token = options.bearer_token_file;
    return new HttpJsonPeerSource(
      {
        url: options.url,
        refreshMs: options.refresh_seconds !== undefined ? options.refresh_seconds * 1000 : context.maxRefreshMs,
        timeoutMs: options.timeout_seconds * 1000,
        maxBytes: options.max_response_bytes,
        ...(token === undefined
          ? {}
          : { bearerTokenPath: isAbsolute(token) ? token : resolve(context.baseDir, token) }),
      },
      context,
    );
  }
}
