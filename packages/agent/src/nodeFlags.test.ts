import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGENT_NODE_FLAGS } from '@meshrr/core/bench';

const repo = new URL('../../../', import.meta.url);

describe("the agent's V8 flags", () => {
  it('are the same in the executable, the container entrypoint and what the benchmarks run', () => {
    const shebang = readFileSync(new URL('packages/agent/src/meshrr.ts', repo), 'utf8').split('\n')[0]!;
    const entrypoint = /^ENTRYPOINT (.*)$/m.exec(readFileSync(new URL('Dockerfile', repo), 'utf8'))?.[1] ?? '';
    const flagsOf = (text: string): string[] => text.match(/--[a-z-]+(=\S+?)?(?=[\s",]|$)/g) ?? [];
    expect(flagsOf(shebang)).toEqual([...AGENT_NODE_FLAGS]);
    expect(flagsOf(entrypoint)).toEqual([...AGENT_NODE_FLAGS]);
  });
});
