// Attack tests say what they defend, and docs/security.md's "tested in" column says where each
// property is tested (issue 15 item 5). Every test of an attack file (`*.security.test.ts`, and
// the attack-style tests listed below) cites a property id of docs/security.md, or the advisory
// it defends, in its name, in a comment right above it, or in the name or comment of a describe
// around it: `// @see docs/security.md#b-attempt-limits-and-lockout B1, B3`. Every id a test
// file cites exists; every file the table names exists and cites the id of its row; and every
// id an attack file cites has that file in its row.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ROOT,
  blockCites,
  citationsIn,
  filesUnder,
  headingAnchor,
  idsCitedBy,
  idsIn,
  read,
  readProperties,
  testBlocks,
} from '../support/security-citations.ts';

/** Attack-style tests outside `*.security.test.ts`: fuzzing, and races across two instances. */
const ATTACK_TESTS_ELSEWHERE = [
  'test/api/errors/fuzz.test.ts',
  'test/cluster/audit-chain.test.ts',
  'test/cluster/decision-race.test.ts',
  'test/cluster/guest-code-race.test.ts',
  'test/cluster/two-factor-race.test.ts',
];

const properties = readProperties(read('docs/security.md'));
const attackFiles = [
  ...filesUnder('src', (name) => name.endsWith('.security.test.ts')),
  ...filesUnder('test', (name) => name.endsWith('.security.test.ts')),
  ...ATTACK_TESTS_ELSEWHERE,
];
// Every test file but this one, whose examples are citations on purpose.
const testFiles = [...filesUnder('src', (name) => /\.(test|spec)\.ts$/.test(name)), ...filesUnder('test', (name) => /\.(test|spec)\.ts$/.test(name))].filter(
  (file) => file !== 'test/contract/security-citations.test.ts',
);

describe('the reading of docs/security.md and of test files', () => {
  it('finds the property table, each row with the anchor of its section', () => {
    expect(properties.size).toBeGreaterThan(80);
    expect(properties.get('B3')).toMatchObject({ anchor: 'b-attempt-limits-and-lockout' });
    expect(properties.get('F7')).toMatchObject({ anchor: 'f-sessions-step-up-and-the-sign-in-states' });
    expect(headingAnchor('E. Passkeys and security keys (WebAuthn)')).toBe('e-passkeys-and-security-keys-webauthn');
  });

  it('reads ids, ranges and anchors out of a citation', () => {
    expect(idsIn('A1–A3, A6 and B10')).toEqual(['A1', 'A2', 'A3', 'A6', 'B10']);
    expect(idsIn('C2-C4; RFC 8032 (Ed25519), CWE-400, SHA-256')).toEqual(['C2', 'C3', 'C4']);
    expect(citationsIn('// @see docs/security.md#b-attempt-limits-and-lockout B2; docs/security.md#j-x J8 (audit)', 1)).toEqual([
      { line: 1, anchor: 'b-attempt-limits-and-lockout', ids: ['B2'] },
      { line: 1, anchor: 'j-x', ids: ['J8'] },
    ]);
  });

  it('sees a test without an id, and one that has it from its comment, its name or its describe', () => {
    const source = [
      "describe('outer', () => {",
      '  // @see docs/security.md#a-authenticator-apps-totp A4',
      "  it('is cited by its comment', () => {});",
      "  it('is cited by its name (A5)', () => {});",
      "  it('cites nothing', () => {});",
      '  // @see CVE-2021-42574',
      "  it.each(cases)('is cited by an advisory', () => {});",
      '});',
      '// @see docs/security.md K4',
      "describe.each(DIALECTS)('%s: cited describe', () => {",
      "  it(`inherits ${'its'} describe's id`, () => {});",
      '});',
    ].join('\n');
    const tests = testBlocks(source).filter((b) => b.kind === 'test');
    expect(tests.map((t) => [t.name, [t, ...t.within].some((b) => blockCites(b, properties))])).toEqual([
      ['is cited by its comment', true],
      ['is cited by its name (A5)', true],
      ['cites nothing', false],
      ['is cited by an advisory', true],
      ["inherits ${'its'} describe's id", true],
    ]);
  });
});

describe('docs/security.md and the attack tests', () => {
  it.each(attackFiles)('%s: every test names the property or advisory it defends', (file) => {
    const tests = testBlocks(read(file)).filter((b) => b.kind === 'test');
    expect(tests.length, `${file} has no test the reader recognises`).toBeGreaterThan(0);
    const uncited = tests.filter((t) => ![t, ...t.within].some((b) => blockCites(b, properties))).map((t) => `line ${t.line}: ${t.name}`);
    expect(uncited, `add "// @see docs/security.md#<section> <id>" (or the CVE/GHSA id) above these tests or their describe`).toEqual([]);
  });

  it('every id a test file cites is a property of docs/security.md, under the anchor of its section', () => {
    const wrong: string[] = [];
    for (const file of testFiles) {
      read(file)
        .split('\n')
        .forEach((line, i) => {
          for (const c of citationsIn(line, i + 1)) {
            for (const id of c.ids) {
              const property = properties.get(id);
              if (!property) wrong.push(`${file}:${c.line} cites ${id}, which docs/security.md lacks`);
              else if (c.anchor && c.anchor !== property.anchor) wrong.push(`${file}:${c.line} cites ${id} under #${c.anchor}, not #${property.anchor}`);
            }
          }
        });
      for (const block of testBlocks(read(file))) {
        for (const id of idsIn(block.name))
          if (!properties.has(id)) wrong.push(`${file}:${block.line} names ${id} in "${block.name}", which docs/security.md lacks`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every file of the "tested in" column exists and cites the id of its row', () => {
    const wrong: string[] = [];
    for (const property of properties.values()) {
      for (const file of property.testedIn) {
        if (!existsSync(join(ROOT, file))) wrong.push(`${property.id}: ${file} does not exist`);
        else if (!idsCitedBy(read(file)).has(property.id)) wrong.push(`${property.id}: ${file} does not cite ${property.id}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every id an attack test cites has that file in its "tested in" column', () => {
    const missing: string[] = [];
    for (const file of attackFiles) {
      for (const id of idsCitedBy(read(file))) if (!properties.get(id)?.testedIn.includes(file)) missing.push(`${id}: ${file}`);
    }
    expect(missing).toEqual([]);
  });
});
