// Sent to each witness an organisation named (settings `audit.witnesses`) with every signed
// audit checkpoint attached as JSON. Keeping that email is the point: it is a copy of the chain
// head outside the database, so an owner who rewrites the trail and its checkpoints cannot
// rewrite the witness's copy. No link: the witness has nothing to click, only to keep.
import type { MailSite, RenderedMail } from './rendered-mail.ts';
import { renderLayout } from './layout.ts';

export type AuditCheckpointVars = { organization: string; seq: number; headHash: string; at: string; kid: string; filename: string };

export function auditCheckpoint(vars: AuditCheckpointVars, site: MailSite): RenderedMail {
  return renderLayout({
    siteName: site.siteName,
    subject: `${site.siteName} audit checkpoint: ${vars.organization}, entry ${vars.seq}`,
    heading: 'Hello,',
    paragraphs: [
      `You are a witness of the audit trail of ${vars.organization} on ${site.siteName}. Attached (${vars.filename}) is a checkpoint signed at ${vars.at}: entry ${vars.seq} of the trail has the hash ${vars.headHash}.`,
      `The signature is Ed25519 with key ${vars.kid}, published at ${site.baseUrl}/.well-known/signoff/jwks.json.`,
    ],
    after: [
      'Please keep this email. If the trail is ever questioned, the attached file lets anyone check that no entry up to this one was changed afterwards (signoff audit verify --checkpoint FILE).',
    ],
  });
}
