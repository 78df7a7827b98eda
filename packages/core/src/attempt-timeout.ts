/**
 * Set on the init object by the pipeline: this attempt's timeout, enforced
 * by the Node transport with one timer instead of an `AbortSignal.timeout`
 * per attempt (whose listeners cost more than the timer). On expiry the
 * request is destroyed with an error whose `code` is {@link ATTEMPT_TIMEOUT_CODE}.
 */
export const ATTEMPT_TIMEOUT = Symbol.for('int.attemptTimeoutMs');
export const ATTEMPT_TIMEOUT_CODE = 'INT_ATTEMPT_TIMEOUT';
