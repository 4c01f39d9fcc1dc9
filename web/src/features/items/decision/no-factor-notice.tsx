import { Alert } from '../../../ui/alert.tsx';

/** A protected step and no usable second factor: nothing can be recorded (PRODUCT §5). */
export function NoFactorNotice() {
  return (
    <Alert tone="warning" title="You need a second factor to decide on this step.">
      Contact your administrator. Other reviewers can still decide, and nothing has been recorded for you.
    </Alert>
  );
}
