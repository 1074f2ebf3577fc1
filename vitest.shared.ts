import { defaultServerConditions } from 'vite';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * The vitest project settings every meshrr package shares: tests beside the code, workspace
 * packages resolved from source through the `@meshrr/source` export condition (no build needed),
 * and a JSON report per package that `scripts/test-summary.mjs` adds up.
 */
export function meshrrProject(name: string, overrides: UserWorkspaceConfig['test'] = {}): UserWorkspaceConfig {
  return defineProject({
    ssr: { resolve: { conditions: ['@meshrr/source', ...defaultServerConditions] } },
    resolve: { conditions: ['@meshrr/source', ...defaultServerConditions] },
    test: {
      name,
      include: ['src/**/*.test.ts'],
      environment: 'node',
      testTimeout: 20_000,
      hookTimeout: 30_000,
      ...overrides,
    },
  });
}
