import { safeDecodeURIComponent } from './safe-decode-uri-component.js';

const MODEL_PREFIX = '/v1/models/';

/** `GET /v1/models` or `GET /v1/models/{id}`: both API families serve these paths, each in its own shape. */
export type ModelsRoute = { readonly kind: 'list' } | { readonly kind: 'model'; readonly id: string };

export function matchModelsRoute(method: string, pathname: string): ModelsRoute | undefined {
  if (method !== 'GET') return undefined;
  if (pathname === '/v1/models') return { kind: 'list' };
  if (pathname.startsWith(MODEL_PREFIX) && pathname.length > MODEL_PREFIX.length) {
    return { kind: 'model', id: safeDecodeURIComponent(pathname.slice(MODEL_PREFIX.length)) };
  }
  return undefined;
}
