// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Module boundaries from docs/architecture.md, enforced here so they cannot drift. */
const serverPatterns = [
  {
    group: ['**/modules/*/*.repo.js'],
    message: 'Import another module only through its *.service.ts (never its repo).',
  },
  { group: ['**/apps/web/**', '**/apps/cli/**'], message: 'The server never imports web or CLI code.' },
];
const serverBoundaries = { 'no-restricted-imports': ['error', { patterns: serverPatterns }] };
const moduleBoundaries = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...serverPatterns,
        {
          // From inside a module, another module is `../<module>/…`: only its service may be imported.
          regex: '^\\.\\./[a-z-]+/(?![a-z-]+\\.service\\.js$)',
          message: 'Import another module only through its *.service.ts.',
        },
      ],
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'data/**', '**/*.d.ts', 'apps/web/vite.config.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // Tests are type-checked too (STYLE §12): tsconfig.test.json covers server, CLI, contracts, e2e and bench.
      parserOptions: { project: ['./tsconfig.test.json', './apps/web/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  // Plain JavaScript (config files, the CLI's bin shim) is linted without type information.
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    files: ['apps/server/src/**/*.ts'],
    ignores: ['apps/server/src/**/*.test.ts'],
    rules: serverBoundaries,
  },
  {
    files: ['apps/server/src/modules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: moduleBoundaries,
  },
  {
    files: ['apps/server/src/modules/audit/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        // From modules/audit, another module is `../<module>/…`; the platform is `../../platform/…`.
        { patterns: [{ regex: '^\\.\\./[^.]', message: 'audit is imported by other modules and imports none back.' }] },
      ],
    },
  },
  {
    files: ['packages/contracts/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/**', '@telehealth/server*'], message: 'contracts import nothing from apps.' }] }],
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}', 'apps/cli/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/apps/server/**', '**/server/src/**'], message: 'web and cli never import server internals.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@telehealth/server*', '**/apps/server/**'], message: 'web never imports server code.' }] },
      ],
    },
  },
);
