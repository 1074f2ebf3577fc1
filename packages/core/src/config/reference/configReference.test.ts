import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderConfigReference, referenceTables } from './configReference.js';
import { configJsonSchema } from './jsonSchema.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));

describe('configuration reference (src/config/README.md)', () => {
  it('its key tables are generated from the zod schema and up to date (run `npm run gen` after changing a key)', () => {
    const committed = readFileSync(README, 'utf8');
    expect(committed, 'README.md is stale: run `npm run gen`').toBe(
      renderConfigReference(committed, configJsonSchema()),
    );
  });

  it('lists every key of every block with its default in file units', () => {
    const tables = referenceTables(configJsonSchema());
    expect(tables['top-level']).toContain('| `encrypted_root_pw` | string | default `NOLOGIN` |');
    expect(tables['top-level']).toContain('| `asn` | integer 1–4294967295 or string | **required** |');
    expect(tables['extensions']).toContain('| `safety.vanished_hold_down_seconds` | number ≥ 0 | default `30` |');
    expect(tables['extensions']).toContain('| `commit.confirm_timeout_seconds` | integer 1–3932100 | default `120` |');
    expect(tables['mesh']).toContain('| `source.sourcetype` | string | default `dns` |');
    expect(tables['mesh']).not.toContain('`prefixes`');
  });

  it('refuses a README naming a block that does not exist', () => {
    expect(() =>
      renderConfigReference('<!-- BEGIN GENERATED: nope -->\n<!-- END GENERATED -->', configJsonSchema()),
    ).toThrow('no generated table named nope');
  });
});
