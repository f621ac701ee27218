// Type-aware lint; the restricted-imports rule keeps src/core pure (no I/O, no adapters, no testing).
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.bench-build/**',
      'node_modules/**',
      'src/adapters/hbase/gen/**',
      'coverage/**',
      'tmp/**',
      'test/docs/.generated/**'
    ]
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/array-type': ['error', { default: 'generic' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'net', 'tls', 'http', 'child_process', 'thrift'],
              message: 'src/core is pure: no I/O.'
            },
            {
              group: ['**/adapters/**', '**/testing/**', '**/api/**', '**/interpreter/**'],
              message: 'src/core imports only src/core.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked
  }
)
