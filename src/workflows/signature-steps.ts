// Whether an organisation has an e-signature step in force: in the current version of a
// workflow, or in the version an item in review still follows. Factors asks it before an admin
// resets a user's second factors (a second admin is then needed, 21 CFR 11.200(a)(3)). It needs
// only the database, so main.ts wires it into factors before workflows is built.
import type { Executor } from '../platform/db/connect.ts';
import type { OrgId } from '../platform/ids.ts';
import { listDefinitionsInForce } from './definitions.store.ts';
import { parseSteps } from './definitions.ts';

export async function hasSignatureSteps(db: Executor, orgId: OrgId): Promise<boolean> {
  return (await listDefinitionsInForce(db, orgId)).some((r) => parseSteps(r.definition).some((s) => s.requireSignature));
}
