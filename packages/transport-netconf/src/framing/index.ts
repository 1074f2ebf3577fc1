export { encodeChunked, scanChunked } from './chunked.js';
export type { ChunkedScan } from './chunked.js';
export { EOM_DELIMITER, encodeEom, scanEom } from './eom.js';
export type { EomScan } from './eom.js';
export { DEFAULT_MAX_MESSAGE_BYTES, FrameReader } from './frameReader.js';
export type { FramingMode } from './frameReader.js';
export { FramingError } from './framingError.js';
