#!/usr/bin/env node
// Uploads a CSV of readings to Rollout Planner with a personal API token: all rows are stored, or none.
//
//   ROLLOUT_URL=https://rollout.example.org ROLLOUT_TOKEN=rpt_... node upload-readings.mjs readings.csv
//
// The CSV has a header row: criterion,council,feature,date,value,note (codes, not ids; feature and note may be
// empty; dates as YYYY-MM-DD). Node 20 or later; no packages needed. Exit code 0 when stored, 1 when refused.
import { readFile } from 'node:fs/promises';

const [file] = process.argv.slice(2);
const base = process.env.ROLLOUT_URL;
const token = process.env.ROLLOUT_TOKEN;
if (!file || !base || !token) {
  console.error('Usage: ROLLOUT_URL=https://... ROLLOUT_TOKEN=rpt_... node upload-readings.mjs readings.csv');
  process.exit(2);
}

const response = await fetch(new URL('/api/readings/csv', base), {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv; charset=utf-8', accept: 'application/json' },
  body: await readFile(file, 'utf8'),
});
const body = await response.json();
if (response.status === 201) {
  console.log(`Stored ${body.stored} reading(s).`);
} else {
  // Every error has the same shape: { statusCode, error, message, details: [{ field, message }] }.
  console.error(`Refused (${response.status}): ${body.message}`);
  for (const detail of body.details ?? []) console.error(`  ${detail.field}: ${detail.message}`);
  if (response.status === 429 || response.status === 503) console.error(`  Try again in ${response.headers.get('retry-after')} seconds.`);
  process.exitCode = 1;
}
