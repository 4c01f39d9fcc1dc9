// ESLint (flat config) with typescript-eslint's type-aware rules.
//
// The repository type-checks with TypeScript 7 (the native compiler, `typescript` in
// package.json), which has no JavaScript compiler API; typescript-eslint 8 needs the TypeScript
// 5/6 API (peer range ">=4.8.4 <6.1.0"). So ESLint gets its own compiler: the devDependency
// `typescript-for-eslint` (an npm alias of typescript@6.0.3). The resolve hook below sends every
// `typescript` import made while linting to it; `tsc` and everything else keep TypeScript 7.
// package.json's `overrides` lets npm accept typescript-eslint's peer dependency on `typescript`.
// When typescript-eslint supports TypeScript 7, drop the alias, the override and this hook.
import { registerHooks } from 'node:module';
import { defineConfig } from 'eslint/config';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'typescript' || specifier.startsWith('typescript/')) {
      return nextResolve(`typescript-for-eslint${specifier.slice('typescript'.length)}`, context);
    }
    return nextResolve(specifier, context);
  },
});

// Imported after the hook is in place (a static import would load it first).
const { default: tseslint } = await import('typescript-eslint');

// Everything TypeScript: the server, the bench, every test project and the web app.
const files = [
  'src/**/*.ts',
  'bench/**/*.ts',
  'test/api/**/*.ts',
  'test/contract/**/*.ts',
  'test/support/**/*.ts',
  'test/cluster/**/*.ts',
  'test/e2e/**/*.ts',
  'web/src/**/*.ts',
  'web/src/**/*.tsx',
];

export default defineConfig(
  { ignores: ['dist/**', 'build/**', 'data/**', 'test-results/**', 'bench/results/**'] },
  {
    files,
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // A promise nobody awaits loses its rejection (an unhandled rejection ends the process) and
      // its ordering; `void` marks the few intended fire-and-forget calls, each with a comment.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async handler in a JSX attribute (onClick={async () => …}) is React's usual form, so
      // that one check is off for attributes; every other promise check applies to the web app too.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      'no-fallthrough': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
);
