import { readFileSync } from 'node:fs';

const DIR = new URL('../__fixtures__/junos/', import.meta.url);

/** Raw text of a recorded Junos fixture. */
export function fixture(file: string): string {
  return readFileSync(new URL(file, DIR), 'utf8');
}

/**
 * A fixture as a complete `<rpc-reply>` text: BOM and XML declaration removed, fragments
 * (rpc-error only, FRAGMENT, centreon's bare bgp-information) wrapped the way INDEX.md says they
 * sat on the wire.
 */
export function fixtureReply(file: string): string {
  const text = fixture(file)
    .replace(/^\ufeff/, '')
    .replace(/^<\?xml[^>]*\?>/, '')
    .trim();
  if (text.startsWith('<rpc-reply') || text.startsWith('<nc:rpc-reply')) return text;
  return `<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:junos="http://xml.juniper.net/junos/21.2R0/junos">${text}</rpc-reply>`;
}

/** Sets (or adds) the `message-id` attribute of the reply's root start tag. */
export function withMessageId(reply: string, id: string): string {
  const start = reply.search(/<(nc:)?rpc-reply[\s>]/);
  const end = reply.indexOf('>', start);
  const tag = reply.slice(start, end);
  const newTag = /message-id="[^"]*"/.test(tag)
    ? tag.replace(/message-id="[^"]*"/, `message-id="${id}"`)
    : `${tag} message-id="${id}"`;
  return reply.slice(0, start) + newTag + reply.slice(end);
}
