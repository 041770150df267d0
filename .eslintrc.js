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
    // STYLE.md: past about 250 lines a file is usually two things. Every
    // line counts, blank or comment, as `wc -l` shows it to a reader.
    'max-lines': [
      'error',
      {max: 250, skipBlankLines: false, skipComments: false},
    ],
  },
  overrides: [
    {
      // Functions under 60 lines, in the sources. Tests are exempt: a mocha
      // `describe` callback holds its whole suite, so files bound them there.
      files: ['src/**/*.ts'],
      excludedFiles: ['src/__tests__/**'],
      rules: {
        'max-lines-per-function': [
          'error',
          {max: 60, skipBlankLines: false, skipComments: false},
        ],
      },
    },
    {
      // The web page: browser ES modules served as is, typed for the
      // type-aware rules by their own tsconfig (never compiled).
      files: ['public/**/*.js'],
      env: {browser: true, node: false},
      parserOptions: {project: './public/tsconfig.json', sourceType: 'module'},
    },
    {
      // npm start's and npm run migrate's build check: CommonJS run before
      // anything is compiled, typed for the linter by its own tsconfig.
      files: ['scripts/**/*.js'],
      env: {node: true},
      parserOptions: {project: './scripts/tsconfig.json', sourceType: 'script'},
      rules: {'@typescript-eslint/no-var-requires': 'off'},
    },
  ],
};
