// One interface between the editor and the core: call(command) -> result.
// Two implementations, chosen once at start-up (docs/app-api.md).
import type { ApiError, Request } from './types';
import { previewOrigin } from './preview-origin.js';

export interface Transport {
  readonly kind: 'tauri' | 'http';
  /**
   * Settled once the transport can be used by other means than `call`
   * (browser mode: the studio's key has been shown and its cookie set, so
   * the preview frame, the event stream and downloads are let in).
   */
  readonly ready: Promise<void>;
  call<T = unknown>(command: Request): Promise<T>;
  /** URL of the preview player (the real player output, target `preview`). */
  previewUrl(): string;
  /** URL of an asset of the open course, for thumbnails. */
  assetUrl(name: string): string;
}

/** Turns anything thrown into the `{code, message}` the UI shows. */
export function toApiError(e: unknown): ApiError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const o = e as { code: unknown; message: unknown };
    return { code: String(o.code) as ApiError['code'], message: String(o.message) };
  }
  if (typeof e === 'string') {
    try {
      return toApiError(JSON.parse(e));
    } catch {
      return { code: 'internal', message: e };
    }
  }
  if (e instanceof Error) {
    return { code: 'io', message: `Trellis could not reach the course engine (${e.message}). Is the app still running?` };
  }
  return { code: 'internal', message: 'Something went wrong.' };
}

function encodePath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

export function httpTransport(token: string | null, base = ''): Transport {
  // `trellis studio` turns its key into a cookie for its own address when
  // shown once; until then only `call`, which sends the key itself, works.
  const ready = token
    ? fetch(`${base}/api/session`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).then(
        () => undefined,
        () => undefined,
      )
    : Promise.resolve();
  return {
    kind: 'http',
    ready,
    async call<T>(command: Request): Promise<T> {
      await ready;
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (token) headers.Authorization = `Bearer ${token}`;
      let res: Response;
      try {
        res = await fetch(`${base}/api/call`, { method: 'POST', headers, body: JSON.stringify(command) });
      } catch (e) {
        throw toApiError(e);
      }
      const text = await res.text();
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      if (!res.ok) {
        if (body && typeof body === 'object' && 'message' in body) throw toApiError(body);
        throw {
          code: res.status === 401 ? 'bad_input' : 'internal',
          message: text || `The request failed (HTTP ${res.status}).`,
        } as ApiError;
      }
      return body as T;
    },
    previewUrl: () => `${base}/preview/`,
    assetUrl: (name) => `${base}/preview/assets/${encodePath(name)}`,
  };
}

/** The preview protocol's origin in this web view (its form differs on Windows). */
function tauriPreviewBase(): string {
  return previewOrigin(navigator.userAgent);
}

export function tauriTransport(): Transport {
  return {
    kind: 'tauri',
    ready: Promise.resolve(),
    async call<T>(command: Request): Promise<T> {
      const { invoke } = await import('@tauri-apps/api/core');
      try {
        return await invoke<T>('trellis_call', { command });
      } catch (e) {
        throw toApiError(e);
      }
    },
    previewUrl: () => `${tauriPreviewBase()}/`,
    assetUrl: (name) => `${tauriPreviewBase()}/assets/${encodePath(name)}`,
  };
}

export function isTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** The token from the `#token=` fragment of the URL the editor was opened with. */
export function tokenFromHash(hash: string): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(hash);
  return m ? decodeURIComponent(m[1]) : null;
}

/**
 * The desktop app's transport, or browser mode's with the studio's key:
 * from the `#token=` the studio printed (then taken out of the address
 * bar, so it is not shown or bookmarked), else the one this tab kept.
 */
export function chooseTransport(): Transport {
  if (isTauri()) return tauriTransport();
  const fromHash = tokenFromHash(location.hash);
  const token = fromHash ?? sessionStorage.getItem('trellis-token');
  if (token) sessionStorage.setItem('trellis-token', token);
  if (fromHash) history.replaceState(history.state, '', location.pathname + location.search);
  return httpTransport(token);
}
