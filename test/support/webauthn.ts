// Test helper (imported only by *.test.ts): Debian Chromium's CDP virtual authenticator
// driving @simplewebauthn/browser on a tiny page served from 127.0.0.1, so the options this
// folder produces go through a real browser and the responses come back as the lead's UI will
// send them. Also a software signer, for assertions no honest authenticator would make
// (another RP ID, no user presence, a stale counter) with a genuine credential's key.
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import type { TestDialect } from './dialects.ts';
import { startInProcess, type TestServer } from './start-signoff.ts';

const BROWSER_BUNDLE = new URL('../../node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js', import.meta.url);
const PAGE = '<!doctype html><meta charset="utf-8"><title>passkey test</title><script src="/simplewebauthn-browser.js"></script><p>passkey test</p>';

/** An HTTP server on 127.0.0.1; browse it as http://localhost:<port> (a secure context, and a valid RP ID). */
export async function servePasskeyPage(): Promise<{ port: number; close(): Promise<void> }> {
  const bundle = readFileSync(BROWSER_BUNDLE);
  const server = createServer((req, res) => {
    if (req.url === '/simplewebauthn-browser.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundle);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * Signoff in process (manual clock) whose base URL is a passkey page's origin, so its RP ID and
 * origin match the browser's, and a virtual authenticator open on that page. `stop` closes the
 * browser, the page and the server.
 */
export async function startWithPasskeyDevice(dialect: TestDialect): Promise<{ s: TestServer; device: PasskeyDevice; stop(): Promise<void> }> {
  const page = await servePasskeyPage();
  const origin = `http://localhost:${page.port}`;
  let s: TestServer | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    await page.close();
    await s?.stop();
  };
  try {
    s = await startInProcess(dialect, { clock: 'manual', env: { SIGNOFF_BASE_URL: origin } });
    browser = await launchBrowser();
    return { s, device: await openPasskeyDevice(browser, origin), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export type AuthenticatorOptions = { isUserVerified?: boolean; hasUserVerification?: boolean; hasResidentKey?: boolean };
/** A credential as CDP exports it (binary fields in standard base64). */
export type VirtualCredential = {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
};
type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export type PasskeyDevice = {
  page: Page;
  authenticatorId: string;
  goto(origin: string): Promise<void>;
  /** navigator.credentials.create through @simplewebauthn/browser startRegistration. */
  create(optionsJSON: unknown): Promise<Outcome<Record<string, unknown>>>;
  /** navigator.credentials.get through @simplewebauthn/browser startAuthentication. */
  get(optionsJSON: unknown): Promise<Outcome<Record<string, unknown>>>;
  credentials(): Promise<VirtualCredential[]>;
  addCredential(c: VirtualCredential): Promise<void>;
  setUserVerified(v: boolean): Promise<void>;
  close(): Promise<void>;
};

/** A fresh browser context and tab with one CTAP2 platform authenticator (UV on unless told). */
export async function openPasskeyDevice(browser: Browser, origin: string, opts: AuthenticatorOptions = {}): Promise<PasskeyDevice> {
  const context: BrowserContext = await browser.newContext();
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: opts.hasResidentKey ?? true,
      hasUserVerification: opts.hasUserVerification ?? true,
      isUserVerified: opts.isUserVerified ?? true,
      automaticPresenceSimulation: true,
    },
  });
  const ceremony = (kind: 'create' | 'get') => (optionsJSON: unknown) =>
    page.evaluate(
      async ({ kind, optionsJSON }) => {
        const lib = (
          globalThis as unknown as {
            SimpleWebAuthnBrowser: { startRegistration(o: unknown): Promise<unknown>; startAuthentication(o: unknown): Promise<unknown> };
          }
        ).SimpleWebAuthnBrowser;
        try {
          const value = kind === 'create' ? await lib.startRegistration({ optionsJSON }) : await lib.startAuthentication({ optionsJSON });
          return { ok: true as const, value: value as Record<string, unknown> };
        } catch (err) {
          const e = err as { name?: string; code?: string; message?: string };
          return { ok: false as const, error: `${e.name ?? 'Error'} ${e.code ?? ''} ${e.message ?? ''}`.trim() };
        }
      },
      { kind, optionsJSON },
    );
  const device: PasskeyDevice = {
    page,
    authenticatorId,
    goto: async (o) => {
      await page.goto(`${o}/`);
      await page.waitForFunction(() => 'SimpleWebAuthnBrowser' in globalThis);
    },
    create: ceremony('create'),
    get: ceremony('get'),
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials as VirtualCredential[],
    addCredential: async (credential) => {
      await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
    },
    setUserVerified: async (isUserVerified) => {
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified });
    },
    close: () => context.close(),
  };
  await device.goto(origin);
  return device;
}

/** Authenticator data flags (WebAuthn L3 §6.1). */
export const FLAG_UP = 0x01;
export const FLAG_UV = 0x04;

/**
 * An assertion signed in software with a credential's exported private key: authenticatorData
 * = SHA-256(rpId) ‖ flags ‖ counter (WebAuthn L3 §6.1), signature over authenticatorData ‖
 * SHA-256(clientDataJSON) (§6.3.3), as a CTAP2 authenticator would make it.
 */
export function signAssertion(c: {
  credential: VirtualCredential;
  challenge: string;
  origin: string;
  rpId: string;
  counter: number;
  flags?: number;
  type?: string;
}): Record<string, unknown> {
  const clientDataJSON = Buffer.from(JSON.stringify({ type: c.type ?? 'webauthn.get', challenge: c.challenge, origin: c.origin, crossOrigin: false }));
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(c.counter);
  const authenticatorData = Buffer.concat([createHash('sha256').update(c.rpId).digest(), Buffer.from([c.flags ?? FLAG_UP | FLAG_UV]), counter]);
  const key = createPrivateKey({ key: Buffer.from(c.credential.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  const signature = sign('sha256', Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]), key);
  const id = Buffer.from(c.credential.credentialId, 'base64').toString('base64url');
  return {
    id,
    rawId: id,
    type: 'public-key',
    clientExtensionResults: {},
    authenticatorAttachment: 'platform',
    response: {
      clientDataJSON: clientDataJSON.toString('base64url'),
      authenticatorData: authenticatorData.toString('base64url'),
      signature: signature.toString('base64url'),
    },
  };
}

/** The base64url credential id of a CDP credential. */
export const credentialIdOf = (c: VirtualCredential): string => Buffer.from(c.credentialId, 'base64').toString('base64url');
