import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for every operation in src, generated from the Go server's schema: a schema change that
// breaks the app fails `npm run build`.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.tsx', 'src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { ID: 'string', Time: 'string', Date: 'string', YearMonth: 'string' },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};
export default config;
