const { preset, databaseSetup } = require('../jest.preset.js');

module.exports = { ...preset, ...databaseSetup, displayName: 'bench', rootDir: __dirname };
