import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG_PAGE, catalogPage } from './catalog-doc';
import { loadRegistry } from './registry-source';

const ROOT = path.resolve(__dirname, '../..');
const { services, events } = loadRegistry();

/** A table row with its cells trimmed (a formatter may pad them). */
const normalise = (row: string) =>
  row
    .split('|')
    .map((cell) => cell.trim())
    .join('|');

/** The table rows between `<!-- name:start -->` and `<!-- name:end -->` of a page. */
function tableRows(page: string, name: string): string[] {
  const text = readFileSync(path.join(ROOT, page), 'utf8');
  const section = text.split(`<!-- ${name}:start -->`)[1]?.split(`<!-- ${name}:end -->`)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map(normalise);
}

describe('the architecture page and the event catalog match the code', () => {
  it('docs/event-catalog.md is what `npm run docs:events` writes from the services’ events.json', () => {
    expect(readFileSync(CATALOG_PAGE, 'utf8')).toBe(catalogPage());
  });

  it('docs/architecture.md names every service with its schema and role', () => {
    expect(tableRows('docs/architecture.md', 'owners')).toEqual(
      services.map((service) =>
        normalise(`| ${service.name} | \`${service.schema}\` | \`diallink_${service.schema}\` | \`apps/${service.name}/service.json\` |`),
      ),
    );
  });

  it('docs/architecture.md shows every event type with its producer and subscribers', () => {
    expect(tableRows('docs/architecture.md', 'flows')).toEqual(
      Object.entries(events).map(([type, entry]) => {
        const to = services.filter((service) => service.subscribes.includes(type)).map((service) => service.name);
        return normalise(`| \`${type}\` | ${entry.producer} | ${to.length ? to.join(', ') : '—'} |`);
      }),
    );
  });
});
