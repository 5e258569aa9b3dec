/**
 * `npm run client:generate`: starts the stack as `npm start` does (builds included), reads each
 * service's OpenAPI document from it and writes libs/client/openapi/*.json and the types in
 * libs/client/src/generated/*.ts. Run it after changing a controller or a DTO and commit the result.
 */
import { startStack } from '../testing/started-stack';
import { fetchDocuments, readCommitted, render, writeFiles } from './documents';

async function main(): Promise<void> {
  // `--no-build`: the services in dist/apps are those of the current code already.
  const stack = await startStack({ build: !process.argv.includes('--no-build') });
  try {
    const files = await render(await fetchDocuments(stack.origin));
    const committed = readCommitted(files);
    writeFiles(files);
    const changed = [...files].filter(([file, content]) => committed.get(file) !== content).map(([file]) => file);
    process.stdout.write(changed.length ? `changed:\n  ${changed.join('\n  ')}\n` : 'up to date\n');
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
