/**
 * The errors routes answer with. A module of its own (no imports), so any layer — the auth helpers,
 * the context, the routes — can throw them without importing the context.
 */

/**
 * An error a route answers with: HTTP status, a stable machine-readable `code`, a message the user can
 * act on, and the request field at fault when there is one.
 */
export class ApiError extends Error {
  override name = "ApiError";
  readonly statusCode: number;
  readonly code: string;
  readonly field: string | undefined;
  /** Extra headers (Retry-After). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    statusCode: number,
    code: string,
    message: string,
    options: { field?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.field = options.field;
    this.headers = options.headers ?? {};
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, "not-found", `${what} was not found.`);
