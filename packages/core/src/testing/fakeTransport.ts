import { injectable } from 'inversify';
import { TransportError } from '../api/errors.js';
import type { BgpSessionState, ManagedState } from '../api/state.js';
import type { CommitOptions, ConfigSession, StagedChange, Transport } from '../api/transport.js';
import type { RenderedChange } from '../api/renderer.js';
import type { FakeDevice, FakeMethod } from './fakeDevice.js';
import { FAKE_PLATFORM } from './fakeRenderer.js';

/** `work`, or a `TransportError` (code `aborted`) as soon as `signal` aborts (as the NETCONF client does). */
function abandonOnAbort<T>(work: Promise<T>, signal: AbortSignal, method: FakeMethod): Promise<T> {
  if (signal.aborted) return Promise.reject(new TransportError(`fake ${method} aborted`, { code: 'aborted' }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void =>
      reject(new TransportError(`fake ${method} aborted`, { code: 'aborted', cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** One session to a {@link FakeDevice}; every call is recorded and can be made to fail. */
class FakeSession implements ConfigSession {
  readonly #device: FakeDevice;
  readonly #state: { id: number; generation: number; closed: boolean };

  constructor(device: FakeDevice) {
    this.#device = device;
    this.#state = { ...device.open(), closed: false };
  }

  get id(): number {
    return this.#state.id;
  }

  readManaged(signal?: AbortSignal): Promise<ManagedState> {
    return this.#run('readManaged', () => this.#device.running, signal);
  }

  bgpSessions(signal?: AbortSignal): Promise<readonly BgpSessionState[]> {
    return this.#run('bgpSessions', () => this.#device.bgpSessions, signal);
  }

  stage(change: RenderedChange, signal?: AbortSignal): Promise<StagedChange> {
    return this.#run('stage', () => ({ deviceDiff: this.#device.stage(this.#state.id, change) }), signal);
  }

  commit(options: CommitOptions, signal?: AbortSignal): Promise<void> {
    return this.#run('commit', () => this.#device.commit(this.#state.id, options), signal);
  }

  confirm(signal?: AbortSignal): Promise<void> {
    return this.#run('confirm', () => this.#device.confirm(this.#state.id), signal);
  }

  abort(signal?: AbortSignal): Promise<void> {
    return this.#run('abort', () => this.#device.abort(this.#state.id), signal);
  }

  close(): Promise<void> {
    return this.#run('close', () => {
      if (this.#state.closed) return;
      this.#device.abort(this.#state.id);
      this.#state.closed = true;
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #run<T>(method: FakeMethod, fn: () => T, signal?: AbortSignal): Promise<T> {
    await Promise.resolve();
    const perform = (): T =>
      this.#device.call(this.#state, method, () => {
        const failure = this.#device.takeFailure(method);
        if (failure !== undefined) throw failure;
        return fn();
      });
    const delayMs = this.#device.takeDelay(method);
    if (delayMs === undefined) return perform();
    const work = this.#device.wait(delayMs).then(perform);
    work.catch(() => undefined); // the device finishes even when the client stopped waiting
    return signal === undefined ? work : abandonOnAbort(work, signal, method);
  }
}

/**
 * A {@link Transport} (platform `fake`) to a {@link FakeDevice}: `open` creates a new recorded
 * session unless an injected `open` failure is queued (`device.failNext('open', error)`).
 */
@injectable()
export class FakeTransport implements Transport {
  readonly platform = FAKE_PLATFORM;
  readonly device: FakeDevice;

  constructor(device: FakeDevice) {
    this.device = device;
  }

  async open(_signal?: AbortSignal): Promise<ConfigSession> {
    await Promise.resolve();
    return new FakeSession(this.device);
  }
}
