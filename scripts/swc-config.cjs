// One SWC configuration for the build and for Jest: TypeScript with legacy decorators and their
// metadata (Nest's dependency injection reads it) compiled to CommonJS; Node 20.19+ loads the
// ESM-only NestJS 12 packages from CommonJS through require(esm).
const path = require('node:path');

const root = path.resolve(__dirname, '..');

module.exports = function swcConfig() {
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths: {
        '@app/contracts': ['libs/contracts/src/index.ts'],
        '@app/contracts/*': ['libs/contracts/src/*'],
        '@app/platform': ['libs/platform/src/index.ts'],
        '@app/platform/*': ['libs/platform/src/*'],
      },
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
  };
};
module.exports.root = root;
