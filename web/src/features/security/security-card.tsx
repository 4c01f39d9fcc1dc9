// The frame of each card of the Security page: a region named by its title, a line on what it
// is, its action at the side, and its content (a list of factors or devices) below.
import type { ReactNode } from 'react';

export function SecurityCard({ id, title, text, action, children }: { id: string; title: string; text: string; action?: ReactNode; children?: ReactNode }) {
  return (
    <section className="panel security-card" aria-labelledby={`${id}-title`}>
      <div className="security-card-head">
        <div>
          <h2 id={`${id}-title`} className="section-title">
            {title}
          </h2>
          <p className="muted">{text}</p>
        </div>
        {action ? <div className="security-card-action">{action}</div> : null}
      </div>
      {children}
    </section>
  );
}
