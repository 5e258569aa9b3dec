const { preset, databaseSetup } = require('../../jest.preset.js');

module.exports = { ...preset, ...databaseSetup, displayName: 'query', rootDir: __dirname };
