// Reads docs/security.md's property table and the property ids tests cite, for
// test/contract/security-citations.test.ts. No parser: test files here are formatted by one
// style, so a describe/it/test call starts a line and its nesting is its indentation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

export type Property = { id: string; anchor: string; testedIn: string[] };

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export const headingAnchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');

/** The rows of docs/security.md's tables, by id, each with its section's anchor and "tested in" files. */
export function readProperties(markdown: string): Map<string, Property> {
  const properties = new Map<string, Property>();
  let anchor = '';
  for (const line of markdown.split('\n')) {
    const heading = /^## (.+)$/.exec(line);
    if (heading) anchor = headingAnchor(heading[1]!);
    const row = /^\| ([A-Z]\d{1,2}) \|.*\| ([^|]*) \|$/.exec(line);
    if (row) properties.set(row[1]!, { id: row[1]!, anchor, testedIn: [...row[2]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) });
  }
  return properties;
}

const ID = /\b([A-K])(\d{1,2})(?:[–-]\1?(\d{1,2}))?\b/g;

/** Ids in a piece of text, ranges spelled out ("A4–A6" is A4, A5, A6). */
export function idsIn(text: string): string[] {
  const ids: string[] = [];
  for (const m of text.matchAll(ID)) {
    const from = Number(m[2]);
    const to = m[3] === undefined ? from : Number(m[3]);
    for (let n = from; n <= to; n++) ids.push(`${m[1]}${n}`);
  }
  return ids;
}

export type Citation = { line: number; anchor?: string | undefined; ids: string[] };

/**
 * The docs/security.md citations of one comment line: after each "docs/security.md" (and an
 * optional #anchor) the ids up to the next one or the end of the line, e.g. `@see docs/security.md#b-attempt-limits-and-lockout B1, B3`.
 */
export function citationsIn(line: string, lineNumber: number): Citation[] {
  return line
    .split('docs/security.md')
    .slice(1)
    .map((rest) => {
      const anchor = /^#([\w-]+)/.exec(rest)?.[1];
      return { line: lineNumber, anchor, ids: idsIn(anchor ? rest.slice(anchor.length + 1) : rest) };
    });
}

/** A CVE or GitHub advisory id: an attack test may name the advisory it defends instead of a property. */
const ADVISORY = /\b(CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3})\b/;

export type TestBlock = {
  kind: 'describe' | 'test';
  line: number;
  name: string;
  /** The comment lines right above the call. */
  comment: string[];
  /** The describe blocks around it, outermost first. */
  within: TestBlock[];
};

const CALL = /^(\s*)(describe|it|test)\b(?:\.\w+(?:\([^)]*\))?)*\(\s*(?:(['"`])((?:\\.|(?!\3).)*)\3)?/;

/** Every describe, it and test call of a test file, with its comment and the describes around it. */
export function testBlocks(source: string): TestBlock[] {
  const lines = source.split('\n');
  const blocks: TestBlock[] = [];
  const open: { indent: number; block: TestBlock }[] = [];
  lines.forEach((text, i) => {
    const m = CALL.exec(text);
    if (!m) return;
    const indent = m[1]!.length;
    while (open.length && open[open.length - 1]!.indent >= indent) open.pop();
    // A name on the next line: `it(\n  'name',`.
    const name = m[4] ?? /^\s*(['"`])((?:\\.|(?!\1).)*)\1/.exec(lines[i + 1] ?? '')?.[2] ?? '';
    const comment: string[] = [];
    for (let j = i - 1; j >= 0 && /^\s*(\/\/|\/\*|\*)/.test(lines[j]!); j--) comment.unshift(lines[j]!);
    const block: TestBlock = { kind: m[2] === 'describe' ? 'describe' : 'test', line: i + 1, name, comment, within: open.map((o) => o.block) };
    blocks.push(block);
    if (block.kind === 'describe') open.push({ indent, block });
  });
  return blocks;
}

/** Whether a block's own name or comment names a property id or an advisory. */
export function blockCites(block: TestBlock, known: Map<string, Property>): boolean {
  if (idsIn(block.name).some((id) => known.has(id)) || ADVISORY.test(block.name)) return true;
  return block.comment.some((line, i) => citationsIn(line, i).some((c) => c.ids.length > 0) || ADVISORY.test(line));
}

/** Files under `dir` (relative to the repository) whose names pass `keep`, node_modules aside. */
export function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const name of readdirSync(abs)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(abs, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (keep(name)) out.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, dir));
  return out.sort();
}

/** Every property id a file cites: in docs/security.md citations of its comments, and in its test names. */
export function idsCitedBy(source: string): Set<string> {
  const ids = new Set<string>();
  source.split('\n').forEach((line, i) => {
    for (const c of citationsIn(line, i + 1)) c.ids.forEach((id) => ids.add(id));
  });
  for (const block of testBlocks(source)) idsIn(block.name).forEach((id) => ids.add(id));
  return ids;
}

export const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
