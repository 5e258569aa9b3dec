/**
 * `npm run deploy:generate`: writes docker-compose.yml and deploy/nginx/nginx.conf from the
 * services' registrations (apps/<service>/service.json), so that a new service reaches the
 * production stack from its own folder. A test fails when the committed files are not what this
 * writes.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeFile, nginxConfig } from './deploy-files';

const ROOT = path.resolve(__dirname, '../..');
writeFileSync(path.join(ROOT, 'docker-compose.yml'), composeFile());
writeFileSync(path.join(ROOT, 'deploy/nginx/nginx.conf'), nginxConfig());
console.log('Wrote docker-compose.yml and deploy/nginx/nginx.conf');
