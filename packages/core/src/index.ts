/**
 * `@meshrr/core`: contracts and tokens (`api/`), configuration (`config/`), desired-state
 * computation with prefix math and peer selection (`desired/`), the reconcile engine with its
 * safety guards (`engine/`), built-in static discovery (`discovery/`) and small helpers for
 * adapters (`retry/`, `concurrency/`, `text/`).
 */
export * from './api/index.js';
export * from './ambient/index.js';
export * from './net/index.js';
export * from './config/index.js';
export * from './desired/index.js';
export * from './engine/index.js';
export * from './discovery/index.js';
export * from './retry/index.js';
export * from './concurrency/index.js';
export * from './text/index.js';
export * from './collections/index.js';
export * from './files/index.js';
