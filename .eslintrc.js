const base = require('@loopback/eslint-config');

// OAuth 2.0, OpenID Connect and JWT name their fields in snake_case
// (access_token, error_description, code_challenge): allow it for properties,
// keep LoopBack's conventions everywhere else.
const [level, ...conventions] =
  base.rules['@typescript-eslint/naming-convention'];
const namingConvention = [
  level,
  ...conventions.map(c =>
    c.selector === 'property' ? {...c, format: [...c.format, 'snake_case']} : c,
  ),
];

module.exports = {
  extends: '@loopback/eslint-config',
  rules: {
    '@typescript-eslint/naming-convention': namingConvention,
  },
  overrides: [
    {
      // The web page: browser ES modules served as is, typed for the
      // type-aware rules by their own tsconfig (never compiled).
      files: ['public/**/*.js'],
      env: {browser: true, node: false},
      parserOptions: {project: './public/tsconfig.json', sourceType: 'module'},
    },
  ],
};
