import js from '@eslint/js'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * The layers of src/, lowest first: a folder may import its own files and the folders before it
 * in this list, never one after it. kit/ imports nothing of the project; run/ (the stages of one
 * run) is imported only by the entries at the top of src/.
 */
const LAYERS = [['kit'], ['aws', 'inputs'], ['ecs', 'logs'], ['report'], ['run']]

const layerZones = LAYERS.flatMap((layer, i) =>
  layer.map((folder) => ({
    target: `./src/${folder}`,
    from: './src',
    except: [folder, ...LAYERS.slice(0, i).flat()].map((allowed) => `./${allowed}`),
    message: `src/${folder}/ may import only ${[folder, ...LAYERS.slice(0, i).flat()].join(', ')} (see CONTRIBUTING.md, Architecture)`
  }))
)

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'coverage/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
      'import-x/no-duplicates': 'error'
    }
  },
  {
    // Typed linting, with the tsconfig that covers every TypeScript file of the repository: a
    // promise nobody awaits loses its rejection (an unhandled rejection ends the step) and its
    // order (a log line printed after the step's result).
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: './tsconfig.dev.json', tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      // `void` is no answer to a rejection: a promise nobody waits for handles its own
      // (`.catch`, or LogPrinter's noteSoon/commandSoon, which keep the error for end()).
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }]
    }
  },
  {
    files: ['src/**/*.ts'],
    settings: {
      // no-cycle parses the files an import leads to: with the TypeScript parser, as ESLint does.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
      // Sources import './x.js' for './x.ts', as Node's ESM resolution wants.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.js'],
          extensionAlias: { '.js': ['.ts', '.js'] }
        })
      ]
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // One import path per symbol: a module exports what it defines, never another's.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportNamedDeclaration[declaration=null], ExportAllDeclaration',
          message: 'Export at the declaration; import a symbol from the module that defines it.'
        }
      ],
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }]
    }
  },
  {
    files: ['__tests__/**', 'emulator/**', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' }
  }
)
