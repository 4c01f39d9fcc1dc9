// Verify evidence (issue 10): anyone, signed in or not, checks an item's evidence bundle in the
// browser with the same pure verifier as `signoff evidence verify` (WebCrypto only: nothing is
// uploaded). The key set is the JWKS file given, or else this site's published one; without
// either, the key the bundle carries, which proves integrity only.
import { useState, type DragEvent } from 'react';
import { verifyBundle, type BundleVerdict } from '../../../../src/evidence/verify-bundle.ts';
import { Alert } from '../../ui/alert.tsx';
import { Badge } from '../../ui/badge.tsx';

type Source = { name: string; text: string };
type Outcome = { verdict: BundleVerdict; keySource: string };

const JWKS_PATH = '/.well-known/signoff/jwks.json';

async function publishedJwks(): Promise<{ keys?: unknown } | string> {
  try {
    const res = await fetch(JWKS_PATH, { headers: { accept: 'application/json' } });
    if (!res.ok) return `${JWKS_PATH} answered ${res.status}`;
    return (await res.json()) as { keys?: unknown };
  } catch (err) {
    return `${JWKS_PATH} could not be read (${(err as Error).message})`;
  }
}

export function VerifyEvidencePage() {
  const [bundle, setBundle] = useState<Source | undefined>();
  const [jwks, setJwks] = useState<Source | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);

  async function run(b: Source | undefined, j: Source | undefined) {
    setOutcome(undefined);
    setError(undefined);
    if (!b) return;
    setBusy(true);
    try {
      let keys: { keys?: unknown } | undefined;
      let keySource: string;
      if (j) {
        try {
          keys = JSON.parse(j.text) as { keys?: unknown };
        } catch {
          setError(`${j.name} is not a JSON key set`);
          return;
        }
        keySource = `the key set in ${j.name}`;
      } else {
        const fetched = await publishedJwks();
        if (typeof fetched === 'string') keySource = `the key the bundle carries: ${fetched}, so this proves integrity only, not who signed`;
        else {
          keys = fetched;
          keySource = `this site's published key set (${JWKS_PATH})`;
        }
      }
      setOutcome({ verdict: await verifyBundle(b.text, { jwks: keys }), keySource });
    } finally {
      setBusy(false);
    }
  }

  const readFile = async (file: File | undefined): Promise<Source | undefined> => (file ? { name: file.name, text: await file.text() } : undefined);
  const chooseBundle = async (file: File | undefined) => {
    const b = await readFile(file);
    setBundle(b);
    await run(b, jwks);
  };
  const chooseJwks = async (file: File | undefined) => {
    const j = await readFile(file);
    setJwks(j);
    await run(bundle, j);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void chooseBundle(e.dataTransfer.files[0]);
  };

  const verdict = outcome?.verdict;
  return (
    <div className="auth">
      <main id="main" className="auth-main verify-main">
        <div className="auth-brand">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-name">Signoff</span>
          </span>
        </div>
        <section className="auth-card" aria-labelledby="verify-title">
          <h1 id="verify-title" className="auth-title">
            Verify evidence
          </h1>
          <p className="auth-subtitle">
            Check an item&apos;s evidence bundle: its signature, every decision, passkey assertion, e-signature and audit entry. It is checked in this browser;
            nothing is uploaded.
          </p>
          <label
            className={dragging ? 'verify-drop verify-drop-active' : 'verify-drop'}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <span className="verify-drop-title">{bundle ? bundle.name : 'Drop the evidence bundle here, or choose it'}</span>
            <span className="verify-drop-hint">evidence-….json, from the item&apos;s evidence download</span>
            <input type="file" accept="application/json,.json" aria-label="Evidence bundle" onChange={(e) => void chooseBundle(e.target.files?.[0])} />
          </label>
          <label className="verify-jwks">
            <span>Publisher&apos;s key set (JWKS), optional: by default this site&apos;s {JWKS_PATH}</span>
            <input type="file" accept="application/json,.json" aria-label="Key set (JWKS)" onChange={(e) => void chooseJwks(e.target.files?.[0])} />
          </label>
          {busy ? <p className="verify-hint">Checking…</p> : null}
          {error ? <Alert tone="error">{error}</Alert> : null}
          {verdict ? (
            <>
              {verdict.ok ? (
                <Alert tone={verdict.trust === 'jwks' ? 'success' : 'warning'} title={verdict.trust === 'jwks' ? 'Verified' : 'Intact (integrity only)'}>
                  All {verdict.checks.length} checks passed against {outcome.keySource}. Key id <code>{verdict.kid}</code>.
                </Alert>
              ) : (
                <Alert tone="error" title="Not verified">
                  <p>{verdict.firstFailure?.detail}</p>
                  <p>Checked against {outcome.keySource}.</p>
                </Alert>
              )}
              <ol className="verify-checks" aria-label="Checks">
                {verdict.checks.map((c) => (
                  <li
                    key={c.id}
                    className={c.ok ? 'verify-check verify-check-ok' : 'verify-check verify-check-fail'}
                    data-check={c.id}
                    data-ok={c.ok ? 'true' : 'false'}
                  >
                    <Badge tone={c.ok ? 'success' : 'danger'}>{c.ok ? 'OK' : 'Failed'}</Badge>
                    <span className="verify-check-text">
                      <span className="verify-check-label">{c.label}</span>
                      <span className="verify-check-detail">{c.detail}</span>
                    </span>
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </section>
      </main>
    </div>
  );
}
