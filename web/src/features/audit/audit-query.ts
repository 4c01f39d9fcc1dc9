// The audit page's state lives in the URL (a filtered, paged view is a link an auditor can
// share): the filters as typed, the date range as ISO instants with their UTC offset (so the
// link means the same days wherever it is opened), and a `before`/`after` cursor.
import type { AuditFamily } from '../../api/types.ts';

export type AuditQuery = {
  q: string;
  actor: string;
  item: string;
  type: string;
  /** ISO 8601 with an offset: the start of the first day, and the start of the day after the last. */
  from: string;
  to: string;
  before: string;
  after: string;
  /** Entries a page, when the link says (1–1000); the page's own default otherwise. */
  limit: string;
};

const KEYS = ['q', 'actor', 'item', 'type', 'from', 'to', 'before', 'after', 'limit'] as const;

export function readQuery(search: string): AuditQuery {
  const p = new URLSearchParams(search);
  return Object.fromEntries(KEYS.map((k) => [k, p.get(k) ?? ''])) as AuditQuery;
}

export function queryHref(q: Partial<AuditQuery>): string {
  const p = new URLSearchParams();
  for (const k of KEYS) if (q[k]) p.set(k, q[k]!);
  const s = p.toString();
  return s ? `/admin/audit?${s}` : '/admin/audit';
}

/** The page size a link asks for, within what the API allows, or `fallback`. */
export function pageSize(q: AuditQuery, fallback: number): number {
  const n = Number(q.limit);
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : fallback;
}

/** The filters without the cursor: a new filter starts at the newest entries. */
export const withoutCursor = (q: AuditQuery): AuditQuery => ({ ...q, before: '', after: '' });

export const hasFilters = (q: AuditQuery) => Boolean(q.q || q.actor || q.item || q.type || q.from || q.to);

/** "+01:00" for a local date in this browser (its offset that day, summer time included). */
function localOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The start of `yyyy-mm-dd` (plus `addDays`) in this browser's zone, as ISO with its offset. */
export function startOfLocalDay(day: string, addDays = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d + addDays);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T00:00:00${localOffset(date)}`;
}

/** The calendar day an ISO instant of ours names (`minusDays` back), read in its own offset. */
export function dayOf(iso: string, minusDays = 0): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return '';
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) - minusDays));
  return date.toISOString().slice(0, 10);
}

/** "UTC+01:00" for the offset an ISO instant carries ("UTC" for Z). */
export function offsetLabel(iso: string): string {
  const m = /([+-]\d{2}:\d{2}|Z)$/.exec(iso);
  return !m || m[1] === 'Z' || m[1] === '+00:00' ? 'UTC' : `UTC${m[1]}`;
}

/** The zone the date fields are read in: the link's when it carries dates, else this browser's. */
export function zoneLabel(q: AuditQuery): string {
  if (q.from || q.to) return offsetLabel(q.from || q.to);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offset = offsetLabel(`x${localOffset(new Date())}`);
  return zone && zone !== 'UTC' ? `${zone}, ${offset}` : offset;
}

/** The families the page offers: the words people use, each one the API resolves to a family. */
export const FAMILY_CHOICES: readonly { key: AuditFamily; word: string; label: string }[] = [
  { key: 'sign_in', word: 'sign-in', label: 'Sign-ins' },
  { key: 'two_factor', word: '2fa', label: '2FA and devices' },
  { key: 'password', word: 'password', label: 'Passwords' },
  { key: 'approval', word: 'approval', label: 'Approvals' },
  { key: 'signature', word: 'signature', label: 'Signatures' },
  { key: 'people', word: 'people', label: 'People and groups' },
  { key: 'settings', word: 'settings', label: 'Settings' },
  { key: 'guest', word: 'guest', label: 'Guests' },
  { key: 'audit', word: 'audit', label: 'Audit' },
];

export const familyLabel = (key: string) => FAMILY_CHOICES.find((f) => f.key === key)?.label ?? key;
