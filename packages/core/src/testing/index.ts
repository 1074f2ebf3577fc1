/**
 * `@meshrr/core/testing`: fakes that let other packages test against the real engine.
 */
export { FakeClock } from './fakeClock.js';
export { MemoryLogger } from './memoryLogger.js';
export type { LogLine } from './memoryLogger.js';
export { MemoryMetrics, labelKey } from './memoryMetrics.js';
export { MemoryDiscoveryProvider, MemoryGroupControl } from './memoryDiscovery.js';
export type { MemorySourceOptions } from './memoryDiscovery.js';
export { desiredGroup, groupChange, meshGroup, subtractiveGroup, testConfig } from './testConfig.js';
export { applyManagedChange } from '../desired/applyManagedChange.js';
export { FakeRenderer, FAKE_PLATFORM, MESHRR_JSON_FORMAT } from './fakeRenderer.js';
export { FakeDevice } from './fakeDevice.js';
export type { FakeCall, FakeCommit, FakeMethod } from './fakeDevice.js';
export { FakeTransport } from './fakeTransport.js';
export { MemorySafetyStateStore } from './memorySafetyState.js';
export { createTestContainer } from './createTestContainer.js';
export type { TestContainer, TestContainerOptions } from './createTestContainer.js';
export { RecordingSink } from './recordingSink.js';
export type { SinkCall } from './recordingSink.js';
export { hasOpenssl, makeTestPki } from './selfSignedCa.js';
export type { TestPki } from './selfSignedCa.js';
export { eventually, HANG_GUARD_MS } from './patience.js';
export type { EventuallyOptions } from './patience.js';
export { UpstreamSimulation } from './upstreamSimulation.js';
export type { EstablishedDrop, SimulatedRouter, UpstreamSimulationOptions } from './upstreamSimulation.js';
