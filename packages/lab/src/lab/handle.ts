import type { LabState } from '../state/labState.js';

/** A running lab: where its state lives. Every operation also accepts the state directory. */
export interface LabHandle {
  readonly stateDir: string;
  readonly name: string;
  readonly labId: string;
}

/** A handle or a state directory, as the lab functions accept. */
export type LabRef = LabHandle | string;

/** The state directory of a {@link LabRef}. */
export function stateDirOf(ref: LabRef): string {
  return typeof ref === 'string' ? ref : ref.stateDir;
}

/** The handle of a lab state. */
export function handleOf(state: LabState): LabHandle {
  return { stateDir: state.stateDir, name: state.name, labId: state.labId };
}
