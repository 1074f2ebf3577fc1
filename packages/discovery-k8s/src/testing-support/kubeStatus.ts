/** A `meta/v1 Status` failure body, as the API server writes it. Test support. */
export function kubeStatus(
  code: number,
  reason: string,
  message: string,
  retryAfterSeconds?: number,
): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(retryAfterSeconds === undefined ? {} : { details: { retryAfterSeconds } }),
    code,
  };
}
