/**
 * `meshrr-discovery-http-json`: an example third-party meshrr discovery plugin, written only
 * against `@meshrr/core`'s public API. `sourcetype: http-json` polls an HTTP endpoint serving
 * Prometheus HTTP SD JSON and feeds its targets to a mesh group.
 */
export { plugin } from './plugin.js';
export { httpJsonDiscoveryModule } from './module.js';
export { HttpJsonDiscoveryProvider } from './httpJsonDiscoveryProvider.js';
export { HttpJsonPeerSource } from './httpJsonSource.js';
export type { HttpJsonSourceSettings } from './httpJsonSource.js';
export { httpJsonOptionsSchema } from './options.js';
export type { HttpJsonOptions } from './options.js';
export { parseHttpSd } from './parseHttpSd.js';
export { fetchDocument } from './fetchDocument.js';
export type { FetchDocumentRequest } from './fetchDocument.js';
