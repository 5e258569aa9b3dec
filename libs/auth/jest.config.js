const { preset, databaseSetup } = require('../../jest.preset.js');

module.exports = { ...preset, ...databaseSetup, displayName: 'auth', rootDir: __dirname };
