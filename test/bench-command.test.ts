import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtServerCommand } from '../bench/command.ts';

describe('the benchmark starts the server as npm run start:built does', () => {
  it('reads the environment settings, the flags and the entry point from package.json', () => {
    const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['start:built']!;
    const command = builtServerCommand();
    expect(command.entry).toBe('dist/server/main.js');
    expect(command.env).toEqual({ MALLOC_ARENA_MAX: '2' });
    expect(command.flags).toEqual(['--max-old-space-size=256', '--max-semi-space-size=8']);
    expect(script).toBe(`${Object.entries(command.env).map(([k, v]) => `${k}=${v}`).join(' ')} node ${command.flags.join(' ')} ${command.entry}`);
  });

  it('takes a script without settings or flags', () => {
    expect(builtServerCommand('node dist/server/main.js')).toEqual({ env: {}, flags: [], entry: 'dist/server/main.js' });
    expect(builtServerCommand('A_B=x=y node dist/server/main.js').env).toEqual({ A_B: 'x=y' });
  });

  it('refuses a script it would start wrongly rather than start something else', () => {
    for (const script of ['', 'A="2" node dist/server/main.js', "A='2' node dist/server/main.js", 'A=$B node dist/server/main.js', 'tsx server/main.ts', 'node --max-old-space-size=256 server/main.ts', 'node -r x dist/server/main.js', 'node dist/server/main.js --port 1', 'cross-env A=1 node dist/server/main.js']) {
      expect(() => builtServerCommand(script), script).toThrow(/start:built should read/);
    }
  });
});
