// `signoff demo`: an organisation with users and groups, two workflows (a GMP batch release with
// a protected QA step and a Part 11 e-signature step; a brand review with a guest) and an item
// waiting for QA, to try Signoff with. Works on a fresh instance only (it then counts as set up).
import type { Config } from '../../platform/config.ts';
import { createSignoff } from '../../main.ts';
import type { Actor, Role, UserType } from '../../accounts/index.ts';
import type { GroupId } from '../../platform/ids.ts';

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
    const groupIds = new Map<string, GroupId>();
    for (const name of ['Quality Assurance', 'Legal', 'Brand Review']) groupIds.set(name, (await accounts.groups.create(actor, { name }, meta)).id);
    const adminUser = (await accounts.users.listUsers(actor))[0]!;
    await accounts.users.updateUser(actor, adminUser.id, { groups: [groupIds.get('Quality Assurance')!] }, meta);
    const people = new Map<string, Actor>([[admin.email, { orgId: org.id, userId: adminUser.id, label: admin.email, roles: admin.roles }]]);
    for (const p of PEOPLE.slice(1)) {
      const user = await accounts.users.createUser(actor, { ...p, password: DEMO_PASSWORD, groups: p.groups.map((g) => groupIds.get(g)!) }, meta);
      people.set(p.email, { orgId: org.id, userId: user.id, label: p.email, roles: p.roles });
    }
    const { workflows } = signoff.services;
    const owner = people.get('olga.owner@demo.signoff.test')!;
    const release = await workflows.definitions.create(
      owner,
      {
        name: 'Batch release (GMP)',
        steps: [
          {
            name: 'QA review',
            reviewers: [{ group: groupIds.get('Quality Assurance')! }],
            threshold: { type: 'any' },
            requireTwoFactor: true,
            requireSignature: false,
            onReject: 'end',
          },
          {
            name: 'Qualified Person release',
            reviewers: [{ user: adminUser.id }],
            threshold: { type: 'all' },
            requireTwoFactor: true,
            requireSignature: true,
            signatureMeanings: ['approved', 'responsible'],
            onReject: 'previous',
          },
        ],
      },
      meta,
    );
    await workflows.definitions.create(
      owner,
      {
        name: 'Brand review',
        steps: [
          {
            name: 'Agency and brand team',
            reviewers: [{ group: groupIds.get('Brand Review')! }, { guest: { email: 'agency@partner.demo.signoff.test', name: 'Partner Agency' } }],
            threshold: { type: 'count', n: 2 },
            requireTwoFactor: false,
            requireSignature: false,
            onReject: 'end',
          },
        ],
      },
      meta,
    );
    await workflows.submit(
      owner,
      {
        workflowId: release.id,
        title: 'Batch 24-117 release',
        description: 'Batch record and deviation log for lot 24-117.',
        content: 'Lot 24-117, 1,200 units.\nDeviations: none open.\nRelease for distribution.',
      },
      meta,
    );
    console.log(`Demo organisation "${org.name}" (${org.slug}) is ready. Everyone's password: ${DEMO_PASSWORD}`);
    for (const p of PEOPLE) console.log(`  ${p.email.padEnd(36)} ${p.userType.padEnd(10)} ${p.roles.join(', ')}`);
    console.log(
      'Workflows "Batch release (GMP)" (protected QA step, e-signed release) and "Brand review" (with a guest); "Batch 24-117 release" waits for QA.',
    );
    console.log('Set up an authenticator app under Security before deciding at a protected step.');
  } finally {
    await signoff.stop();
  }
}
