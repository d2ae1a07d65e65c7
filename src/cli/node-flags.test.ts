import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from './node-flags.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const flags = NODE_FLAGS.join(' ');

describe('the flags calintel runs with', () => {
  it('are on the command line of the calintel command itself', () => {
    const [shebang] = readFileSync(join(ROOT, 'src/cli/main.ts'), 'utf8').split('\n');
    expect(shebang).toBe(`#!/usr/bin/env -S node ${flags}`);
  });

  it('are what npm start runs the service with', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.start).toBe(`node ${flags} dist/src/cli/main.js demo`);
  });

  it('leave the built command runnable through its shebang', () => {
    const bin = join(ROOT, 'dist/src/cli/main.js');
    expect(existsSync(bin), 'npm ci builds dist (the prepare script); or run npm run build').toBe(
      true,
    );
    // A dist built before the flags changed would run without them.
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${flags}`);
    expect(execFileSync(bin, ['--help'], { encoding: 'utf8' })).toContain('Usage: calintel');
  });
});
