export { escapeXml } from './escapeXml.js';
export { renderedChange } from './renderedChange.js';
