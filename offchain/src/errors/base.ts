/**
 * The root of Peper's error hierarchy (after viem's BaseError): a short message a user can act on,
 * optional details, an optional cause, and whether retrying the same call can succeed.
 */
export interface BaseErrorParameters {
  /** More about what went wrong, for logs and expanded error views. */
  details?: string;
  /** The error that caused this one. */
  cause?: unknown;
  /** True when the same call may succeed later (a node not yet up, a timeout). Default false. */
  retryable?: boolean;
}

export class BaseError extends Error {
  override name = "PeperError";
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly retryable: boolean;

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const message = parameters.details ? `${shortMessage}\n\nDetails: ${parameters.details}` : shortMessage;
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.shortMessage = shortMessage;
    this.details = parameters.details;
    this.retryable = parameters.retryable ?? false;
  }
}
