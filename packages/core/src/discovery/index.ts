export { runRefreshLoop } from './refreshLoop.js';
export type { RefreshLoopOptions, RefreshResult } from './refreshLoop.js';
export { samePeerSet } from './peerSet.js';
export { StaticDiscoveryProvider } from './static/staticProvider.js';
export { staticOptionsSchema } from './static/staticOptions.js';
export type { StaticSourceOptions } from './static/staticOptions.js';
export { parseAddressFile } from './static/parseAddressFile.js';
export { lookupDurationMetric, startLookupTimer } from './lookupTimer.js';
