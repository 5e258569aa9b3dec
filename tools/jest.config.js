const { preset, databaseSetup } = require('../jest.preset.js');

module.exports = { ...preset, ...databaseSetup, displayName: 'tools', rootDir: __dirname };
