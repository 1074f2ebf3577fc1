import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  TransportError,
  toManagedState,
  type BgpSessionState,
  type CommitOptions,
  type ConfigSession,
  type ManagedState,
  type RenderInput,
  type RenderedChange,
  type Renderer,
  type StagedChange,
  type Transport,
} from '@meshrr/core';

const EMPTY_STATE: ManagedState = { groups: [], gracefulShutdown: false };

/**
 * A stand-in device for `--dry-run <dir>`: instead of a router, a directory. Every change the engine
 * would push is written as `changes/NNNN.<format>.txt` (the real platform text) with
 * `changes/NNNN.plan.json` (desired state, change and decisions); the device's managed state is kept
 * in `managed-state.json`, so successive runs continue where the last one stopped. BGP sessions are
 * reported Established for every configured neighbor (there is no daemon to ask). A commit that is
 * aborted (not confirmed) restores the previous state, like a confirmed commit rolling back.
 */
export class DryRunDevice {
  #lastInput: RenderInput | undefined;
  #sequence = 0;

  constructor(
    readonly directory: string,
    readonly platform: string,
  ) {}

  /** Wraps the platform renderer so the device learns the desired state behind each rendered change. */
  recordingRenderer(inner: Renderer): Renderer {
    return {
      platform: inner.platform,
      renderChange: (input) => {
        this.#lastInput = input;
        return inner.renderChange(input);
      },
    };
  }

  /** A transport whose sessions read and write this directory. */
  transport(): Transport {
    return { platform: this.platform, open: async () => this.#session() };
  }

  async #readState(): Promise<ManagedState> {
    try {
      return JSON.parse(await readFile(join(this.directory, 'managed-state.json'), 'utf8')) as ManagedState;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_STATE;
      throw new TransportError(
        `dry-run state ${join(this.directory, 'managed-state.json')} is unreadable: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  async #writeState(state: ManagedState): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    await writeFile(join(this.directory, 'managed-state.json'), `${JSON.stringify(state, null, 2)}\n`);
  }

  async #nextSequence(): Promise<number> {
    await mkdir(join(this.directory, 'changes'), { recursive: true });
    if (this.#sequence === 0) {
      const names = await readdir(join(this.directory, 'changes'));
      this.#sequence = names
        .map((n) => Number.parseInt(n, 10))
        .filter(Number.isFinite)
        .reduce((a, b) => Math.max(a, b), 0);
    }
    this.#sequence += 1;
    return this.#sequence;
  }

  #session(): ConfigSession {
    let staged: RenderedChange | undefined;
    let rollbackTo: ManagedState | undefined;
    const session: ConfigSession = {
      readManaged: () => this.#readState(),
      bgpSessions: async (): Promise<readonly BgpSessionState[]> => {
        const state = await this.#readState();
        return state.groups.flatMap((g) =>
          g.neighbors.map((peer) => ({
            peer,
            group: g.name,
            state: 'Established' as const,
            connectionsEstablished: 1,
          })),
        );
      },
      stage: async (change: RenderedChange): Promise<StagedChange> => {
        staged = change;
        return { deviceDiff: change.body };
      },
      commit: async (options: CommitOptions) => {
        if (staged === undefined || this.#lastInput === undefined)
          throw new TransportError('dry-run: commit without a staged change');
        rollbackTo = await this.#readState();
        const n = String(await this.#nextSequence()).padStart(4, '0');
        await writeFile(join(this.directory, 'changes', `${n}.${staged.format}.txt`), staged.body);
        const plan = {
          comment: options.comment,
          confirmTimeoutS: options.confirmTimeoutS,
          desired: this.#lastInput.desired,
          change: this.#lastInput.change,
          digest: staged.digest,
        };
        await writeFile(join(this.directory, 'changes', `${n}.plan.json`), `${JSON.stringify(plan, null, 2)}\n`);
        await this.#writeState(toManagedState(this.#lastInput.desired));
      },
      confirm: async () => {
        staged = undefined;
        rollbackTo = undefined;
      },
      abort: async () => {
        staged = undefined;
        if (rollbackTo !== undefined) await this.#writeState(rollbackTo);
        rollbackTo = undefined;
      },
      close: async () => undefined,
      [Symbol.asyncDispose]: async () => {
        await session.abort(new AbortController().signal);
      },
    };
    return session;
  }
}
