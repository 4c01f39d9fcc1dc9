/**
 * Where an emailed code went, enough to recognise the mailbox and no more: "r•••@acme.test"
 * (the first character of the local part, the whole domain).
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}
