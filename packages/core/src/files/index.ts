export {
  checkBoundedFile,
  FILE_LIMITS,
  FileReadError,
  privateKeyModeProblem,
  readBoundedFile,
  readBoundedFileSync,
  readBoundedText,
  readBoundedTextSync,
} from './boundedRead.js';
export type { BoundedReadOptions } from './boundedRead.js';
