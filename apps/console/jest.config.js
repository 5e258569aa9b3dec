const { preset } = require('../../jest.preset.js');

// No database harness: the browser test starts the whole stack, with its own embedded PostgreSQL.
module.exports = { ...preset, displayName: 'console', rootDir: __dirname, testTimeout: 120_000 };
