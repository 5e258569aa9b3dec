const { preset, databaseSetup } = require('../../jest.preset.js');

module.exports = { ...preset, ...databaseSetup, displayName: 'events', rootDir: __dirname };
