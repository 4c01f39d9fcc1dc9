// The README's configuration table and config.ts declare the same SIGNOFF_* variables.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig, ConfigError } from '../../src/platform/config.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const declared = Object.keys(configSchema.shape);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('configuration', () => {
  it('documents every SIGNOFF_* variable in the README table and nothing else', () => {
    const documented = [...readme.matchAll(/^\| `(SIGNOFF_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(10);
    expect([...documented].sort()).toEqual([...declared].sort());
  });

  it('is read from process.env only by platform/config.ts', () => {
    const src = new URL('../../src', import.meta.url).pathname;
    const readers = filesUnder(src).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && readFileSync(f, 'utf8').includes('process.env'));
    expect(readers.map((f) => f.slice(src.length))).toEqual(['/platform/config.ts']);
  });

  it('refuses to start on PostgreSQL without SIGNOFF_SECRET_KEY', () => {
    expect(() => loadConfig({ SIGNOFF_DATABASE_URL: 'postgres://x@127.0.0.1/db' })).toThrow(ConfigError);
    expect(loadConfig({ SIGNOFF_DATABASE_URL: 'postgres://x@127.0.0.1/db', SIGNOFF_SECRET_KEY: 'ab'.repeat(32) }).database.dialect).toBe('postgres');
  });

  it('defaults to SQLite under ./data with the local mailbox on port 3000', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ dialect: 'sqlite', file: './data/signoff.db' });
    expect(c.mail.transport).toBe('mailbox');
    expect(c.port).toBe(3000);
    expect(c.baseUrl).toBe('http://localhost:3000');
  });

  it('names every invalid variable in one error', () => {
    expect(() => loadConfig({ SIGNOFF_PORT: 'x', SIGNOFF_SECRET_KEY: 'short' })).toThrow(
      /SIGNOFF_PORT[\s\S]*SIGNOFF_SECRET_KEY|SIGNOFF_SECRET_KEY[\s\S]*SIGNOFF_PORT/,
    );
  });
});
