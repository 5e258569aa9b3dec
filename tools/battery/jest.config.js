const { preset, databaseSetup } = require('../../jest.preset.js');

// One suite, run in order in one worker: the services start once, every sweep shares them, and the
// log scan at the end sees the logs of the whole battery. BATTERY_LONG=1 (npm run test:battery:long)
// for larger runs.
module.exports = { ...preset, ...databaseSetup, displayName: 'battery', rootDir: __dirname, maxWorkers: 1 };
