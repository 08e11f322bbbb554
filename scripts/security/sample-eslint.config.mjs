// ESLint rules that flag security-ish code in resources/rehearsal/vulnerable-sample/ (the
// deliberately vulnerable sample). Used only by scripts/security-fixtures.sh with --config; the
// repository's own eslint.config.js ignores the sample.
export default [
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', ecmaVersion: 2022 },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "AssignmentExpression > MemberExpression[property.name='innerHTML']", message: 'Possible XSS: assigning to innerHTML.' },
        { selector: "CallExpression[callee.name='exec'] > BinaryExpression[operator='+']", message: 'Possible command injection: exec() of a concatenated string.' },
      ],
    },
  },
];
