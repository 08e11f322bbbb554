/** A request the platform refuses: 404 (unknown service or scenario) or 409 (conflict). */
export class PlatformRefusal extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PlatformRefusal';
  }
}
