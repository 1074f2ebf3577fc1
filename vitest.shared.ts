import { defaultServerConditions } from 'vite';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * Per-test and per-hook timeout: a hang guard, never a speed claim. CI runs on a busy 2-core
 * machine, where a real daemon, a `frr-reload.py` run or a lab that converges in 2 s when idle can
 * take ten times as long; a test fails because what it awaits never happens, not because the
 * machine is slow. Real-time waits inside tests use `eventually`/`HANG_GUARD_MS` from
 * `@meshrr/core/testing`; a test may wait several times, hence this larger guard.
 */
const TEST_HANG_GUARD_MS = 300_000;

/**
 * The vitest project settings every meshrr package shares: tests beside the code, workspace
 * packages resolved from source through the `@meshrr/source` export condition (no build needed),
 * the hang guards above, and a JSON report per package that `scripts/test-summary.mjs` adds up.
 */
export function meshrrProject(name: string, overrides: UserWorkspaceConfig['test'] = {}): UserWorkspaceConfig {
  return defineProject({
    ssr: { resolve: { conditions: ['@meshrr/source', ...defaultServerConditions] } },
    resolve: { conditions: ['@meshrr/source', ...defaultServerConditions] },
    test: {
      name,
      include: ['src/**/*.test.ts'],
      environment: 'node',
      testTimeout: TEST_HANG_GUARD_MS,
      hookTimeout: TEST_HANG_GUARD_MS,
      ...overrides,
    },
  });
}
