const { preset, databaseSetup } = require('../../jest.preset.js');

module.exports = {
  ...preset,
  ...databaseSetup,
  displayName: 'account-hub',
  rootDir: __dirname,
};
