import { appendFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  applyManagedChange,
  STATEMENT_KINDS,
  FILE_LIMITS,
  readBoundedText,
  TransportError,
  toManagedState,
  type ManagedChange,
  type BgpSessionState,
  type CommitOptions,
  type DesiredRouterConfig,
  type ConfigSession,
  type ManagedState,
  type RenderInput,
  type RenderedChange,
  type Renderer,
  type StagedChange,
  type Transport,
} from '@meshrr/core';

const EMPTY_STATE: ManagedState = { groups: [], gracefulShutdown: false };
/** The managed state as of the last snapshot (compact JSON). */
const STATE_FILE = 'managed-state.json';
/** The changes committed since that snapshot, one JSON `ManagedChange` per line. */
const JOURNAL_FILE = 'managed-state.changes.jsonl';

/** Lists longer than this are summarised in `NNNN.plan.json` (count, first and last entries). */
const LISTED_IN_FULL = 32;

/** A list as written to a plan file: in full when short, else its length and both ends. */
function summarised(list: readonly string[]): readonly string[] | { count: number; first: string[]; last: string[] } {
  if (list.length <= LISTED_IN_FULL) return list;
  return { count: list.length, first: list.slice(0, 8), last: list.slice(-8) };
}

/**
 * The desired configuration as a plan file shows it: every group with its neighbors and allow
 * list summarised when long (the whole configuration is in `managed-state.json`; the device text
 * of the change in `NNNN.<format>.txt`), so a small change to a large group writes a small file.
 */
function desiredSummary(desired: DesiredRouterConfig): unknown {
  return {
    routerId: desired.routerId,
    gracefulShutdown: desired.gracefulShutdown,
    groups: desired.groups.map((g) => ({
      name: g.name,
      kind: g.kind,
      peerType: g.peerType,
      neighbors: summarised(g.neighbors),
      allow: summarised(g.allow),
      peerAsRanges: g.peerAsRanges,
    })),
  };
}

/**
 * One journal line: the change and the statements (no member lists) of the groups it creates or
 * changes and of the router, so that replaying it gives created groups their statements — a
 * device read back by another process (a reloaded agent, `plan`) sees no false drift.
 */
interface JournalEntry {
  readonly change: ManagedChange;
  readonly statements: ManagedState;
}

function statementsOfChange(change: ManagedChange, state: ManagedState): ManagedState {
  const names = new Set(change.groups.map((g) => g.name));
  return {
    ...state,
    groups: state.groups
      .filter((g) => names.has(g.name))
      .map((g) => ({ ...g, neighbors: [], allow: [], peerAsRanges: [] })),
  };
}

/**
 * A stand-in device for `--dry-run <dir>`: instead of a router, a directory. Every change the engine
 * would push is written as `changes/NNNN.<format>.txt` (the real platform text) with
 * `changes/NNNN.plan.json` (the change, the decisions that made it, and the desired state with long
 * lists summarised); the device's managed state is kept as a snapshot, `managed-state.json`, plus
 * the changes committed since, `managed-state.changes.jsonl` (a new snapshot once those outgrow it:
 * a small change to a large group writes little), read once per process and then kept in memory,
 * so successive runs continue where the last one stopped. BGP sessions are
 * reported Established for every configured neighbor (there is no daemon to ask). A commit that is
 * aborted (not confirmed) restores the previous state, like a confirmed commit rolling back.
 */
export class DryRunDevice {
  #lastInput: RenderInput | undefined;
  #sequence = 0;
  /** The managed state as last read or written (this device is the only writer of its directory). */
  #state: ManagedState | undefined;
  #snapshotBytes = 0;
  #journalBytes = 0;

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
    if (this.#state !== undefined) return this.#state;
    const snapshot = await this.#readFileOrUndefined(STATE_FILE);
    const journal = await this.#readFileOrUndefined(JOURNAL_FILE);
    let state = snapshot === undefined ? EMPTY_STATE : (this.#parse(STATE_FILE, snapshot) as ManagedState);
    for (const line of (journal ?? '').split('\n'))
      if (line.trim() !== '') {
        const entry = this.#parse(JOURNAL_FILE, line) as JournalEntry | ManagedChange;
        state =
          'change' in entry
            ? applyManagedChange(state, entry.change, entry.statements)
            : applyManagedChange(state, entry);
      }
    this.#snapshotBytes = snapshot?.length ?? 0;
    this.#journalBytes = journal?.length ?? 0;
    // the dry-run device holds every statement it is given: it reads back every kind
    return (this.#state = { ...state, statementsRead: STATEMENT_KINDS });
  }

  async #readFileOrUndefined(name: string): Promise<string | undefined> {
    try {
      return await readBoundedText(join(this.directory, name), {
        maxBytes: FILE_LIMITS.configuration,
        what: 'dry-run device state',
      });
    } catch (error) {
      if ((error as { missing?: boolean }).missing === true) return undefined;
      throw new TransportError(
        `dry-run state ${join(this.directory, name)} is unreadable: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  #parse(name: string, text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new TransportError(`dry-run state ${join(this.directory, name)} is not JSON: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** Writes `state` whole (the snapshot) and empties the journal. */
  async #writeSnapshot(state: ManagedState): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const text = `${JSON.stringify(state)}\n`;
    await writeFile(join(this.directory, STATE_FILE), text);
    await writeFile(join(this.directory, JOURNAL_FILE), '');
    this.#state = state;
    this.#snapshotBytes = text.length;
    this.#journalBytes = 0;
  }

  /**
   * Records that `change` turned the managed state into `state`: appended to the journal, or a new
   * snapshot once the journal would outgrow the snapshot (so a change costs writes of its own size,
   * amortised, and reading back never replays more than one snapshot's worth).
   */
  async #recordChange(change: ManagedChange, state: ManagedState): Promise<void> {
    const entry: JournalEntry = { change, statements: statementsOfChange(change, state) };
    const line = `${JSON.stringify(entry)}\n`;
    if (this.#snapshotBytes === 0 || this.#journalBytes + line.length > this.#snapshotBytes)
      return this.#writeSnapshot(state);
    await appendFile(join(this.directory, JOURNAL_FILE), line);
    this.#journalBytes += line.length;
    this.#state = state;
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
          digest: staged.digest,
          change: this.#lastInput.change,
          decisions: this.#lastInput.desired.decisions,
          desired: desiredSummary(this.#lastInput.desired),
        };
        await writeFile(join(this.directory, 'changes', `${n}.plan.json`), `${JSON.stringify(plan, null, 2)}\n`);
        // what the device holds: the change applied (as a replay of the journal gives it back)
        const held = {
          ...applyManagedChange(rollbackTo, this.#lastInput.change, toManagedState(this.#lastInput.desired)),
          statementsRead: STATEMENT_KINDS,
        };
        await this.#recordChange(this.#lastInput.change, held);
      },
      confirm: async () => {
        staged = undefined;
        rollbackTo = undefined;
      },
      abort: async () => {
        staged = undefined;
        if (rollbackTo !== undefined) await this.#writeSnapshot(rollbackTo);
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
