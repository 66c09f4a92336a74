/**
 * The dashboard's API types, generated from the server's own OpenAPI document with openapi-typescript: the same
 * document any council's IT team would generate a client from (docs/api.md). The dashboard's requests go through
 * openapi-fetch typed with these paths (client/api/client.ts), so the document is exercised on every page load.
 *
 *   npm run api:types            writes client/api/openapi.d.ts
 *   npm run api:types -- --check exits 1 when the committed file is not what the document gives now
 */
import { readFileSync, writeFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApp } from '../server/app.ts';
import { closeDatabase, openDatabase } from '../server/db/database.ts';

export const API_TYPES_FILE = new URL('../client/api/openapi.d.ts', import.meta.url);

const HEADER = `/**
 * Generated from /api/openapi.json by openapi-typescript (npm run api:types). Do not edit: change the routes'
 * schemas and generate again; test/api-types.test.ts fails while this file is out of date.
 */
`;

/** The types as the server's document gives them now. */
export async function generateApiTypes(): Promise<string> {
  const db = openDatabase({ file: ':memory:' });
  const app = await buildApp({ db, clock: () => new Date('2026-01-01T00:00:00Z') });
  try {
    await app.ready();
    const document = app.swagger() as Parameters<typeof openapiTS>[0];
    return HEADER + astToString(await openapiTS(document, { alphabetize: true }));
  } finally {
    await app.close();
    closeDatabase(db);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = await generateApiTypes();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    if (committed !== text) {
      console.error('client/api/openapi.d.ts is out of date: run npm run api:types');
      process.exit(1);
    }
    console.log('client/api/openapi.d.ts matches the document.');
  } else {
    writeFileSync(API_TYPES_FILE, text);
    console.log(`Wrote client/api/openapi.d.ts (${text.length.toLocaleString('en-GB')} characters).`);
  }
}
