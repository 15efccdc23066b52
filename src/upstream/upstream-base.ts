/** An upstream base URL split once at start-up, so no request parses it again. */
export interface UpstreamBase {
  /** `scheme://host:port` */
  readonly origin: string;
  /** Path prefix before the API path, without a trailing slash ('' for most upstreams). */
  readonly basePath: string;
}

export function parseUpstreamBase(url: string): UpstreamBase {
  const parsed = new URL(url);
  return { origin: parsed.origin, basePath: parsed.pathname.replace(/\/+$/, '') };
}
