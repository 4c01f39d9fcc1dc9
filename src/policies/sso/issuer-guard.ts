// Server-side request forgery through the SSO issuer (CWE-918). An admin names the issuer, and
// a public `GET /auth/sso/start` then makes the server fetch it (discovery), and whatever the
// discovery document names (token, userinfo, JWKS endpoints). So every URL the OIDC client
// fetches goes through this guard:
//   - https only, without credentials; plain http only for a host of SIGNOFF_SSO_ALLOW_HOSTS;
//   - the host's addresses must all be public unicast: loopback, private, carrier-grade NAT,
//     link-local (cloud metadata), unique-local, unspecified, multicast, reserved, and the
//     IPv4-mapped or IPv4-compatible forms of those are refused. Checked at save time (a clear
//     400) and again at CONNECT time, in the socket's own `lookup`, so a name that resolves
//     elsewhere later (DNS rebinding) is still refused;
//   - hosts of SIGNOFF_SSO_ALLOW_HOSTS skip the address check (that is their point: a provider
//     on the same machine or network);
//   - each response is bounded in size and the whole exchange in time; redirects are not followed.
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';
import type { Agent } from 'undici';

/** Largest response accepted from the provider (discovery, JWKS, token, userinfo). */
const ISSUER_RESPONSE_MAX_BYTES = 1024 * 1024;
/** The longest one request to the provider may take, connection and body included. */
const ISSUER_REQUEST_TIMEOUT_MS = 10_000;

/** A host's addresses (injected in tests; the system resolver otherwise). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export type IssuerGuardOptions = {
  /** Lower-cased `host` or `host:port` entries (SIGNOFF_SSO_ALLOW_HOSTS). */
  allowHosts: readonly string[];
  resolve?: Resolver | undefined;
  maxBytes?: number | undefined;
  timeoutMs?: number | undefined;
};

/** Why a URL may not be fetched; `detail` is shown to the admin who saves it. */
export class IssuerRefused extends Error {
  readonly detail: string;
  constructor(detail: string) {
    super(detail);
    this.name = 'IssuerRefused';
    this.detail = detail;
  }
}

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** True only for a public unicast address; IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) forms are judged as IPv4. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return false;
  let ip = ipaddr.parse(bare);
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) ip = v6.toIPv4Address();
    else if (v6.parts.slice(0, 6).every((p) => p === 0)) ip = ipaddr.fromByteArray(v6.toByteArray().slice(12));
  }
  return ip.range() === 'unicast';
}

const hostEntry = (url: URL) => url.host.toLowerCase();

/** Whether the URL's `host:port` (or its bare hostname) is on the allow-list. */
function isAllowListed(url: URL, allowHosts: readonly string[]): boolean {
  return allowHosts.includes(hostEntry(url)) || allowHosts.includes(url.hostname.toLowerCase());
}

/** The URL, parsed and checked for scheme and credentials; throws IssuerRefused. */
function checkIssuerUrl(value: string, allowHosts: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new IssuerRefused('The issuer must be an absolute URL');
  }
  if (url.username || url.password) throw new IssuerRefused('The issuer URL must not contain credentials');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new IssuerRefused('The issuer must be an https URL');
  if (url.protocol === 'http:' && !isAllowListed(url, allowHosts)) {
    throw new IssuerRefused(`The issuer must be an https URL (plain http only for hosts listed in SIGNOFF_SSO_ALLOW_HOSTS; ${url.host} is not)`);
  }
  return url;
}

const hostnameOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** Refuses when any address of the host is not public (the save-time check; the connect-time one is in the agent). */
async function checkAddresses(url: URL, resolve: Resolver): Promise<void> {
  const hostname = hostnameOf(url);
  if (ipaddr.isValid(hostname)) {
    if (!isPublicAddress(hostname))
      throw new IssuerRefused(
        `The issuer's address ${hostname} is loopback, private, link-local or otherwise not public (list the host in SIGNOFF_SSO_ALLOW_HOSTS to allow it)`,
      );
    return;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(hostname);
  } catch {
    throw new IssuerRefused(`The issuer's host ${hostname} does not resolve`);
  }
  if (addresses.length === 0) throw new IssuerRefused(`The issuer's host ${hostname} does not resolve`);
  const bad = addresses.find((a) => !isPublicAddress(a.address));
  if (bad)
    throw new IssuerRefused(
      `The issuer's host ${hostname} resolves to ${bad.address}, which is loopback, private, link-local or otherwise not public (list the host in SIGNOFF_SSO_ALLOW_HOSTS to allow it)`,
    );
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `net.connect` lookup that resolves with `resolve` and refuses any non-public answer. */
function guardedLookup(resolve: Resolver) {
  return (hostname: string, options: { all?: boolean | undefined } | number | undefined, callback: LookupCallback) => {
    resolve(hostname).then(
      (addresses) => {
        const bad = addresses.find((a) => !isPublicAddress(a.address));
        if (addresses.length === 0 || bad) {
          const err: NodeJS.ErrnoException = new IssuerRefused(`refused to connect to ${hostname} (${bad?.address ?? 'no address'}): not a public address`);
          err.code = 'ESSRFREFUSED';
          return callback(err, []);
        }
        if (typeof options === 'object' && options?.all) return callback(null, addresses);
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, []),
    );
  };
}

export type IssuerGuard = {
  /** The save-time check of an issuer: scheme, credentials and (unless allow-listed) its addresses. */
  checkIssuer(value: string): Promise<void>;
  /** A fetch for openid-client's `customFetch`: the same checks, again at connect time, bounded in size and time. */
  fetch(url: string, init: { method?: string; headers?: Record<string, string> | Headers; body?: unknown; signal?: AbortSignal }): Promise<Response>;
  /** Closes the connections the guard opened (none when it never fetched). */
  close(): Promise<void>;
};

export function createIssuerGuard(opts: IssuerGuardOptions): IssuerGuard {
  const resolve = opts.resolve ?? systemResolver;
  const maxBytes = opts.maxBytes ?? ISSUER_RESPONSE_MAX_BYTES;
  const timeoutMs = opts.timeoutMs ?? ISSUER_REQUEST_TIMEOUT_MS;
  const agentOptions = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connect: { timeout: timeoutMs } };
  // Allow-listed hosts are reached through the plain agent; every other host through the guarded
  // one. undici is loaded with the first fetch: most deployments never use SSO (issue 14, memory).
  let client: Promise<{ fetch: typeof import('undici').fetch; guarded: Agent; allowed: Agent }> | undefined;
  const undici = () =>
    (client ??= import('undici').then(({ Agent, fetch }) => ({
      fetch,
      guarded: new Agent({ ...agentOptions, connect: { ...agentOptions.connect, lookup: guardedLookup(resolve) } }),
      allowed: new Agent(agentOptions),
    })));

  return {
    async checkIssuer(value) {
      const url = checkIssuerUrl(value, opts.allowHosts);
      if (!isAllowListed(url, opts.allowHosts)) await checkAddresses(url, resolve);
    },

    async fetch(target, init) {
      const url = checkIssuerUrl(target, opts.allowHosts);
      const listed = isAllowListed(url, opts.allowHosts);
      // An IP literal never reaches `lookup`: check it here.
      const hostname = hostnameOf(url);
      if (!listed && ipaddr.isValid(hostname) && !isPublicAddress(hostname)) throw new IssuerRefused(`refused to connect to ${hostname}: not a public address`);
      const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      const { fetch, guarded, allowed } = await undici();
      const res = await fetch(url, {
        method: init.method ?? 'GET',
        ...(init.headers === undefined ? {} : { headers: init.headers as Record<string, string> }),
        ...(init.body === undefined ? {} : { body: init.body as string }),
        redirect: 'manual',
        signal,
        dispatcher: listed ? allowed : guarded,
      });
      const body = await readBounded(res.body, maxBytes, url);
      const headers = new Headers();
      res.headers.forEach((v, k) => headers.append(k, v));
      const nullBody = [101, 204, 205, 304].includes(res.status);
      return new Response(nullBody ? null : body, { status: res.status, statusText: res.statusText, headers });
    },

    async close() {
      if (!client) return;
      const { guarded, allowed } = await client;
      await Promise.all([guarded.close(), allowed.close()]);
    },
  };
}

async function readBounded(stream: AsyncIterable<Uint8Array> | null, maxBytes: number, url: URL): Promise<Buffer<ArrayBuffer>> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new IssuerRefused(`the response of ${url.origin} exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks) as Buffer<ArrayBuffer>;
}
