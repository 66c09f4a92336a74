import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../scripts/api-types.ts';

/**
 * The dashboard's client is typed from the API's own OpenAPI document (openapi-typescript), and its requests go
 * through openapi-fetch with those paths (client/api/client.ts). If a route changes and the types are not made
 * again, this fails: `npm run api:types` writes them.
 */
describe('the generated API types', () => {
  it('are exactly what the document gives now', async () => {
    const now = await generateApiTypes();
    expect(readFileSync(API_TYPES_FILE, 'utf8') === now, 'client/api/openapi.d.ts is out of date: run npm run api:types').toBe(true);
  }, 120_000);

  it('name every operation of the document under its path, with its operationId', async () => {
    const text = readFileSync(API_TYPES_FILE, 'utf8');
    for (const path of ['"/api/overview"', '"/api/items/{id}"', '"/api/readings/bulk"', '"/api/benefits/summary"']) expect(text).toContain(path);
    expect(text).toContain('get: operations["getOverview"];');
  });
});
