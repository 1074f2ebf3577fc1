import { injectable } from 'inversify';
import type { BgpSessionState, ManagedState } from '../api/state.js';
import type { CommitOptions, ConfigSession, StagedChange, Transport } from '../api/transport.js';
import type { RenderedChange } from '../api/renderer.js';
import type { FakeDevice, FakeMethod } from './fakeDevice.js';
import { FAKE_PLATFORM } from './fakeRenderer.js';

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

  readManaged(): Promise<ManagedState> {
    return this.#run('readManaged', () => this.#device.running);
  }

  bgpSessions(): Promise<readonly BgpSessionState[]> {
    return this.#run('bgpSessions', () => this.#device.bgpSessions);
  }

  stage(change: RenderedChange): Promise<StagedChange> {
    return this.#run('stage', () => ({ deviceDiff: this.#device.stage(this.#state.id, change) }));
  }

  commit(options: CommitOptions): Promise<void> {
    return this.#run('commit', () => this.#device.commit(this.#state.id, options));
  }

  confirm(): Promise<void> {
    return this.#run('confirm', () => this.#device.confirm(this.#state.id));
  }

  abort(): Promise<void> {
    return this.#run('abort', () => this.#device.abort(this.#state.id));
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

  async #run<T>(method: FakeMethod, fn: () => T): Promise<T> {
    await Promise.resolve();
    return this.#device.call(this.#state, method, () => {
      const failure = this.#device.takeFailure(method);
      if (failure !== undefined) throw failure;
      return fn();
    });
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
