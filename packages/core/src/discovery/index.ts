export { runRefreshLoop } from './refreshLoop.js';
export type { RefreshLoopOptions, RefreshResult } from './refreshLoop.js';
export { samePeerSet } from './peerSet.js';
