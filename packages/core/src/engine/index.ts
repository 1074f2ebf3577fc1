export { ItemBackoff } from './itemBackoff.js';
export type { ItemBackoffOptions } from './itemBackoff.js';
export { RateLimitingQueue } from './rateLimitingQueue.js';
export type { RateLimitingQueueOptions } from './rateLimitingQueue.js';
export { Controller, ReconcileTimeoutError } from './controller.js';
export type { ControllerDeps, ControllerOptions, ReconcileCompletion } from './controller.js';
export { RECONCILE_RESULTS } from './controllerMetrics.js';
export type { ReconcileResultLabel } from './controllerMetrics.js';
export { StatusStore } from './statusStore.js';
export type { EngineStatusPatch } from './statusStore.js';
export { Quiescence } from './quiescence.js';
export { DiscoveryManager } from './discoveryManager.js';
export { DiscoveryConfigError, indexProviders, resolveSources } from './resolveSources.js';
export type { ResolvedSource } from './resolveSources.js';
export { validatePeers } from './validatePeers.js';
export { guardRemovals } from './guards.js';
export type { HoldReason } from './guards.js';
export {
  budgetFreesAt,
  confirmPendingRemovals,
  EMPTY_REMOVAL_LEDGER,
  exhaustedLedger,
  groupBudget,
  observeSizes,
  recordRemovals,
  settlePendingRemovals,
} from './removalLedger.js';
export { decodeSafetyState, encodeSafetyState, SAFETY_STATE_VERSION, SafetyStateError } from './ledgerState.js';
export type { GroupBudget, LedgerRemoval, RemovalLedger, SizeSample } from './removalLedger.js';
export { formatFinding, verifySessions } from './verifySessions.js';
export type { SessionFinding, VerifyInput, VerifyVerdict } from './verifySessions.js';
export { RouterReconciler, SafetyStateSaveError, VerifyFailedError } from './routerReconciler.js';
export type { PlanResult, ReconcileReport } from './reconcileReport.js';
export { Engine } from './engine.js';
export type { DrainOptions } from './engine.js';
export { EngineOptions } from './engineOptions.js';
export { coreModule } from './coreModule.js';
