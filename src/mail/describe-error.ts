// Turns a transport failure into the text stored in `last_error` and logged. SMTP replies and
// socket errors are useful to an operator; credentials are not, and a library can echo the
// connection URL or an AUTH line into its message, so both are scrubbed before storage.
const MAX_ERROR_LENGTH = 500;

export function describeError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? `${err.code}: ` : '';
  const message = err instanceof Error ? err.message : String(err);
  const text = (code + message)
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1[redacted]@')
    .replace(/\b(AUTH\s+[A-Z0-9-]+)\s+\S+/gi, '$1 [redacted]')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
