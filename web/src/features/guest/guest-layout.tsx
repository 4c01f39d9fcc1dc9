import type { ReactNode } from 'react';

/**
 * The frame of the guest pages: the site's name and one card. No link into the signed-in
 * app: a guest has no account.
 */
export function GuestLayout({ siteName, title, children, wide }: { siteName: string; title: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className="auth">
      <main id="main" className={wide ? 'auth-main guest-main-wide' : 'auth-main'}>
        <div className="auth-brand">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-name">{siteName}</span>
          </span>
        </div>
        <section className="auth-card" aria-labelledby="guest-title">
          <h1 id="guest-title" className="auth-title">
            {title}
          </h1>
          {children}
        </section>
      </main>
    </div>
  );
}
