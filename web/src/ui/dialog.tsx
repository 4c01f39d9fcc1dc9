import { useEffect, useId, useRef, type ReactNode } from 'react';

type DialogProps = {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  size?: 'md' | 'lg';
  /** False while the user must finish inside (saving backup codes): no close button, Escape ignored. */
  dismissible?: boolean;
};

/** A modal built on <dialog>: the browser traps focus, Escape closes, focus returns on close. */
export function Dialog({ open, onClose, title, description, children, size = 'md', dismissible = true }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) {
      el.showModal();
      // showModal focuses the first focusable element, the close button; people came to type.
      el.querySelector<HTMLElement>(
        '.dialog-body input:not([type=checkbox]):not([type=radio]):not([type=hidden]):not([disabled]), .dialog-body textarea',
      )?.focus();
    }
    if (!open && el.open) el.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (dismissible) onClose();
      }}
    >
      {open ? (
        <div className="dialog-body">
          <header className="dialog-header">
            <h2 id={titleId} className="dialog-title">
              {title}
            </h2>
            {dismissible ? (
              <button type="button" className="icon-btn" onClick={onClose} aria-label="Close">
                <span aria-hidden="true">×</span>
              </button>
            ) : null}
          </header>
          {description ? <p className="dialog-description">{description}</p> : null}
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
