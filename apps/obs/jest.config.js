const { preset, databaseSetup } = require('../../jest.preset.js');

module.exports = {
  ...preset,
  ...databaseSetup,
  displayName: 'obs',
  rootDir: __dirname,
};
