import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import { expect } from 'vitest';
import { encodeChunked, encodeEom } from '../framing/index.js';
import { splitMessages } from './memoryDuplex.js';
import { withMessageId } from './junosFixtures.js';

const GOLDEN = new URL('../__golden__/junos/', import.meta.url);
const UUID = /message-id="urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"/;

/** One expected request (checked byte-for-byte against `__golden__/junos/<request>.xml`) and the reply to send. */
export interface ScriptStep {
  readonly request: string;
  /** Complete `<rpc-reply>` text (its message-id is replaced by the request's), or `'drop'` to cut the connection instead. */
  readonly reply: string | 'drop';
  /** The reply is sent only once this settles (a device slow to answer this RPC). */
  readonly holdUntil?: Promise<unknown>;
}

/** Writes goldens instead of comparing when the test runs with UPDATE_GOLDEN=1 (test helper only). */
const updating = (): boolean => process.env['UPDATE_GOLDEN'] === '1';

/** Compares `actual` with the golden file `name`; returns a mismatch description or `undefined`. */
export function checkGolden(name: string, actual: string): string | undefined {
  const url = new URL(`${name}.xml`, GOLDEN);
  if (updating()) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(url, actual);
    return undefined;
  }
  if (!existsSync(url)) return `${name}: no golden file; got ${actual}`;
  const expected = readFileSync(url, 'utf8');
  return expected === actual ? undefined : `${name}: expected\n${expected}\ngot\n${actual}`;
}

/**
 * A scripted Junos NETCONF server for one session: sends `hello`, checks the client hello and each
 * RPC against golden files (message-ids must be `urn:uuid:` v4 and are normalised to
 * `urn:uuid:MESSAGE-ID`), answers with the step's recorded reply. Mismatches are collected in
 * `problems` and answered with an rpc-error so the client fails loudly.
 */
export class JunosScriptServer {
  readonly problems: string[] = [];
  readonly requests: string[] = [];
  readonly #steps: ScriptStep[];
  readonly #hello: string;
  readonly #helloGolden: string;

  constructor(hello: string, steps: readonly ScriptStep[], helloGolden = 'client-hello') {
    this.#hello = hello;
    this.#steps = [...steps];
    this.#helloGolden = helloGolden;
  }

  /** Steps not yet consumed. */
  get remaining(): number {
    return this.#steps.length;
  }

  serve(stream: Duplex): void {
    const chunked = this.#hello.includes('urn:ietf:params:netconf:base:1.1');
    let buffer = Buffer.alloc(0);
    let handled = 0;
    stream.write(this.#hello);
    stream.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const messages = splitMessages(buffer);
      for (; handled < messages.length; handled++)
        this.#onMessage(messages[handled] as string, handled, stream, chunked);
    });
  }

  #onMessage(message: string, index: number, stream: Duplex, chunked: boolean): void {
    if (index === 0) {
      const problem = checkGolden(this.#helloGolden, message);
      if (problem !== undefined) this.problems.push(problem);
      return;
    }
    const id = UUID.exec(message)?.[0].slice(12, -1);
    if (id === undefined) this.problems.push(`request without a urn:uuid v4 message-id: ${message}`);
    const normalised = message.replace(UUID, 'message-id="urn:uuid:MESSAGE-ID"');
    this.requests.push(normalised);
    const step = this.#steps.shift();
    if (step === undefined) {
      this.problems.push(`unexpected request: ${normalised}`);
      return;
    }
    const problem = checkGolden(step.request, normalised);
    if (problem !== undefined) this.problems.push(problem);
    if (step.reply === 'drop') {
      stream.destroy();
      return;
    }
    const reply =
      problem === undefined
        ? step.reply
        : `<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><rpc-error><error-severity>error</error-severity><error-message>golden mismatch ${step.request}</error-message></rpc-error></rpc-reply>`;
    const text = withMessageId(reply, id ?? 'missing');
    const send = (): void => {
      if (!stream.destroyed) stream.write(chunked ? encodeChunked(text) : encodeEom(`${text}\n`));
    };
    if (step.holdUntil === undefined) send();
    else void step.holdUntil.then(send, send);
  }
}

/** Asserts that a scripted session saw exactly the expected requests, all of them (test helper). */
export function expectScriptDone(script: JunosScriptServer): void {
  expect(script.problems).toEqual([]);
  expect(script.remaining).toBe(0);
}
