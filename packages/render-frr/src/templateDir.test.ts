import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FrrRenderError } from './errors.js';
import { readFrrTemplateDir } from './templateDir.js';

const dirs: string[] = [];
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'frr-templates-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('readFrrTemplateDir', () => {
  it('reads the slots present and ignores other files', () => {
    const dir = dirWith({
      'global.eta': 'route-map X permit 10\n',
      'bgp.eta': 'timers bgp 3 9\n',
      'ipv4-unicast.eta': 'neighbor M route-map X out\n',
      'README.md': 'hello',
    });
    expect(readFrrTemplateDir(dir)).toEqual({
      global: 'route-map X permit 10\n',
      bgp: 'timers bgp 3 9\n',
      addressFamily: { 'ipv4-unicast': 'neighbor M route-map X out\n' },
    });
    expect(readFrrTemplateDir(dirWith({}))).toEqual({});
  });

  it('names an unknown template file and a missing directory', () => {
    const dir = dirWith({ 'ipv4.eta': 'x' });
    expect(() => readFrrTemplateDir(dir)).toThrow(FrrRenderError);
    expect(() => readFrrTemplateDir(dir)).toThrow(
      /ipv4\.eta: unknown template; use global\.eta, bgp\.eta, ipv4-unicast\.eta/,
    );
    expect(() => readFrrTemplateDir(join(dir, 'missing'))).toThrow(/cannot read the template directory/);
  });

  it.each(['/dev/zero', '/dev/urandom'])(
    'a template that is %s fails at once naming it (issue 11 item 8)',
    (device) => {
      const dir = dirWith({});
      symlinkSync(device, join(dir, 'global.eta'));
      expect(() => readFrrTemplateDir(dir)).toThrow(
        `${join(dir, 'global.eta')}: FRR template ${join(dir, 'global.eta')} is a character device, not a regular file`,
      );
    },
  );
});
