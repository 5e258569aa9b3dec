const { preset } = require('../../jest.preset.js');

// No database harness: the end-to-end tests start the whole stack, with its own embedded PostgreSQL.
module.exports = { ...preset, displayName: 'client', rootDir: __dirname };
