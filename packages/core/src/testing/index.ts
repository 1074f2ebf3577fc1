/**
 * `@meshrr/core/testing`: fakes that let other packages test against the real engine.
 */
export { FakeClock } from './fakeClock.js';
