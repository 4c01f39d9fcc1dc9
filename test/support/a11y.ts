// Accessibility checks of the browser suite (issue 12: axe-core on every page, no serious or
// critical violation). axe-core runs inside the page; a failure lists each violation with the
// CSS targets of the offending nodes, so the message alone says what to fix.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

type A11yViolation = { id: string; impact: string; help: string; targets: string[] };

/** The serious and critical axe violations on the page as it is now. */
async function seriousA11yViolations(page: Page): Promise<A11yViolation[]> {
  // The Playwright Page type of @axe-core/playwright is playwright-core's: the same object.
  const results = await new AxeBuilder({ page: page as never }).analyze();
  return results.violations
    .filter((v) => BLOCKING_IMPACTS.has(v.impact ?? ''))
    .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

function describeViolations(violations: A11yViolation[]): string {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.targets.join('\n    ')}`).join('\n');
}

/** Fails, naming every serious or critical violation and its targets, when the page has any. */
export async function expectNoSeriousA11yViolations(page: Page, where = page.url()): Promise<void> {
  const violations = await seriousA11yViolations(page);
  if (violations.length) throw new Error(`accessibility violations on ${where}:\n${describeViolations(violations)}`);
}
