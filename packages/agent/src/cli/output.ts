import { Option } from 'commander';
import { stringify } from 'yaml';

/** Output formats of the commands that print a result (`-o, --output`, as kubectl). */
export type OutputFormat = 'text' | 'json' | 'yaml';

/** Every format a command may offer; `text` is for people, the others for programs. */
export const OUTPUT_FORMATS = ['text', 'json', 'yaml'] as const satisfies readonly OutputFormat[];

/**
 * The `-o, --output <format>` option: the output FORMAT (never a file: files are `--out <file>`).
 * `formats` lists what the command offers, the first being the default.
 */
export function outputOption(formats: readonly string[] = OUTPUT_FORMATS): Option {
  return new Option('-o, --output <format>', 'output format').choices([...formats]).default(formats[0]);
}

/**
 * A command's result in `format`: `text` calls `text()`; `json` is indented JSON; `yaml` is YAML 1.2
 * of the same object (same keys and values as the JSON). Always ends with a newline.
 */
export function formatOutput(value: unknown, format: string, text: () => string): string {
  if (format === 'json') return `${JSON.stringify(value, null, 2)}\n`;
  if (format === 'yaml') return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
  const out = text();
  return out.endsWith('\n') || out === '' ? out : `${out}\n`;
}
