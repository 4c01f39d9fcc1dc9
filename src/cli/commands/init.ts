import type { Config } from '../../platform/config.ts';
import { createSignoff } from '../../main.ts';
import { readStdin, requireFlag } from '../args.ts';

/** `signoff init --organization O --name N --email E (--password P | --password-stdin)`: the first-run setup. */
export async function init(config: Config, flags: Record<string, string | true>): Promise<void> {
  const password = flags['password-stdin'] ? await readStdin() : requireFlag(flags, 'password');
  const signoff = await createSignoff(config, { logger: false });
  try {
    const result = await signoff.services.accounts.completeSetup(
      { organization: requireFlag(flags, 'organization'), name: requireFlag(flags, 'name'), email: requireFlag(flags, 'email'), password },
      { ip: 'cli' },
    );
    await signoff.services.mail.deliverDue();
    console.log(`set up organisation "${result.organization.name}" (${result.organization.slug}) with admin ${result.user.email}`);
  } finally {
    await signoff.stop();
  }
}
