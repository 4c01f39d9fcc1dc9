import type { ReactNode } from 'react';
import { Brand } from './brand.tsx';

/** The frame of pages used before signing in: one centred card. */
export function AuthLayout({
  title,
  subtitle,
  children,
  footer,
  wide,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className="auth">
      <main id="main" className={wide ? 'auth-main auth-main-wide' : 'auth-main'}>
        <div className="auth-brand">
          <Brand to="/login" />
        </div>
        <section className="auth-card" aria-labelledby="auth-title">
          <h1 id="auth-title" className="auth-title">
            {title}
          </h1>
          {subtitle ? <p className="auth-subtitle">{subtitle}</p> : null}
          {children}
        </section>
        {footer ? <div className="auth-footer">{footer}</div> : null}
      </main>
    </div>
  );
}
