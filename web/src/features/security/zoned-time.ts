// Times typed in a chosen time zone (the Out of office card): a `datetime-local` value is a wall
// clock reading with no zone; these turn it into the instant it means in that zone, and back.

/** The zone's offset from UTC at `utcMs`, in ms (positive east of Greenwich). */
function zoneOffset(utcMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(utcMs / 1000) * 1000;
}

/** `2026-12-24T09:00` in `zone` as epoch ms; NaN when the value is not a date and time. */
export function zonedToUtc(local: string, zone: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)$/.exec(local);
  if (!m) return NaN;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  const first = asUtc - zoneOffset(asUtc, zone);
  // Around a daylight-saving change the offset at the result may differ from the guess.
  return asUtc - zoneOffset(first, zone);
}

/** Epoch ms as a `datetime-local` value in `zone`. */
export function utcToZoned(utcMs: number, zone: string): string {
  return new Date(utcMs + zoneOffset(utcMs, zone)).toISOString().slice(0, 16);
}

/** The browser's time zone, and the zones it knows (the browser's own first). */
export function timeZones(): { here: string; all: string[] } {
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return { here, all: [here, ...known.filter((z) => z !== here), ...(known.includes('UTC') || here === 'UTC' ? [] : ['UTC'])] };
}
