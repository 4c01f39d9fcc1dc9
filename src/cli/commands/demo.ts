// `signoff demo`: an organisation with users and groups to try Signoff with. Works on a fresh
// instance (it then counts as set up) or beside existing organisations.
import type { Config } from '../../platform/config.ts';
import { createSignoff } from '../../main.ts';
import type { Role, UserType } from '../../accounts/index.ts';

const PEOPLE: { email: string; name: string; userType: UserType; roles: Role[]; groups: string[] }[] = [
  { email: 'ada.admin@demo.signoff.test', name: 'Ada Admin', userType: 'staff', roles: ['admin', 'owner', 'reviewer'], groups: [] },
  { email: 'olga.owner@demo.signoff.test', name: 'Olga Owner', userType: 'staff', roles: ['owner'], groups: ['Quality Assurance'] },
  { email: 'quinn.qa@demo.signoff.test', name: 'Quinn QA', userType: 'staff', roles: ['reviewer'], groups: ['Quality Assurance'] },
  { email: 'lee.legal@demo.signoff.test', name: 'Lee Legal', userType: 'staff', roles: ['reviewer'], groups: ['Legal'] },
  { email: 'cory.client@demo.signoff.test', name: 'Cory Client', userType: 'client', roles: ['reviewer'], groups: ['Brand Review'] },
  { email: 'cass.contractor@demo.signoff.test', name: 'Cass Contractor', userType: 'contractor', roles: ['reviewer'], groups: ['Brand Review'] },
];
export const DEMO_PASSWORD = 'demo-password-2026';

export async function demo(config: Config): Promise<void> {
  const signoff = await createSignoff(config, { logger: false });
  try {
    const { accounts } = signoff.services;
    const admin = PEOPLE[0]!;
    const setUp = await accounts.isSetUp();
    if (!setUp) {
      await accounts.completeSetup({ organization: 'Acme Pharma (demo)', name: admin.name, email: admin.email, password: DEMO_PASSWORD }, { ip: 'cli' });
    }
    const org = setUp ? undefined : await accounts.findOrganizationBySlug('acme-pharma-demo');
    if (!org) {
      console.error('This instance is already set up: run `signoff demo` on a fresh data directory (or database) to get the demo organisation.');
      process.exitCode = 1;
      return;
    }
    const actor = accounts.cliActor(org.id);
    const meta = { ip: 'cli' };
    const groupIds = new Map<string, string>();
    for (const name of ['Quality Assurance', 'Legal', 'Brand Review']) groupIds.set(name, (await accounts.groups.create(actor, { name }, meta)).id);
    const adminUser = (await accounts.users.listUsers(actor))[0]!;
    await accounts.users.updateUser(actor, adminUser.id, { groups: [groupIds.get('Quality Assurance')!] }, meta);
    for (const p of PEOPLE.slice(1)) {
      await accounts.users.createUser(actor, { ...p, password: DEMO_PASSWORD, groups: p.groups.map((g) => groupIds.get(g)!) }, meta);
    }
    console.log(`Demo organisation "${org.name}" (${org.slug}) is ready. Everyone's password: ${DEMO_PASSWORD}`);
    for (const p of PEOPLE) console.log(`  ${p.email.padEnd(36)} ${p.userType.padEnd(10)} ${p.roles.join(', ')}`);
  } finally {
    await signoff.stop();
  }
}
