// Control characters, refused in one place for every route, before any schema or handler sees
// the request: NUL cannot be stored by PostgreSQL (the driver error was a 500) and no C0
// control has a meaning in an id, a name, an email or a query parameter. Query and path
// parameters may hold none of U+0000–U+001F or U+007F; JSON bodies may hold tab, line feed and
// carriage return (multi-line comments and descriptions) and no other. Keys are checked too.
// lineSchema (contract/common.ts) still refuses line breaks in single-line fields.
import type { FastifyInstance } from 'fastify';
import { Problem } from '../../platform/problems.ts';

const IN_URL = /[\u0000-\u001f\u007f]/;
const IN_BODY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Deeper than any request schema nests; a deeper document is refused rather than walked. */
const MAX_DEPTH = 32;

type Found = { pointer: string; detail: string };

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function scan(value: unknown, pointer: string, bad: RegExp, depth: number, found: Found[]): void {
  if (found.length >= 5) return;
  if (typeof value === 'string') {
    if (bad.test(value)) found.push({ pointer, detail: 'must not contain control characters' });
    return;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return;
  if (depth > MAX_DEPTH) {
    found.push({ pointer, detail: 'nested too deeply' });
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    const at = `${pointer}/${escapePointer(key)}`;
    if (bad.test(key)) {
      found.push({ pointer: at, detail: 'the name must not contain control characters' });
      continue;
    }
    scan(inner, at, bad, depth + 1, found);
  }
}

/** The control characters of a request, as validation errors (empty when there are none). */
function controlCharactersOf(request: { params?: unknown; query?: unknown; body?: unknown }): Found[] {
  const found: Found[] = [];
  scan(request.params ?? {}, '#', IN_URL, 0, found);
  scan(request.query ?? {}, '#', IN_URL, 0, found);
  scan(request.body, '#', IN_BODY, 0, found);
  return found;
}

export function registerControlCharacterCheck(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const errors = controlCharactersOf(request);
    done(errors.length ? new Problem('invalid_request', { detail: 'The request contains control characters', extensions: { errors } }) : undefined);
  });
}
