/**
 * `@meshrr/lab`: a one-machine lab of real BGP daemons (FRR per network namespace), a real DNS
 * server (bind9, RFC 2136 updates) and one meshrr agent per route reflector, described by a topology
 * file. Used by `meshrr lab` and by the end-to-end tests.
 */
export { LabError, LabPrerequisiteError, TopologyError } from './errors.js';
export { loadTopology } from './topology/loadTopology.js';
export type { GroupPlan, Topology } from './topology/loadTopology.js';
export type { Announcement, ClientSpec, TopologyFile } from './topology/schema.js';
export { checkPrerequisites, assertPrerequisites } from './system/prerequisites.js';
export type { PrerequisiteReport } from './system/prerequisites.js';
export type { LabHandle, LabRef } from './lab/handle.js';
export { labUp } from './lab/labUp.js';
export type { LabUpOptions } from './lab/labUp.js';
export { labDown } from './lab/labDown.js';
export type { LabDownOptions, LabDownResult } from './lab/labDown.js';
export { labScale } from './lab/labScale.js';
export type { ScaleResult } from './lab/labScale.js';
export { labCrash, labRestartAgent } from './lab/labRestart.js';
export type { CrashOptions, CrashResult } from './lab/labRestart.js';
export { labStatus } from './lab/labStatus.js';
export type { LabStatus, PrefixStatus, RouterStatus, SessionStatus } from './lab/labStatus.js';
export { labReplace } from './lab/labReplace.js';
export { labAddClient, labAddRouteReflector } from './lab/labGrow.js';
export { labDnsStop, labDnsStart } from './lab/labDns.js';
export { labEditConfig } from './lab/labConfig.js';
export type { EditConfigOptions } from './lab/labConfig.js';
export type { ReplaceResult } from './lab/labReplace.js';
export { waitForStatus, allEstablished } from './lab/waitForStatus.js';
export { formatLabStatus } from './cli/formatStatus.js';
export {
  labUpCommand,
  labDownCommand,
  labReplaceCommand,
  labScaleCommand,
  labRestartAgentCommand,
  labCrashCommand,
  defaultLabStateDir,
} from './cli/labCommands.js';
export type { LabCliIo, LabUpCommandOptions } from './cli/labCommands.js';
export { labStatusDot, labStatusSvg } from './cli/statusGraph.js';
