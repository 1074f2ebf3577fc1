import { isAbsolute, resolve } from 'node:path';
import { DiscoveryError, FILE_LIMITS, readBoundedFileSync, readBoundedTextSync, TerminalError } from '@meshrr/core';
import type { ConsulDiscoveryOptions } from './options.js';

/** Environment variables the provider reads (given to the module factory, never `process.env`). */
export type ConsulEnvironment = Readonly<Record<string, string | undefined>>;

/** How to reach Consul: base URL, TLS material, where the ACL token comes from. */
export interface ConsulEndpoint {
  readonly baseUrl: URL;
  readonly tls:
    { readonly ca?: Buffer; readonly cert?: Buffer; readonly key?: Buffer; readonly servername?: string } | undefined;
  /** The current ACL token (token file read on every call), or undefined; throws `DiscoveryError` `token-file`. */
  readonly token: () => string | undefined;
}

/** Consul cannot be addressed as configured (bad `CONSUL_HTTP_ADDR`, unreadable TLS files). Code `consul-config`. */
export class ConsulConfigError extends TerminalError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, code: 'consul-config' });
  }
}

function envAddress(env: ConsulEnvironment): URL {
  const raw = env['CONSUL_HTTP_ADDR'];
  if (raw === undefined || raw === '') return new URL('http://127.0.0.1:8500');
  const ssl = env['CONSUL_HTTP_SSL'] === 'true' || env['CONSUL_HTTP_SSL'] === '1';
  const text = /^https?:\/\//.test(raw) ? raw : `${ssl ? 'https' : 'http'}://${raw}`;
  try {
    return new URL(text);
  } catch (error) {
    throw new ConsulConfigError(`CONSUL_HTTP_ADDR=${JSON.stringify(raw)} is not host:port or an http(s) URL`, {
      cause: error,
    });
  }
}

function readTlsFile(path: string | undefined, what: string): Buffer | undefined {
  if (path === undefined || path === '') return undefined;
  try {
    return readBoundedFileSync(path, { maxBytes: FILE_LIMITS.small, what: 'Consul TLS file' });
  } catch (error) {
    throw new ConsulConfigError(
      `tls ${what} ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * Resolves the endpoint of one source from its options, then the agent's environment (the
 * variables the consul CLI reads), then defaults. Relative paths resolve against `baseDir`.
 * Reads the TLS files (throws {@link ConsulConfigError} naming an unreadable one); the token
 * file is read on each request so a rotated token is picked up.
 */
export function resolveConsulEndpoint(
  options: ConsulDiscoveryOptions,
  env: ConsulEnvironment,
  baseDir: string,
): ConsulEndpoint {
  const path = (p: string | undefined): string | undefined =>
    p === undefined || p === '' ? undefined : isAbsolute(p) ? p : resolve(baseDir, p);
  const baseUrl = options.address === undefined ? envAddress(env) : new URL(options.address);
  const caFile = path(options.tls?.ca_file ?? env['CONSUL_CACERT']);
  const certFile = path(options.tls?.cert_file ?? env['CONSUL_CLIENT_CERT']);
  const keyFile = path(options.tls?.key_file ?? env['CONSUL_CLIENT_KEY']);
  const servername = options.tls?.server_name ?? env['CONSUL_TLS_SERVER_NAME'];
  const material = {
    ca: readTlsFile(caFile, 'ca_file'),
    cert: readTlsFile(certFile, 'cert_file'),
    key: readTlsFile(keyFile, 'key_file'),
  };
  const tls = baseUrl.protocol === 'https:' ? { ...material, ...(servername ? { servername } : {}) } : undefined;
  const tokenFile = path(options.token_file ?? env['CONSUL_HTTP_TOKEN_FILE']);
  const envToken = env['CONSUL_HTTP_TOKEN'];
  const token = (): string | undefined => {
    if (tokenFile === undefined) return envToken === '' ? undefined : envToken;
    try {
      return (
        readBoundedTextSync(tokenFile, { maxBytes: FILE_LIMITS.small, what: 'Consul token file' }).trim() || undefined
      );
    } catch (error) {
      throw new DiscoveryError(
        'token-file',
        `token_file ${tokenFile} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  };
  return { baseUrl, tls, token };
}
