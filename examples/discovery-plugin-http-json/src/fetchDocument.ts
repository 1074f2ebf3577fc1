import { DiscoveryError, type Clock } from '@meshrr/core';

/** One HTTP request's settings. */
export interface FetchDocumentRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

async function readLimited(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new DiscoveryError('too-large', `answer is larger than max_response_bytes (${maxBytes})`);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
}

function failure(error: unknown, request: FetchDocumentRequest, timedOut: boolean): DiscoveryError {
  if (error instanceof DiscoveryError) return error;
  if (timedOut)
    return new DiscoveryError('timeout', `GET ${request.url}: no answer within ${request.timeoutMs} ms`, {
      cause: error,
    });
  const message = error instanceof Error ? error.message : String(error);
  return new DiscoveryError('connection', `GET ${request.url}: ${message}`, { cause: error });
}

/**
 * GETs `request.url` and returns its body parsed as JSON. The timeout runs on the injected
 * `clock`; `signal` aborts the request. Any failure is a {@link DiscoveryError} whose `kind` is
 * `timeout`, `connection`, `http-<status>` (any status but 200), `content-type` (not JSON),
 * `too-large` or `invalid-json`.
 */
export async function fetchDocument(
  request: FetchDocumentRequest,
  clock: Clock,
  signal: AbortSignal,
): Promise<unknown> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = clock.setTimer(request.timeoutMs, () => {
    timedOut = true;
    controller.abort();
  });
  const onAbort = (): void => controller.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await fetch(request.url, {
      headers: { accept: 'application/json', ...request.headers },
      signal: controller.signal,
      redirect: 'error',
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new DiscoveryError(
        `http-${response.status}`,
        `GET ${request.url}: HTTP ${response.status} ${response.statusText}`,
      );
    }
    const type = response.headers.get('content-type') ?? '';
    if (!/^application\/(.+\+)?json\b/i.test(type)) {
      await response.body?.cancel();
      throw new DiscoveryError(
        'content-type',
        `GET ${request.url}: content-type ${JSON.stringify(type)} is not application/json`,
      );
    }
    const text = await readLimited(response.body, request.maxBytes);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new DiscoveryError('invalid-json', `GET ${request.url}: the answer is not valid JSON`, { cause: error });
    }
  } catch (error) {
    throw failure(error, request, timedOut);
  } finally {
    timer.cancel();
    signal.removeEventListener('abort', onAbort);
  }
}
