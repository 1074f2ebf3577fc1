import { afterAll, beforeAll, describe } from 'vitest';
import type { LabHandle } from '../lab/handle.js';
import { labDown } from '../lab/labDown.js';
import { labUp, type LabUpOptions } from '../lab/labUp.js';
import { labStateDir } from './realServers.js';

/** How {@link describeLab} brings its lab up (the rest is {@link LabUpOptions}: agentMain, agentImage, …). */
export interface DescribeLabOptions extends Omit<LabUpOptions, 'stateDir' | 'labId'> {
  /** The topology file (`exampleTopology(name)` for a shipped example). */
  readonly topology: string;
  /**
   * The lab id's letters: the id is `<idPrefix><pid % 100000>`, so the namespaces `mlab-<id>-…` of
   * two files (or two runs) never collide. One prefix per file.
   */
  readonly idPrefix: string;
  /**
   * Whether the suite runs here: a gate of `./realServers.js` (and `containerImageGate`). It skips
   * loudly where the machine cannot run it, and runs (then fails) where real servers are required.
   */
  readonly gate: { readonly run: boolean };
  /** Awaited before the lab comes up, in a hook with its own timeout (e.g. `awaitContainerImages`). */
  readonly beforeUp?: { readonly wait: () => Promise<void>; readonly timeoutMs: number };
  /** Runs after the lab is down, with its lab id (e.g. to assert that nothing named after it is left). */
  readonly afterDown?: (labId: string) => void | Promise<void>;
}

/**
 * A `describe` block around one lab, the set-up every lab end-to-end file shares: a fresh state
 * directory and `labUp(topology)` before the first test, `labDown` after the last one (every
 * process stopped by PID, every `mlab-<id>-` namespace deleted; also when a test failed or the lab
 * was already taken down by a test), then `afterDown`. `body` registers the tests; its `lab` is the
 * running lab's handle (its fields throw until the lab is up, so a test cannot run against no lab).
 */
export function describeLab(title: string, options: DescribeLabOptions, body: (lab: LabHandle) => void): void {
  const { topology, idPrefix, gate, beforeUp, afterDown, ...upOptions } = options;
  const labId = `${idPrefix}${process.pid % 100000}`;
  describe.runIf(gate.run)(title, () => {
    let stateDir: string | undefined;
    let running: LabHandle | undefined;
    const up = (): LabHandle => {
      if (running === undefined) throw new Error(`the lab of "${title}" is not up (its beforeAll failed)`);
      return running;
    };
    const lab: LabHandle = {
      get stateDir() {
        return up().stateDir;
      },
      get name() {
        return up().name;
      },
      labId,
    };

    if (beforeUp !== undefined) beforeAll(beforeUp.wait, beforeUp.timeoutMs);
    beforeAll(async () => {
      stateDir = labStateDir();
      running = await labUp(topology, { ...upOptions, stateDir, labId });
    });

    afterAll(async () => {
      if (stateDir !== undefined) await labDown(stateDir);
      await afterDown?.(labId);
    });

    body(lab);
  });
}
