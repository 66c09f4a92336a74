/**
 * Creates an account from the command line: how the first programme-office account is made
 * outside the demo. There is no default password: give one in NEW_USER_PASSWORD, or a random
 * one is generated and printed once.
 *
 *   npm run user:create -- --email pat@example.org --name "Pat Example" --role office
 *   npm run user:create -- --email lead@example.org --name "Lee Example" --role lead --council EBC
 */
import { parseArgs } from 'node:util';
import { systemActor } from '../server/auth/actor.ts';
import { MIN_PASSWORD_LENGTH, randomToken } from '../server/auth/secrets.ts';
import { readConfig } from '../server/config.ts';
import { closeDatabase, openDatabase } from '../server/db/database.ts';
import { councils, ROLES, type Role } from '../server/db/schema.ts';
import { systemClock } from '../server/domain/clock.ts';
import { AppError } from '../server/http/errors.ts';
import { createUserService } from '../server/modules/users/service.ts';
import { inArray, sql } from 'drizzle-orm';

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'office' }, council: { type: 'string', multiple: true } },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

if (!values.email || !values.name) fail('Usage: npm run user:create -- --email EMAIL --name "NAME" [--role office|lead|sponsor] [--council CODE ...]');
if (!ROLES.includes(values.role as Role)) fail(`--role must be one of ${ROLES.join(', ')}`);

const given = process.env.NEW_USER_PASSWORD;
if (given !== undefined && given.length < MIN_PASSWORD_LENGTH) fail(`NEW_USER_PASSWORD must have at least ${MIN_PASSWORD_LENGTH} characters`);
const password = given ?? randomToken(15);

const config = readConfig();
const db = openDatabase({ file: config.databaseFile });
try {
  const codes = (values.council ?? []).map((c) => c.toUpperCase());
  const found = codes.length ? db.select({ id: councils.id, code: councils.code }).from(councils).where(inArray(sql`upper(${councils.code})`, codes)).all() : [];
  const missing = codes.filter((code) => !found.some((c) => c.code.toUpperCase() === code));
  if (missing.length) fail(`No council with code ${missing.join(', ')}`);
  const user = await createUserService(db, systemClock).create(
    { email: values.email, displayName: values.name, role: values.role as Role, councilIds: found.map((c) => c.id), password },
    { actor: systemActor('Command line') },
  );
  console.log(`Created ${user.role} account ${user.email} (id ${user.id}).`);
  if (given === undefined) console.log(`Password (shown once, change it after signing in): ${password}`);
} catch (error) {
  fail(error instanceof AppError ? `${error.message} ${(error.details ?? []).map((d) => `${d.field} ${d.message}`).join('; ')}` : String(error));
} finally {
  closeDatabase(db);
}
