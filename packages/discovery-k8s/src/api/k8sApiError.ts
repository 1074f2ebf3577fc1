import { DiscoveryError } from '@meshrr/core';

/** What the API server said about a failed request (its `Status` object and headers). */
export interface K8sStatusDetails {
  /** HTTP status code, or the `code` of a watch `ERROR` event. */
  readonly status: number;
  /** `Status.reason`, e.g. `Expired`, `Gone`, `Forbidden`, `TooManyRequests`. */
  readonly reason?: string | undefined;
  /** Delay the server asked for (`Retry-After` header or `details.retryAfterSeconds`). */
  readonly retryAfterMs?: number | undefined;
}

/**
 * The API server answered with an error status (HTTP status or a watch `ERROR` event). `kind` is
 * `gone` for 410 (resource version too old: re-list), otherwise `http-<status>`.
 */
export class K8sApiError extends DiscoveryError {
  readonly status: number;
  readonly reason: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: K8sStatusDetails, options?: { cause?: unknown }) {
    super(details.status === 410 ? 'gone' : `http-${details.status}`, message, options);
    this.status = details.status;
    this.reason = details.reason;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** True for 410 Gone / `Expired`: the resource version is compacted away, re-list. */
  get gone(): boolean {
    return this.status === 410;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Builds a {@link K8sApiError} from a `Status` object (possibly malformed) and the HTTP status,
 * adding a hint for 401/403 (token or RBAC).
 */
export function statusError(httpStatus: number, body: unknown, what: string, retryAfterHeader?: string): K8sApiError {
  const status = isRecord(body) ? body : {};
  const code = typeof status['code'] === 'number' ? status['code'] : httpStatus;
  const reason = typeof status['reason'] === 'string' ? status['reason'] : undefined;
  const message = typeof status['message'] === 'string' ? status['message'] : `HTTP ${httpStatus}`;
  const details = isRecord(status['details']) ? status['details'] : {};
  const retrySeconds =
    typeof details['retryAfterSeconds'] === 'number' ? details['retryAfterSeconds'] : Number(retryAfterHeader ?? NaN);
  const hint =
    code === 403
      ? ' (the service account needs get/list/watch on endpointslices.discovery.k8s.io in this namespace: see examples/kubernetes-rbac)'
      : code === 401
        ? ' (the service-account token or kubeconfig credentials were refused)'
        : '';
  return new K8sApiError(`${what}: ${code}${reason === undefined ? '' : ` ${reason}`}: ${message}${hint}`, {
    status: code,
    reason,
    retryAfterMs: Number.isFinite(retrySeconds) && retrySeconds >= 0 ? retrySeconds * 1000 : undefined,
  });
}
