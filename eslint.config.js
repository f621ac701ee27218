// Type-aware lint; the restricted-imports and -globals rules keep src/core pure (no I/O, no Buffer,
// no process, no adapters, no testing).
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'dist/**',
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
      'no-restricted-globals': [
        'error',
        { name: 'Buffer', message: 'src/core is pure: bytes are Uint8Array, never a Node Buffer.' },
        { name: 'process', message: 'src/core is pure: no process, environment or clock.' }
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'buffer', 'fs', 'net', 'tls', 'http', 'child_process', 'thrift'],
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
