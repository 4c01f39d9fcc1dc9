import type { KeyboardEvent } from 'react';

/** Enter in a reviewer field adds the reviewer instead of submitting the whole workflow. */
export const onEnter = (action: () => void) => (e: KeyboardEvent<HTMLInputElement>) => {
  if (e.key !== 'Enter') return;
  e.preventDefault();
  action();
};
