const { preset, databaseSetup } = require('../../jest.preset.js');

module.exports = {
  ...preset,
  ...databaseSetup,
  displayName: 'phone-system',
  rootDir: __dirname,
};
