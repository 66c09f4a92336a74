import { readFileSync } from 'node:fs';

/**
 * How `npm run start:built` starts the server (package.json), read from the script itself so the benchmark runs it
 * exactly as a deploy does: the environment settings before `node`, Node's flags, the bundled entry point.
 */
export function builtServerCommand(script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['start:built'] ?? ''): { env: Record<string, string>; flags: string[]; entry: string } {
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  // Plain values only: the shell npm runs the script with would take quotes and expansions away, this would not.
  while (/^[A-Z_]+=[^\s"'`$\\]*$/.test(words[0] ?? '')) {
    const setting = words.shift()!;
    env[setting.slice(0, setting.indexOf('='))] = setting.slice(setting.indexOf('=') + 1);
  }
  const [node, ...rest] = words;
  const entry = rest.pop();
  if (node !== 'node' || entry !== 'dist/server/main.js' || rest.some((flag) => !flag.startsWith('--'))) {
    throw new Error(`start:built should read "[NAME=value ...] node [--flag ...] dist/server/main.js", not "${script}"`);
  }
  return { env, flags: rest, entry };
}
