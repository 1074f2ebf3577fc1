export { subtractPrefixes } from './subtractPrefixes.js';
export { EMPTY_PEER_MEMORY } from './peerMemory.js';
export type { PeerMemory } from './peerMemory.js';
export { rendezvousScore } from './rendezvous.js';
export { selectPeers } from './selectPeers.js';
export type { SelectPeersInput, SelectPeersResult } from './selectPeers.js';
export { computeDesiredState } from './computeDesiredState.js';
export type { DesiredStateInput, DesiredStateResult } from './computeDesiredState.js';
export { diffManagedState, isEmptyChange, removalsOf, toManagedState } from './diffManagedState.js';
