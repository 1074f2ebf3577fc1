import { fileURLToPath } from 'node:url';
import { FILE_LIMITS, readBoundedTextSync, type MeshrrMode } from '@meshrr/core';

/** A template's text, its name (for errors) and its engine. */
export interface TemplateSource {
  readonly name: string;
  readonly text: string;
  readonly engine: 'eta' | 'jinja2';
}

const FILES: Readonly<Record<MeshrrMode, string>> = {
  ipv4rr: 'juniper-ipv4rr.conf.eta',
  evpnrs: 'juniper-evpnrs.conf.eta',
};

/** Absolute path of the shipped default Eta template for `mode` (in the package's `templates/`). */
export function defaultTemplatePath(mode: MeshrrMode): string {
  return fileURLToPath(new URL(`../../templates/${FILES[mode]}`, import.meta.url));
}

/** The shipped default template for `mode` (`ipv4rr` or `evpnrs`), read from disk. Throws if missing. */
export function defaultTemplate(mode: MeshrrMode): TemplateSource {
  const text = readBoundedTextSync(defaultTemplatePath(mode), { maxBytes: FILE_LIMITS.template, what: 'template' });
  return { name: FILES[mode], text, engine: 'eta' };
}

/**
 * The engine of a user template: by file name (`.eta` → Eta; `.j2`, `.jinja`, `.jinja2` → Jinja2),
 * otherwise by content (`<%` → Eta, else Jinja2, meshrr's only engine).
 */
export function templateEngineFor(name: string, text: string): 'eta' | 'jinja2' {
  if (/\.eta$/i.test(name)) return 'eta';
  if (/\.(j2|jinja2?)$/i.test(name)) return 'jinja2';
  return text.includes('<%') ? 'eta' : 'jinja2';
}
