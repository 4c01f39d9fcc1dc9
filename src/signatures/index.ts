// Electronic signatures (21 CFR Part 11, docs/guide.md §7): each signing re-checks the password
// and asks for a meaning from the step's list (the second factor is the decision pipeline's);
// the record holds printed name, UTC time and meaning, sealed to the content it signs.
// Repeated failures lock signing for a while and alert the organisation's admins.
// The public surface: signing.ts signs, seal.ts seals, report/ draws the PDF.
export { createSignatures, type Signatures } from './signing.ts';
export { renderSignatureReport, closeReportRenderer, reportRenderChannel } from './report/pool.ts';
export type { SignatureReportInput } from './report/input.ts';
export { checkSeal, sealedSignature, sealWith, type SealKeys } from './seal.ts';
