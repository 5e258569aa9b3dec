const { preset, databaseSetup } = require('../../jest.preset.js');

module.exports = { ...preset, ...databaseSetup, displayName: 'db', rootDir: __dirname };
