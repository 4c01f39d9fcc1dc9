// The offline verifier of an evidence bundle (issue 10). One pure module, no imports: no
// database, no server, no Node-only API, only WebCrypto (`crypto.subtle`: Ed25519, ECDSA,
// RSA, SHA-256), so `signoff evidence verify` (Node 24) and the web app's Verify evidence page
// (Chromium) run the very same checks. It re-derives everything from the bundle:
//   the bundle's Ed25519 signature over the JCS (RFC 8785) of the document without it, against
//   a JWKS (or the embedded key, which proves integrity only), the key id being the RFC 7638
//   thumbprint; every decision's seal, binding (recomputed from its facts), its agreement with
//   the item's history and with its chained `decision.recorded` entry, its e-signature; every
//   passkey assertion (the challenge recomputed from the nonce and the binding, type
//   webauthn.get, origin, RP ID hash, user presence and verification, the authenticator's
//   signature over authenticatorData ‖ SHA-256(clientDataJSON)); every e-signature's seal and
//   content link; every audit entry's hash and, where sequence numbers are adjacent, its link.
// Each check is `{id, label, ok, detail}`; the verdict names the first failure.

type BundleCheck = { id: string; label: string; ok: boolean; detail: string };
export type BundleVerdict = {
  ok: boolean;
  checks: BundleCheck[];
  firstFailure: BundleCheck | null;
  /** The key id the bundle names: compare it with the publisher's JWKS when none was given. */
  kid: string | null;
  /** `jwks`: checked against the given key set; `embedded`: against the key the bundle carries (integrity only). */
  trust: 'jwks' | 'embedded';
};
type Jwk = { kty?: string; crv?: string; x?: string; kid?: string };
type Obj = Record<string, unknown>;

// ---------- encodings ----------

/** RFC 8785 canonical JSON: keys sorted by UTF-16 code units, no whitespace, ECMAScript number and string forms. */
export function jcs(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('JCS: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => jcs(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Obj)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jcs(v)}`).join(',')}}`;
  }
  throw new TypeError(`JCS: unsupported ${typeof value}`);
}

const utf8 = (s: string) => new TextEncoder().encode(s);
function fromB64url(s: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new TypeError('not base64url');
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
function toB64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const sha256 = async (data: Uint8Array) => new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
const sha256Hex = async (s: string) => hex(await sha256(utf8(s)));

// ---------- keys and signatures ----------

/** RFC 7638 thumbprint of an Ed25519 JWK. */
export const thumbprint = async (x: string) => toB64url(await sha256(utf8(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x }))));

async function verifyEd25519(x: string, message: string, signature: unknown): Promise<boolean> {
  try {
    if (typeof signature !== 'string') return false;
    const key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x }, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, fromB64url(signature), utf8(message));
  } catch {
    return false;
  }
}

/** An ASN.1 DER ECDSA signature (what WebAuthn authenticators produce) as WebCrypto's r ‖ s. */
function derToRaw(der: Uint8Array, size: number): Uint8Array {
  let i = 0;
  const len = () => {
    let n = der[i++]!;
    if (n & 0x80) {
      const k = n & 0x7f;
      n = 0;
      for (let j = 0; j < k; j++) n = (n << 8) | der[i++]!;
    }
    return n;
  };
  if (der[i++] !== 0x30) throw new TypeError('not a DER sequence');
  len();
  const int = () => {
    if (der[i++] !== 0x02) throw new TypeError('not a DER integer');
    const n = len();
    let v = der.slice(i, i + n);
    i += n;
    while (v.length > size && v[0] === 0) v = v.slice(1);
    if (v.length > size) throw new TypeError('integer too long');
    return concat(new Uint8Array(size - v.length), v);
  };
  return concat(int(), int());
}

/** The authenticator's signature (WebAuthn L3 §7.2 step 20) with the credential's SPKI and COSE algorithm. */
async function verifyAssertionSignature(spki: string, alg: number, signed: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const algs: Record<
    number,
    { imp: AlgorithmIdentifier | EcKeyImportParams | RsaHashedImportParams; ver: AlgorithmIdentifier | EcdsaParams | RsaPssParams; ec?: number }
  > = {
    [-7]: { imp: { name: 'ECDSA', namedCurve: 'P-256' }, ver: { name: 'ECDSA', hash: 'SHA-256' }, ec: 32 },
    [-35]: { imp: { name: 'ECDSA', namedCurve: 'P-384' }, ver: { name: 'ECDSA', hash: 'SHA-384' }, ec: 48 },
    [-8]: { imp: { name: 'Ed25519' }, ver: { name: 'Ed25519' } },
    [-257]: { imp: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, ver: { name: 'RSASSA-PKCS1-v1_5' } },
    [-37]: { imp: { name: 'RSA-PSS', hash: 'SHA-256' }, ver: { name: 'RSA-PSS', saltLength: 32 } },
  };
  const a = algs[alg];
  if (!a) return false;
  const key = await crypto.subtle.importKey('spki', fromB64url(spki), a.imp, false, ['verify']);
  const sig = a.ec ? derToRaw(signature, a.ec) : signature;
  return crypto.subtle.verify(a.ver, key, sig as Uint8Array<ArrayBuffer>, signed as Uint8Array<ArrayBuffer>);
}

// ---------- the checks ----------

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? String(v) : JSON.stringify(v));
/** The user id a decision's `onBehalfOf` ({userId, name, email}) names, or null. */
const onBehalfOfId = (v: unknown) => (isObj(v) ? (v['userId'] ?? null) : null);
const isoOf = (ms: unknown) => (typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : undefined);

/** The decision binding of workflows/decision-binding.ts, recomputed. */
async function decisionBinding(f: {
  itemId: string;
  step: number;
  round: number;
  contentHash: string;
  decision: string;
  comment: string;
  onBehalfOf?: string | undefined;
}): Promise<string> {
  const facts: (string | number)[] = ['signoff-decision-v1', f.itemId, f.step, f.round, f.contentHash, f.decision, await sha256Hex(f.comment)];
  if (f.onBehalfOf) facts.push('on-behalf-of', f.onBehalfOf);
  const canonical = JSON.stringify(facts);
  return `decision:${await sha256Hex(canonical)}`;
}

/** The hash of one audit entry (audit/chain.ts): SHA-256 over the JCS of every field but `hash`. */
const entryHash = (e: Obj) => {
  const { hash: _hash, ...fields } = e;
  return sha256Hex(jcs(fields));
};

/** Checks a bundle (its JSON text or the parsed document) against `jwks`, or the key it carries. */
export async function verifyBundle(input: string | unknown, opts: { jwks?: { keys?: unknown } | undefined } = {}): Promise<BundleVerdict> {
  const checks: BundleCheck[] = [];
  const add = (id: string, label: string, ok: boolean, detail: string) => {
    checks.push({ id, label, ok, detail });
    return ok;
  };
  const trust: BundleVerdict['trust'] = opts.jwks ? 'jwks' : 'embedded';
  const done = (kid: string | null): BundleVerdict => {
    const firstFailure = checks.find((c) => !c.ok) ?? null;
    return { ok: firstFailure === null, checks, firstFailure, kid, trust };
  };

  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (err) {
      add('bundle.json', 'Bundle is JSON', false, `Not JSON: ${(err as Error).message}`);
      return done(null);
    }
  }
  if (!isObj(doc) || doc['format'] !== 'signoff-evidence-v1') {
    add('bundle.format', 'Bundle format', false, `Not a signoff-evidence-v1 bundle (format: ${isObj(doc) ? str(doc['format']) : typeof doc})`);
    return done(null);
  }
  add('bundle.format', 'Bundle format', true, 'signoff-evidence-v1');
  const kid = typeof doc['kid'] === 'string' ? doc['kid'] : null;

  // Which keys count: the JWKS given (the trustworthy path), or the one the bundle carries.
  const embedded = isObj(doc['publicKey']) ? (doc['publicKey'] as Jwk) : undefined;
  const keys = new Map<string, string>();
  if (opts.jwks) {
    const list = Array.isArray(opts.jwks.keys) ? (opts.jwks.keys as Jwk[]) : [];
    for (const k of list)
      if (isObj(k) && k.kty === 'OKP' && k.crv === 'Ed25519' && typeof k.x === 'string' && typeof k.kid === 'string' && k.kid === (await thumbprint(k.x)))
        keys.set(k.kid, k.x);
    add(
      'bundle.key',
      'Signing key is published',
      kid !== null && keys.has(kid),
      kid !== null && keys.has(kid)
        ? `Key ${kid} is in the JWKS given`
        : `Key ${str(kid)} is not in the JWKS given (${list.length} key${list.length === 1 ? '' : 's'})`,
    );
  } else {
    const x = embedded?.x;
    const tp = typeof x === 'string' ? await thumbprint(x) : undefined;
    if (x && tp && tp === kid) keys.set(tp, x);
    add(
      'bundle.key',
      'Signing key (embedded: integrity only)',
      !!tp && tp === kid,
      tp && tp === kid
        ? `Checked against the key the bundle carries, which proves integrity only, not who signed: compare key id ${kid} with the publisher's JWKS (/.well-known/signoff/jwks.json)`
        : `The embedded key's RFC 7638 thumbprint (${str(tp)}) is not the bundle's kid (${str(kid)})`,
    );
  }
  const keyX = kid ? keys.get(kid) : undefined;
  const { signature, ...unsigned } = doc;
  add(
    'bundle.signature',
    'Bundle signature',
    !!keyX && (await verifyEd25519(keyX, jcs(unsigned), signature)),
    !keyX
      ? 'No usable key to check the bundle signature with'
      : (await verifyEd25519(keyX, jcs(unsigned), signature))
        ? `Ed25519 signature by ${kid} over the JCS of the document`
        : 'The Ed25519 signature does not match the document: it was changed after signing, or signed by another key',
  );

  const sealOk = async (record: unknown, seal: unknown) => {
    if (!isObj(seal) || typeof seal['kid'] !== 'string') return 'no seal';
    const x = keys.get(seal['kid']);
    if (!x) return `seal key ${seal['kid']} is not ${trust === 'jwks' ? 'in the JWKS given' : 'the embedded key'}`;
    return (await verifyEd25519(x, jcs(record), seal['signature'])) ? true : `the Ed25519 seal by ${seal['kid']} does not match the record`;
  };

  const item = isObj(doc['item']) ? doc['item'] : {};
  const itemId = item['id'];
  const versions = Array.isArray(item['contentVersions']) ? (item['contentVersions'] as Obj[]).map((v) => v['sha256']) : [];
  /** "(the current version)", or which earlier revision a record was given for (it no longer counts). */
  const versionNote = (hash: unknown) => {
    if (hash === item['contentHash']) return ' (the current version)';
    const v = Array.isArray(item['contentVersions']) ? (item['contentVersions'] as unknown[]).filter(isObj).find((c) => c['sha256'] === hash) : undefined;
    return v && typeof v['version'] === 'number' ? ` (revision ${v['version']}, superseded)` : ' (an earlier version)';
  };
  const auditEntries = isObj(doc['audit']) && Array.isArray(doc['audit']['entries']) ? (doc['audit']['entries'] as unknown[]).filter(isObj) : [];
  const signatures = Array.isArray(doc['signatures']) ? (doc['signatures'] as unknown[]).filter(isObj) : [];
  const sigSealOk = new Map<string, boolean | string>();

  // ---- e-signatures ----
  for (const s of signatures) {
    const id = str(s['id']);
    const sealed = isObj(s['sealed']) ? s['sealed'] : undefined;
    let problem: string | undefined;
    if (!sealed) problem = 'no sealed record';
    else {
      const shown: [string, unknown, unknown][] = [
        ['printed name', s['printedName'], sealed['printedName']],
        ['email', s['email'], sealed['email']],
        ['meaning', s['meaning'], sealed['meaning']],
        ['decision', s['decision'], sealed['decision']],
        ['content SHA-256', s['contentHash'], sealed['contentHash']],
        ['time', s['signedAt'], isoOf(sealed['signedAt'])],
        ['item', s['itemId'], sealed['itemId']],
        ['step', s['step'], sealed['step']],
        ['id', s['id'], sealed['id']],
      ];
      const diff = shown.find(([, a, b]) => a !== b);
      const seal = await sealOk(sealed, s['seal']);
      problem = seal !== true ? seal : diff ? `its ${diff[0]} reads ${str(diff[1])} but the sealed record says ${str(diff[2])}` : undefined;
    }
    sigSealOk.set(id, problem ?? true);
    add(
      `signature:${id}:seal`,
      `E-signature ${id} (${str(s['printedName'])}, ${str(s['meaning'])}) is sealed as shown`,
      !problem,
      problem
        ? `Signature record ${id}: ${problem}`
        : `Sealed by ${str((s['seal'] as Obj)['kid'])}: printed name, ${str(s['signedAt'])} UTC, meaning "${str(s['meaning'])}"`,
    );
    const onItem = sealed?.['itemId'] === itemId;
    const known = versions.includes(sealed?.['contentHash']);
    add(
      `signature:${id}:content`,
      `E-signature ${id} signs this item's content`,
      onItem && known,
      !onItem
        ? `Signature record ${id} names item ${str(sealed?.['itemId'])}, not ${str(itemId)}`
        : !known
          ? `Signature record ${id} signs content ${str(sealed?.['contentHash'])}, which is no version of this item`
          : `Content SHA-256 ${str(sealed?.['contentHash'])}${versionNote(sealed?.['contentHash'])}`,
    );
  }

  // ---- decisions ----
  const decisions = Array.isArray(doc['decisions']) ? (doc['decisions'] as unknown[]).filter(isObj) : [];
  for (const d of decisions) {
    const id = str(d['id']);
    const sealed = isObj(d['sealed']) ? d['sealed'] : undefined;
    const label = `Decision ${id}`;
    if (!sealed) {
      add(
        `decision:${id}:seal`,
        `${label} is sealed`,
        false,
        `Decision ${id} in the item history has no sealed vote: it was added or changed outside Signoff, or recorded before seals`,
      );
      continue;
    }
    const seal = await sealOk(sealed, d['seal']);
    add(
      `decision:${id}:seal`,
      `${label} (${str(sealed['decision'])}, step ${str(sealed['step'])}) is sealed`,
      seal === true,
      seal === true ? `Vote sealed by ${str((d['seal'] as Obj)['kid'])}` : `Vote record ${id}: ${seal}`,
    );

    // What the bundle shows, and what the item's history says, against the sealed vote.
    const h = isObj(d['history']) ? d['history'] : undefined;
    const shown: [string, unknown, unknown][] = [
      ['choice', d['choice'], sealed['decision']],
      ['comment', d['comment'], sealed['comment']],
      ['step', d['step'], sealed['step']],
      ['round', d['round'], sealed['round']],
      ['method', d['method'], sealed['method']],
      ['time', d['at'], isoOf(sealed['decidedAt'])],
      ['item', sealed['itemId'], itemId],
      ['history decision', h?.['decision'], sealed['decision']],
      ['history comment', h?.['comment'], sealed['comment']],
      ['history method', h?.['method'], sealed['method']],
      ['history signature', h?.['signatureId'], sealed['signatureId']],
      ['history step', h?.['step'], sealed['step']],
      // A delegate's vote names whose task it decided; the history must say the same (and nothing when the vote does not).
      ['on behalf of', onBehalfOfId(d['onBehalfOf']), sealed['onBehalfOf'] ?? null],
      ['history on behalf of', onBehalfOfId(h?.['onBehalfOf']), sealed['onBehalfOf'] ?? null],
    ];
    const diff = h ? shown.find(([, a, b]) => a !== b) : undefined;
    add(
      `decision:${id}:record`,
      `${label} reads as sealed in the item's history`,
      !!h && !diff,
      !h
        ? `Decision ${id} has no entry in the item history`
        : diff
          ? `Decision ${id}: the ${diff[0]} reads ${str(diff[1])} but the sealed vote says ${str(diff[2])}`
          : `History: ${str(h['decision'])} by ${str(h['reviewer'] && (h['reviewer'] as Obj)['email'])}`,
    );

    // The binding, recomputed from the facts, which must be the sealed ones.
    const b = isObj(d['binding']) ? d['binding'] : {};
    const facts = isObj(b['facts']) ? b['facts'] : {};
    const factDiff = (
      [
        ['item', facts['itemId'], sealed['itemId']],
        ['step', facts['step'], sealed['step']],
        ['round', facts['round'], sealed['round']],
        ['content', facts['contentHash'], sealed['contentHash']],
        ['decision', facts['decision'], sealed['decision']],
        ['comment', facts['comment'], sealed['comment'] ?? ''],
        ['on behalf of', facts['onBehalfOf'] ?? null, sealed['onBehalfOf'] ?? null],
      ] as [string, unknown, unknown][]
    ).find(([, a, c]) => a !== c);
    let recomputed = '';
    try {
      recomputed = await decisionBinding(facts as { itemId: string; step: number; round: number; contentHash: string; decision: string; comment: string });
    } catch {
      /* bad facts: fails below */
    }
    const bindingOk = !factDiff && recomputed === sealed['binding'] && recomputed === b['digest'] && versions.includes(sealed['contentHash']);
    add(
      `decision:${id}:binding`,
      `${label}: binding recomputes from item, step, round, content, choice and comment`,
      bindingOk,
      factDiff
        ? `Decision ${id}: the binding's ${factDiff[0]} (${str(factDiff[1])}) is not the sealed one (${str(factDiff[2])})`
        : recomputed !== sealed['binding'] || recomputed !== b['digest']
          ? `Decision ${id}: the facts give ${recomputed}, the sealed binding is ${str(sealed['binding'])}`
          : !versions.includes(sealed['contentHash'])
            ? `Decision ${id}: content ${str(sealed['contentHash'])} is no version of this item`
            : recomputed,
    );

    // The chained audit entry of the same vote.
    const entry = auditEntries.find((e) => e['type'] === 'decision.recorded' && isObj(e['data']) && e['data']['voteId'] === id);
    const data = entry && isObj(entry['data']) ? entry['data'] : undefined;
    const auditDiff = data
      ? (
          [
            ['decision', data['decision'], sealed['decision']],
            ['comment', data['comment'], sealed['comment']],
            ['step', data['step'], sealed['step']],
            ['round', data['round'], sealed['round']],
            ['method', data['method'], sealed['method']],
            ['signature', data['signatureId'], sealed['signatureId']],
            ['on behalf of', data['onBehalfOf'] ?? null, sealed['onBehalfOf'] ?? null],
          ] as [string, unknown, unknown][]
        ).find(([, a, c]) => a !== c)
      : undefined;
    add(
      `decision:${id}:audit`,
      `${label} matches its audit entry`,
      !!data && !auditDiff,
      !data
        ? `Decision ${id}: no decision.recorded entry for it in the bundle's audit entries`
        : auditDiff
          ? `Decision ${id}: audit entry ${str(entry!['seq'])} says ${auditDiff[0]} ${str(auditDiff[1])}, the sealed vote ${str(auditDiff[2])}`
          : `Audit entry ${str(entry!['seq'])}`,
    );

    if (typeof sealed['signatureId'] === 'string') {
      const sid = sealed['signatureId'];
      const present = signatures.find((s) => s['id'] === sid);
      const sealedSig = present && isObj(present['sealed']) ? present['sealed'] : undefined;
      const good =
        sigSealOk.get(sid) === true &&
        sealedSig?.['itemId'] === itemId &&
        sealedSig?.['decision'] === sealed['decision'] &&
        sealedSig?.['step'] === sealed['step'];
      add(
        `decision:${id}:signature`,
        `${label}: its e-signature ${sid} is valid and on this item`,
        good,
        !present
          ? `Decision ${id}: its e-signature ${sid} is not in the bundle`
          : good
            ? `Signature ${sid}`
            : `Decision ${id}: its e-signature ${sid} is not valid for this item and decision`,
      );
    }

    if (sealed['method'] === 'webauthn') await checkPasskey(id, label, sealed, add);
  }

  // ---- comments: each text against its chained item.commented entry; no audited comment missing ----
  const comments = Array.isArray(doc['comments']) ? (doc['comments'] as unknown[]).filter(isObj) : [];
  for (const c of comments) {
    const id = str(c['id']);
    const entry = auditEntries.find((e) => e['type'] === 'item.commented' && isObj(e['data']) && e['data']['commentId'] === id);
    const data = entry && isObj(entry['data']) ? entry['data'] : undefined;
    const textHash = typeof c['text'] === 'string' ? await sha256Hex(c['text']) : '';
    const author = isObj(c['author']) ? c['author'] : {};
    const diff = data
      ? (
          [
            ['text SHA-256', textHash, data['textSha256']],
            ['shown SHA-256', c['textSha256'], data['textSha256']],
            ['version', c['revision'], data['revision']],
            ['author', author['userId'], entry!['actorUserId']],
            ['guest author', author['inviteId'], data['inviteId']],
            ['item', data['itemId'], itemId],
          ] as [string, unknown, unknown][]
        ).find(([, a, b]) => a !== b)
      : undefined;
    add(
      `comment:${id}:audit`,
      `Comment ${id} reads as audited`,
      !!data && !diff,
      !data
        ? `Comment ${id}: no item.commented entry for it in the bundle's audit entries`
        : diff
          ? `Comment ${id}: its ${diff[0]} is ${str(diff[1])} but audit entry ${str(entry!['seq'])} says ${str(diff[2])}`
          : `Audit entry ${str(entry!['seq'])}`,
    );
  }
  for (const e of auditEntries.filter((x) => x['type'] === 'item.commented' && isObj(x['data']))) {
    const id = str((e['data'] as Obj)['commentId']);
    if (!comments.some((c) => c['id'] === id))
      add(
        `comment:${id}:present`,
        `Comment ${id} is in the bundle`,
        false,
        `Audit entry ${str(e['seq'])} records comment ${id}, which the bundle does not carry: it was removed outside Signoff`,
      );
  }

  // ---- the audit entries of the item ----
  let previous: Obj | undefined;
  for (const e of [...auditEntries].sort((a, b) => Number(a['seq']) - Number(b['seq']))) {
    const seq = str(e['seq']);
    const recomputed = await entryHash(e).catch(() => '');
    const linked = !previous || Number(previous['seq']) + 1 !== Number(e['seq']) || e['prevHash'] === previous['hash'];
    add(
      `audit:${seq}`,
      `Audit entry ${seq} (${str(e['type'])}) hashes and links`,
      recomputed === e['hash'] && linked,
      recomputed !== e['hash']
        ? `Audit entry ${seq} (${str(e['type'])}): its fields hash to ${recomputed}, not the recorded ${str(e['hash'])}: the entry was changed`
        : !linked
          ? `Audit entry ${seq}: prevHash ${str(e['prevHash'])} is not entry ${str(previous!['seq'])}'s hash`
          : str(e['hash']),
    );
    previous = e;
  }

  // ---- the latest signed checkpoint of the organisation's chain ----
  const cp = doc['checkpoint'];
  if (isObj(cp)) {
    const { signature: cpSig, ...fields } = cp;
    const x = typeof cp['kid'] === 'string' ? keys.get(cp['kid']) : undefined;
    const ok = !!x && (await verifyEd25519(x, jcs(fields), cpSig));
    const atSeq = auditEntries.find((e) => e['seq'] === cp['seq']);
    const agrees = !atSeq || atSeq['hash'] === cp['headHash'];
    add(
      'checkpoint',
      `Checkpoint at entry ${str(cp['seq'])}`,
      ok && agrees,
      !ok
        ? `The checkpoint's signature does not verify (key ${str(cp['kid'])})`
        : !agrees
          ? `Audit entry ${str(cp['seq'])} hashes to ${str(atSeq!['hash'])}, the checkpoint says ${str(cp['headHash'])}`
          : `Signed head ${str(cp['headHash'])} at ${str(cp['at'])}`,
    );
  } else {
    add('checkpoint', 'Checkpoint', true, 'This bundle carries no signed checkpoint');
  }

  const dep = isObj(doc['deployment']) ? doc['deployment'] : {};
  add(
    'deployment',
    'Deployment',
    true,
    dep['devMailbox'] === true
      ? 'The development mailbox was on (SIGNOFF_DEV_MAILBOX=1): admins could read emailed codes, so an email-code decision proves less'
      : 'No development mailbox',
  );

  return done(kid);
}

/** A passkey decision: the assertion as the authenticator signed it, for this decision's challenge. */
async function checkPasskey(id: string, label: string, sealed: Obj, add: (id: string, label: string, ok: boolean, detail: string) => boolean) {
  const p = isObj(sealed['passkey']) ? sealed['passkey'] : undefined;
  const name = `${label}: passkey assertion`;
  if (!p) {
    add(`decision:${id}:passkey`, name, false, `Decision ${id} was made with a passkey but carries no assertion`);
    return;
  }
  try {
    const clientDataBytes = fromB64url(str(p['clientDataJSON']));
    const clientData = JSON.parse(new TextDecoder().decode(clientDataBytes)) as Obj;
    const authData = fromB64url(str(p['authenticatorData']));
    const expected = toB64url(await sha256(concat(fromB64url(str(p['challengeNonce'])), utf8(str(sealed['binding'])))));
    const rpIdHash = hex(authData.slice(0, 32));
    const flags = authData[32] ?? 0;
    const pk = isObj(p['publicKey']) ? p['publicKey'] : {};
    const problems = [
      clientData['type'] !== 'webauthn.get' && `clientDataJSON type is ${str(clientData['type'])}, not webauthn.get`,
      clientData['challenge'] !== expected && `the signed challenge ${str(clientData['challenge'])} is not SHA-256(nonce ‖ binding) = ${expected}`,
      clientData['origin'] !== p['origin'] && `origin ${str(clientData['origin'])} is not ${str(p['origin'])}`,
      rpIdHash !== (await sha256Hex(str(p['rpId']))) && `the RP ID hash is not SHA-256("${str(p['rpId'])}")`,
      (flags & 0x01) === 0 && 'user presence flag not set',
      (flags & 0x04) === 0 && 'user verification flag not set',
    ].filter((x): x is string => typeof x === 'string');
    const signed = concat(authData, await sha256(clientDataBytes));
    const sigOk = await verifyAssertionSignature(str(pk['spki']), Number(pk['alg']), signed, fromB64url(str(p['signature'])));
    if (!sigOk) problems.push(`the authenticator's signature (COSE alg ${str(pk['alg'])}) does not verify`);
    add(
      `decision:${id}:passkey`,
      name,
      problems.length === 0,
      problems.length
        ? `Decision ${id}: ${problems.join('; ')}`
        : `Authenticator signature by credential ${str(p['credentialId']).slice(0, 16)}… over this decision's challenge (COSE alg ${str(pk['alg'])})`,
    );
  } catch (err) {
    add(`decision:${id}:passkey`, name, false, `Decision ${id}: the assertion cannot be read (${(err as Error).message})`);
  }
}
