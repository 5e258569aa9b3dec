const { preset, databaseSetup } = require('../jest.preset.js');

module.exports = {
  ...preset,
  ...databaseSetup,
  displayName: 'tools',
  rootDir: __dirname,
  // The battery is a project of its own (tools/battery/project.json).
  testPathIgnorePatterns: [...preset.testPathIgnorePatterns, '<rootDir>/battery/'],
};
