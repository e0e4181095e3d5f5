/**
 * Exit codes, the same for every command (README "Exit codes"): 0 ok, 1 findings or unreachable
 * (or an object that was asked for and does not exist), 2 usage or input error.
 */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_INPUT_ERROR = 2;

/** A mistake in how kreach was called; printed without a stack trace, exit 2. */
export class UsageError extends Error {
  readonly code = 'usage';
}
