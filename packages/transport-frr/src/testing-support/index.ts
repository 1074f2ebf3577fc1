/**
 * `@meshrr/transport-frr/testing` (source only, for tests and benchmarks of other packages): real
 * FRR daemons in network namespaces created by the caller's test or benchmark.
 */
export { FRR_PROGRAMS, realFrrUnavailable, startFrrNode, vtyshConfigure, vtyshJson } from './frrNode.js';
export type { FrrNode } from './frrNode.js';
export { createNetnsLab, uniqueNetnsPrefix } from './netns.js';
export type { NetnsLab, NetnsNode } from './netns.js';
