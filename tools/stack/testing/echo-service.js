// A stand-in service for the supervisor's tests: answers every request on PORT with its name and pid.
const http = require('node:http');

http
  .createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ service: process.env.SERVICE_NAME, pid: process.pid }));
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
