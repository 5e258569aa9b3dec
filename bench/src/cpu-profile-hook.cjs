// Preloaded into the stack's service processes by `npm run bench -- --profile` (NODE_OPTIONS
// --require; --cpu-prof is not allowed there): the first SIGUSR2 starts V8's CPU profiler, the
// second writes the profile to $BENCH_PROFILE_DIR/<service>-<pid>.cpuprofile.
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const service = /dist\/apps\/([a-z-]+)\//.exec(process.argv[1] || '')?.[1];
if (service && process.env.BENCH_PROFILE_DIR) {
  const session = new inspector.Session();
  session.connect();
  let running = false;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')),
      );
      return;
    }
    running = false;
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      fs.mkdirSync(process.env.BENCH_PROFILE_DIR, { recursive: true });
      const file = path.join(process.env.BENCH_PROFILE_DIR, `${service}-${process.pid}.cpuprofile`);
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(result.profile));
      fs.renameSync(`${file}.tmp`, file);
    });
  });
}
