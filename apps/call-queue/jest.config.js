const { preset, databaseSetup } = require('../../jest.preset.js');

module.exports = {
  ...preset,
  ...databaseSetup,
  displayName: 'call-queue',
  rootDir: __dirname,
};
