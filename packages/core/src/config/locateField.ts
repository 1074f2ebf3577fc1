import { resolveSource, type ConfigSource } from './configSource.js';
import { formatFieldPath } from './issues.js';
import { locate, parseYamlFile } from './yamlDocument.js';

/**
 * `file:line:column: field` for a field of a configuration, e.g. `/etc/meshrr.conf.yml:31:5:
 * plugins[0]`, so a problem found after loading (a plugin that fails to import) names where the
 * operator wrote it. Re-reads the source (bounded); without a position, `file: field`.
 */
export function describeConfigField(source: ConfigSource, path: readonly PropertyKey[]): string {
  const field = formatFieldPath(path);
  const resolved = resolveSource(source);
  if (!resolved.ok) return `${typeof source === 'string' ? source : '<config>'}: ${field}`;
  const { text, origin } = resolved.source;
  const yaml = parseYamlFile(text, origin);
  const at = yaml.fatal ? undefined : locate(yaml.file, path);
  return at === undefined ? `${origin}: ${field}` : `${origin}:${at.line}:${at.column}: ${field}`;
}
