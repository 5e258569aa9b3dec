const { preset, databaseSetup } = require('../../jest.preset.js');

module.exports = { ...preset, ...databaseSetup, displayName: 'common', rootDir: __dirname };
