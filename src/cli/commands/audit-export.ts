import { once } from 'node:events';
import { hostname, userInfo } from 'node:os';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { exportDocument } from '../../audit/index.ts';
import type { Config } from '../../platform/config.ts';
import type { OrgId } from '../../platform/ids.ts';
import { createSignoff } from '../../main.ts';
import { requireFlag, UsageError, type Flags } from '../args.ts';

const USAGE = 'audit export --organization slug [--format json|csv] [--type T] [--since ISO] [--until ISO]';
const isoTime = z.string().datetime({ offset: true });

/**
 * `signoff audit export --organization slug [--format json|csv] [--type T] [--since ISO] [--until ISO]`:
 * the organisation's trail, oldest first, to standard output as the download makes it (the same
 * JSON document or CSV, byte for byte), written a page at a time as it is read, so memory stays
 * flat whatever the trail's length. Recorded as `audit.exported`, by the command and its user.
 */
export async function auditExport(config: Config, flags: Flags, out: Writable = process.stdout): Promise<number> {
  const slug = requireFlag(flags, 'organization');
  const format = flags.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format is json or csv\n${USAGE}`);
  const text = (name: 'type' | 'since' | 'until') => {
    const v = flags[name];
    if (v === true || v === '') throw new UsageError(`--${name} needs a value\n${USAGE}`);
    if (v !== undefined && name !== 'type' && !isoTime.safeParse(v).success)
      throw new UsageError(`--${name} is an ISO 8601 time with its offset (2026-03-01T00:00:00Z)`);
    return v;
  };
  const filter = { type: text('type'), since: text('since'), until: text('until') };
  const time = (t: string | undefined) => (t === undefined ? undefined : Date.parse(t));
  if (filter.since && filter.until && time(filter.since)! >= time(filter.until)!) throw new UsageError('--until must be later than --since');
  const signoff = await createSignoff(config, { logger: false });
  try {
    const { db, audit, accounts } = signoff.services;
    const org = await accounts.findOrganizationBySlug(slug);
    if (!org) {
      console.error(`no organisation ${slug}`);
      return 2;
    }
    const reading = await audit.readExport(db, org.id, { type: filter.type, since: time(filter.since), until: time(filter.until) });
    const record = async (entries: number, complete: boolean) => {
      try {
        await db.transaction().execute((tx) =>
          audit.append(tx, {
            orgId: org.id as OrgId,
            type: 'audit.exported',
            actor: { label: `signoff audit export (${userInfo().username}@${hostname()})` },
            data: { format, entries, headHash: reading.headHash, filter, ...(complete ? {} : { incomplete: true }) },
          }),
        );
      } catch (err) {
        console.error(`audit.exported not recorded: ${err instanceof Error ? err.message : String(err)}`);
        throw err;
      }
    };
    // A closed output (`| head`) ends the export, recorded as incomplete.
    let broken: unknown;
    const onError = (err: unknown) => {
      broken = err;
    };
    out.on('error', onError);
    try {
      for await (const chunk of exportDocument(reading, { format, organization: org, filter, record })) {
        if (broken !== undefined) throw broken;
        if (!out.write(chunk)) await once(out, 'drain');
      }
    } finally {
      out.off('error', onError);
    }
    return 0;
  } finally {
    await signoff.stop();
  }
}
