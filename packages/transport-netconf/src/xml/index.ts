export { child, childText, children, descendants } from './xmlElement.js';
export type { XmlElement } from './xmlElement.js';
export { parseXml, XmlSyntaxError } from './parseXml.js';
export { escapeXml } from '@meshrr/core';
