export { subtractPrefixes, subtractPrefixesText } from './subtractPrefixes.js';
export type { CidrText } from './subtractPrefixes.js';
export { EMPTY_PEER_MEMORY } from './peerMemory.js';
export type { PeerMemory, Penalty, SessionMemory } from './peerMemory.js';
export { balancedAssignment } from './balancedAssignment.js';
export type { BalancedAssignmentInput } from './balancedAssignment.js';
export type { BalanceSet } from './maxPeersChoice.js';
export { canonicalUnicast } from './candidates.js';
export { rendezvousScore } from './rendezvous.js';
export { selectPeers } from './selectPeers.js';
export type { SelectPeersInput, SelectPeersResult } from './selectPeers.js';
export { computeDesiredState } from './computeDesiredState.js';
export { exclusiveNeighbors } from './exclusiveNeighbors.js';
export type { ExclusiveNeighbors } from './exclusiveNeighbors.js';
export type { DesiredStateInput, DesiredStateResult } from './computeDesiredState.js';
export { DesiredStateMemo } from './desiredStateMemo.js';
export { structuralEqual } from './structuralEqual.js';
export { diffManagedState, isEmptyChange, removalsOf, toManagedState } from './diffManagedState.js';
export { applyManagedChange } from './applyManagedChange.js';
export { initialDesiredState, renderInitialConfig } from './initialDesiredState.js';
export {
  canonicalAsRanges,
  canonicalGroup,
  canonicalNeighbors,
  canonicalPrefixes,
  MAX_AS_NUMBER,
} from './canonicalValues.js';
export type { CanonicalGroup, CanonicalGroupResult, CanonicalList } from './canonicalValues.js';
export type { OwnedGroup, OwnedState } from './diffManagedState.js';
export { describeRepairs, formatRepair } from './describeRepairs.js';
export {
  defaultFamilies,
  DEFAULT_MULTIHOP_TTL,
  groupStatements,
  neighborFamilyOverrides,
  SecretNotLoadedError,
} from './groupStatements.js';
export type { GroupStatements } from './groupStatements.js';
export { routerStatements } from './routerStatements.js';
export { sameData, STATEMENT_SPECS, describeGracefulRestart } from './statementValues.js';
