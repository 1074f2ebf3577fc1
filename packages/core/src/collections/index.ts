export { maxOf, minOf, pushAll } from './bulk.js';
