// The command line: strict flags per command, `--help` anywhere, `--checkpoint FILE...`.
import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from './args.ts';

describe('parseCommandLine', () => {
  it('separates command words from flags in both spellings', () => {
    expect(parseCommandLine(['init', '--organization', 'acme', '--name=Ada', '--email', 'ada@acme.test', '--password-stdin'])).toEqual({
      words: ['init'],
      flags: { organization: 'acme', name: 'Ada', email: 'ada@acme.test', 'password-stdin': true },
      help: false,
      checkpoints: [],
    });
  });

  it('collects checkpoint files after the flag until the next flag, across repeats', () => {
    expect(parseCommandLine(['audit', 'verify', '--checkpoint', 'a.json', 'b.json', '--organization', 'acme'])).toMatchObject({
      words: ['audit', 'verify'],
      flags: { organization: 'acme' },
      checkpoints: ['a.json', 'b.json'],
    });
    expect(parseCommandLine(['audit', 'verify', '--checkpoint', 'a.json', '--checkpoint=b.json', '--checkpoint', 'c.json']).checkpoints).toEqual([
      'a.json',
      'b.json',
      'c.json',
    ]);
    expect(parseCommandLine(['audit', 'verify']).checkpoints).toEqual([]);
  });

  it('refuses a flag without its value', () => {
    expect(() => parseCommandLine(['audit', 'verify', '--checkpoint', '--organization', 'acme'])).toThrow(UsageError);
    expect(() => parseCommandLine(['evidence', 'verify', 'b.json', '--jwks'])).toThrow(/--jwks/);
  });

  it('refuses a flag no command knows, and one this command does not take', () => {
    expect(() => parseCommandLine(['serve', '--port', '80'])).toThrow(/Unknown option '--port'/);
    expect(() => parseCommandLine(['init', '--jwks', 'k.json'])).toThrow('signoff init does not take --jwks');
    expect(() => parseCommandLine(['migrate', '--organizaton', 'acme'])).toThrow(UsageError);
  });

  it('takes the export flags with audit export only', () => {
    expect(
      parseCommandLine([
        'audit',
        'export',
        '--organization',
        'acme',
        '--format',
        'csv',
        '--type',
        'login.failed',
        '--since',
        '2026-03-01T00:00:00Z',
        '--until=2026-04-01T00:00:00Z',
      ]),
    ).toMatchObject({
      words: ['audit', 'export'],
      flags: { organization: 'acme', format: 'csv', type: 'login.failed', since: '2026-03-01T00:00:00Z', until: '2026-04-01T00:00:00Z' },
    });
    expect(() => parseCommandLine(['audit', 'export', '--checkpoint', 'a.json'])).toThrow('signoff audit export does not take --checkpoint');
    expect(() => parseCommandLine(['audit', 'verify', '--format', 'csv'])).toThrow('signoff audit does not take --format');
  });

  it('takes --help and -h with any command or none', () => {
    expect(parseCommandLine(['--help']).help).toBe(true);
    expect(parseCommandLine(['users', '-h']).help).toBe(true);
  });
});
