import type { Config } from '../../platform/config.ts';
import { createSignoff } from '../../main.ts';
import { ROLES, USER_TYPES, type Role, type UserType } from '../../accounts/index.ts';
import { readStdin, requireFlag, UsageError } from '../args.ts';

/** `signoff users list|create|deactivate|activate --organization slug …` */
export async function users(config: Config, action: string | undefined, flags: Record<string, string | true>): Promise<void> {
  const signoff = await createSignoff(config, { logger: false });
  try {
    const { accounts, mail } = signoff.services;
    const slug = requireFlag(flags, 'organization');
    const org = await accounts.findOrganizationBySlug(slug);
    if (!org) throw new UsageError(`no organisation ${slug}`);
    const actor = accounts.cliActor(org.id);
    const meta = { ip: 'cli' };
    const all = await accounts.users.listUsers(actor);
    const byEmail = (email: string) => {
      const u = all.find((x) => x.email === email.toLowerCase());
      if (!u) throw new UsageError(`no user ${email} in ${slug}`);
      return u;
    };
    switch (action) {
      case 'list':
        for (const u of all)
          console.log(
            `${u.id}  ${u.active ? 'active  ' : 'inactive'}  ${u.userType.padEnd(10)}  ${u.roles.join(',').padEnd(22)}  ${u.email.padEnd(36)}  ${u.name}`,
          );
        return;
      case 'create': {
        const roles = (typeof flags.roles === 'string' ? flags.roles.split(',') : ['reviewer']) as Role[];
        const userType = (typeof flags.type === 'string' ? flags.type : 'staff') as UserType;
        if (!roles.every((r) => (ROLES as readonly string[]).includes(r))) throw new UsageError(`--roles: one or more of ${ROLES.join(',')}`);
        if (!(USER_TYPES as readonly string[]).includes(userType)) throw new UsageError(`--type: one of ${USER_TYPES.join(',')}`);
        const password = flags['password-stdin'] ? await readStdin() : undefined;
        const u = await accounts.users.createUser(
          actor,
          { email: requireFlag(flags, 'email'), name: requireFlag(flags, 'name'), password, userType, roles, groups: [] },
          meta,
        );
        await mail.deliverDue();
        console.log(`created ${u.email} (${u.id})${password ? '' : ': an invitation was emailed'}`);
        return;
      }
      case 'deactivate':
      case 'activate': {
        const u = byEmail(requireFlag(flags, 'email'));
        await accounts.users.updateUser(actor, u.id, { active: action === 'activate' }, meta);
        console.log(`${action}d ${u.email}`);
        return;
      }
      default:
        throw new UsageError(
          'users list|create|deactivate|activate --organization <slug> [--email E --name N --roles admin,owner,reviewer --type staff|client|contractor --password-stdin]',
        );
    }
  } finally {
    await signoff.stop();
  }
}
