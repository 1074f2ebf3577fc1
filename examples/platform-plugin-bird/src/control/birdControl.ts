import { createConnection, type Socket } from 'node:net';
import { TransportError, type Clock } from '@meshrr/core';
import { ReplyParser, type BirdReply } from './replyLines.js';

/** How to reach BIRD's control socket. */
export interface BirdControlOptions {
  readonly socketPath: string;
  /** Longest wait for the greeting and the whole reply of one command. */
  readonly timeoutMs: number;
  readonly clock: Clock;
}

/**
 * BIRD's command-line protocol over its control socket (what `birdc` speaks): one connection per
 * command — connect, read the `0001` greeting, send the command line, read the reply up to its
 * final line. Any fault of the channel (no socket, refused, closed early, timeout, abort) is a
 * `TransportError`; a refusal by BIRD (8xxx, 9xxx) is returned in the reply for the caller to judge.
 */
export class BirdControl {
  readonly #options: BirdControlOptions;

  constructor(options: BirdControlOptions) {
    this.#options = options;
  }

  /** Sends one command (one line, no line break) and resolves with its reply. */
  command(command: string, signal: AbortSignal): Promise<BirdReply> {
    if (/[\r\n]/.test(command)) return Promise.reject(new TransportError('a BIRD command is one line'));
    signal.throwIfAborted();
    const { socketPath, timeoutMs, clock } = this.#options;
    return new Promise<BirdReply>((resolve, reject) => {
      const parser = new ReplyParser();
      let greeted = false;
      let settled = false;
      let socket: Socket | undefined;
      const finish = (error: Error | undefined, reply?: BirdReply): void => {
        if (settled) return;
        settled = true;
        timer.cancel();
        signal.removeEventListener('abort', onAbort);
        socket?.destroy();
        if (error !== undefined) reject(error);
        else resolve(reply!);
      };
      const fail = (message: string, cause?: unknown): void =>
        finish(new TransportError(`BIRD control socket ${socketPath}: ${message} (command: ${command})`, { cause }));
      const onAbort = (): void => fail('aborted', signal.reason);
      const timer = clock.setTimer(timeoutMs, () => fail(`no complete answer within ${timeoutMs} ms`));
      signal.addEventListener('abort', onAbort, { once: true });
      socket = createConnection({ path: socketPath });
      socket.setEncoding('utf8');
      socket.on('error', (error) => fail(error.message, error));
      socket.on('close', () => fail('closed before the reply was complete'));
      socket.on('data', (chunk: string) => {
        for (const reply of parser.push(chunk)) {
          if (!greeted) {
            if (reply.code !== 1) return fail(`unexpected greeting ${reply.code}`);
            greeted = true;
            socket?.write(`${command}\n`);
            continue;
          }
          return finish(undefined, reply);
        }
      });
    });
  }
}
