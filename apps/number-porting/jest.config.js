const { preset, databaseSetup } = require('../../jest.preset.js');

module.exports = {
  ...preset,
  ...databaseSetup,
  displayName: 'number-porting',
  rootDir: __dirname,
};
