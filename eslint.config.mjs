// Lint = architecture rules. Layering comes from Nx tags in each package.json (`nx.tags`):
//   layer:core    imports no other workspace package and no I/O library;
//   layer:adapter imports only core (adapters never import each other);
//   layer:app     (agent, lab) wires everything;
//   layer:example third-party style code: only public APIs.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import eslintConfigPrettier from 'eslint-config-prettier/flat';

const ioLibraries = [
  'ssh2',
  '@kubernetes/client-node',
  'eta',
  'consul',
  'dns-packet',
  'node:dns',
  'node:net',
  'node:dgram',
  'node:child_process',
  'pino',
  'prom-client',
];

const architectureSelectors = [
  {
    selector: "ImportDeclaration[source.value='inversify'] ImportSpecifier[imported.name='Container']",
    message: 'Only packages/agent/src/container.ts (the composition root) and tests may build an inversify Container.',
  },
  {
    selector: 'ExportDefaultDeclaration',
    message: 'Named exports only.',
  },
];

/** Input safety (issue 11): bounded file reads, no argument spreads of unbounded arrays. Product code only. */
const inputSafetySelectors = [
  {
    // issue 11 item 8: a device, FIFO or huge file must fail fast, naming the file.
    selector:
      'ImportDeclaration[source.value=/^(node:)?fs(\\/promises)?$/] ImportSpecifier[imported.name=/^(readFile|readFileSync|createReadStream)$/]',
    message:
      'Read files with readBoundedText/readBoundedFile(Sync) from @meshrr/core: bounded, regular files only, errors name the file.',
  },
  {
    // issue 11 item 7: spreading a large array into call arguments overflows the stack.
    selector:
      'CallExpression[callee.type="MemberExpression"][callee.property.name=/^(push|unshift|min|max|fromCharCode|fromCodePoint)$/] > SpreadElement',
    message:
      'Spreading an array into arguments overflows the stack for large inputs: use pushAll/minOf/maxOf from @meshrr/core.',
  },
];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/.vitest/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...nx.configs['flat/base'],
  // Formatting belongs to prettier (`npm run format`); lint checks it with `prettier --check`.
  eslintConfigPrettier,
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 2022, sourceType: 'module' } },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'layer:core', onlyDependOnLibsWithTags: [], bannedExternalImports: ioLibraries },
            { sourceTag: 'layer:adapter', onlyDependOnLibsWithTags: ['layer:core'] },
            { sourceTag: 'layer:app', onlyDependOnLibsWithTags: ['layer:core', 'layer:adapter', 'layer:app'] },
            { sourceTag: 'layer:example', onlyDependOnLibsWithTags: ['layer:core'] },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...architectureSelectors],
    },
  },
  {
    // Type-aware rules: a promise is awaited, returned or handled, never dropped or passed where a
    // plain callback is expected; nothing awaited that is not a promise.
    files: ['packages/*/src/**/*.ts', 'packages/*/bench/**/*.ts', 'examples/*/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Product code: what runs in the agent and in plugins. Benchmarks, test support, build scripts
    // and the examples' structural-test helpers read their own fixtures and are left out.
    files: ['packages/*/src/**/*.ts', 'examples/discovery-plugin-http-json/src/**/*.ts'],
    ignores: [
      '**/testing-support/**',
      '**/testing/**',
      '**/bench/**',
      'packages/agent/src/observability/metricsReference.ts',
    ],
    rules: { 'no-restricted-syntax': ['error', ...architectureSelectors, ...inputSafetySelectors] },
  },
  {
    files: [
      'packages/agent/src/container.ts',
      '**/*.test.ts',
      '**/testing/**/*.ts',
      '**/vitest.config.ts',
      'vitest.shared.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/vitest.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'packages/core/src/testing/selfSignedCa.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Core never reads the environment; the agent passes env in.' },
      ],
      'no-restricted-imports': [
        'error',
        { paths: ioLibraries.map((name) => ({ name, message: 'Core imports no I/O library.' })) },
      ],
    },
  },
];
