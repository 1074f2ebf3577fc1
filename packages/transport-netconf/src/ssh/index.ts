export { keyTypeOf, normalizeFingerprint, sha256Fingerprint } from './fingerprint.js';
export type { HostKeyPolicy } from './hostKeyPolicy.js';
export { hostKeyVerifier } from './hostKeyVerifier.js';
export type { HostKeyVerifier } from './hostKeyVerifier.js';
export { hostsMatch, keysFor, knownHostName, parseKnownHosts } from './knownHosts.js';
export type { KnownHostEntry } from './knownHosts.js';
export { openSshNetconfChannel } from './sshChannel.js';
export type { SshChannelOptions, SshNetconfChannel } from './sshChannel.js';
