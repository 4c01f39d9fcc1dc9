import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.ts';
import { CSV_COLUMNS, csvField, defuseCell, exportFileName, mentionsItem, toCsv, toJsonDocument, undefuseCell } from './export.ts';
import type { AuditEntryView } from './entry-view.ts';

/** An RFC 4180 reader, strict enough to catch a quoting mistake: every record ends with CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
      continue;
    }
    throw new Error(`expected comma or CRLF at ${i}`);
  }
  if (record.length) throw new Error('last record lacks CRLF');
  return records;
}

const entry = (over: Partial<AuditEntryView> = {}): AuditEntryView => ({
  id: 'aud_1',
  seq: 1,
  at: '2026-11-23T14:05:09.000Z',
  type: 'user.updated',
  actor: { userId: 'usr_a', label: 'ada@acme.test' },
  target: { type: 'user', id: 'usr_b' },
  data: { old: { name: 'Rita' }, new: { name: 'Rita, "the" reviewer' } },
  ip: '127.0.0.1',
  requestId: 'req-1',
  prevHash: '0'.repeat(64),
  hash: 'a'.repeat(64),
  ...over,
});

describe('audit CSV export', () => {
  it('starts with the header row and ends every record with CRLF', () => {
    const csv = toCsv([entry()]);
    expect(csv.split('\r\n')[0]).toBe('seq,at,type,actor_user_id,actor_label,target_type,target_id,data,ip,request_id,prev_hash,hash');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.match(/\r\n/g)).toHaveLength(2);
  });

  it('quotes fields holding a comma, a quote, CR or LF and doubles inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
  });

  it('writes data as canonical JSON, the encoding the entry hash covers', () => {
    const data = { z: 1, a: { y: [1, 'two'], b: null } };
    const [, row] = parseCsv(toCsv([entry({ data })]));
    expect(row![CSV_COLUMNS.indexOf('data')]).toBe(canonicalJson(data));
    expect(row![CSV_COLUMNS.indexOf('data')]).toBe('{"a":{"b":null,"y":[1,"two"]},"z":1}');
  });

  it('writes missing actor, target, ip and request id as empty cells', () => {
    const [, row] = parseCsv(toCsv([entry({ actor: { userId: null, label: null }, target: null, ip: null, requestId: null })]));
    const cell = (c: (typeof CSV_COLUMNS)[number]) => row![CSV_COLUMNS.indexOf(c)];
    expect([cell('actor_user_id'), cell('actor_label'), cell('target_type'), cell('target_id'), cell('ip'), cell('request_id')]).toEqual([
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  });

  it('defuses cells a spreadsheet would run as a formula with a leading apostrophe', () => {
    for (const evil of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1']) expect(defuseCell(evil)).toBe(`'${evil}`);
    for (const fine of ['ada@acme.test', 'a=b', '1-2', '{"a":1}', '']) expect(defuseCell(fine)).toBe(fine);
    const [, row] = parseCsv(toCsv([entry({ actor: { userId: null, label: '=cmd|" /C calc"!A0' } })]));
    expect(row![CSV_COLUMNS.indexOf('actor_label')]).toBe('\'=cmd|" /C calc"!A0');
  });

  it('keeps defusing reversible: a value that starts with an apostrophe gets one more', () => {
    for (const v of ["'quoted", "'=x", '=x', 'plain', '']) expect(undefuseCell(defuseCell(v))).toBe(v);
  });

  it('parses back to the same cells for awkward values', () => {
    const tricky = [
      entry(),
      entry({
        seq: 2,
        type: 'login.failed',
        actor: { userId: null, label: 'x,"y"\r\nz' },
        data: { reason: 'line1\nline2', comma: 'a,b' },
        prevHash: 'a'.repeat(64),
        hash: 'b'.repeat(64),
      }),
      entry({
        seq: 3,
        actor: { userId: 'usr_c', label: '-@+= Ünïcødé 名前' },
        target: null,
        data: {},
        ip: '::1',
        requestId: null,
        prevHash: 'b'.repeat(64),
        hash: 'c'.repeat(64),
      }),
    ];
    const rows = parseCsv(toCsv(tricky))
      .slice(1)
      .map((r) => r.map(undefuseCell));
    expect(rows).toEqual(
      tricky.map((e) => [
        String(e.seq),
        e.at,
        e.type,
        e.actor.userId ?? '',
        e.actor.label ?? '',
        e.target?.type ?? '',
        e.target?.id ?? '',
        canonicalJson(e.data),
        e.ip ?? '',
        e.requestId ?? '',
        e.prevHash,
        e.hash,
      ]),
    );
  });
});

describe('audit JSON export', () => {
  it('carries the organisation, the time, the filter given, the head hash and the entries', () => {
    const doc = toJsonDocument(
      { exportedAt: '2026-11-23T14:05:09.000Z', headHash: 'a'.repeat(64), entries: [entry()] },
      { id: 'org_1', name: 'Acme', slug: 'acme' },
      { type: 'user.updated', itemId: undefined },
    );
    expect(doc).toEqual({
      organization: { id: 'org_1', name: 'Acme', slug: 'acme' },
      exportedAt: '2026-11-23T14:05:09.000Z',
      filter: { type: 'user.updated' },
      headHash: 'a'.repeat(64),
      entries: [entry()],
    });
  });

  it('names the file after the UTC day of the export', () => {
    expect(exportFileName('2026-11-23T23:59:59.000Z', 'csv')).toBe('signoff-audit-2026-11-23.csv');
    expect(exportFileName('2026-11-23T23:59:59.000Z', 'json')).toBe('signoff-audit-2026-11-23.json');
  });
});

describe('item filter', () => {
  it('matches an entry whose target is the item or whose data names it as itemId', () => {
    expect(mentionsItem({ target: { type: 'item', id: 'itm_1' }, data: {} }, 'itm_1')).toBe(true);
    expect(mentionsItem({ target: { type: 'user', id: 'usr_1' }, data: { itemId: 'itm_1' } }, 'itm_1')).toBe(true);
    expect(mentionsItem({ target: null, data: { new: { itemId: 'itm_1' } } }, 'itm_1')).toBe(false);
    expect(mentionsItem({ target: { type: 'item', id: 'itm_2' }, data: { itemId: 'itm_12' } }, 'itm_1')).toBe(false);
    expect(mentionsItem({ target: null, data: null }, 'itm_1')).toBe(false);
  });
});
