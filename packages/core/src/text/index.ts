export { escapeXml } from './escapeXml.js';
