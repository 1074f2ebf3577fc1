import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test server answers next: status, content type and body (default 200 JSON `[]`). */
export interface SdAnswer {
  status?: number;
  contentType?: string;
  body?: string;
  /** Never answer (for timeout tests); the socket is destroyed on close. */
  hang?: boolean;
}

/** A real HTTP server on 127.0.0.1 (random free port) whose answer a test sets. */
export interface SdServer {
  readonly url: string;
  answer: SdAnswer;
  /** Requests received, in order. */
  readonly requests: IncomingMessage[];
  close(): Promise<void>;
}

/** Starts an {@link SdServer}. Close it in `afterEach`. */
export async function startSdServer(): Promise<SdServer> {
  const requests: IncomingMessage[] = [];
  const state: { answer: SdAnswer } = { answer: {} };
  const server: Server = createServer((req, res) => {
    requests.push(req);
    const answer = state.answer;
    if (answer.hang) return;
    res
      .writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'application/json' })
      .end(answer.body ?? '[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sd`,
    get answer() {
      return state.answer;
    },
    set answer(value: SdAnswer) {
      state.answer = value;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `condition` (real time, 10 ms steps) until it holds; throws after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited >= timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
