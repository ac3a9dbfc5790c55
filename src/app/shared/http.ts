// WARNING: part of the main bundle and of the service worker. The app's one HTTP client:
// JSON in and out, a bearer token, and every failure as the server's { error, message }
// (src/domain/api/errors.ts) in an ApiError.
import type { ErrorBody } from '../../domain/api/errors.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's `error` code; `network` when the server could not be reached (status 0). */
    readonly code: string,
    message: string,
    /** Seconds the server asked us to wait (Retry-After), if it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PATCH';
  /** Sent as JSON. */
  body?: unknown;
  token?: string | null | undefined;
  signal?: AbortSignal | undefined;
  cache?: RequestCache;
  /** More request headers, e.g. the media download's Range. */
  headers?: Record<string, string>;
  /** Called on a 401 before the error is thrown: the admin screens end the session there. */
  onUnauthorized?: () => void;
  /**
   * An unreachable server is an ApiError with status 0 unless this is set; then fetch's own
   * TypeError is thrown, which the admin screens tell apart from a refusal (admin/errors.ts).
   * An abort is always thrown as fetch threw it.
   */
  fetchErrors?: 'as-thrown';
}

/** The response of a request the server answered with 2xx; anything else throws an ApiError. */
export async function send(path: string, request: HttpRequest = {}): Promise<Response> {
  const { method, body, token, signal, cache } = request;
  const headers = new Headers(request.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (body !== undefined) headers.set('content-type', 'application/json');
  let response: Response;
  try {
    response = await fetch(path, {
      ...(method ? { method } : {}),
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
      ...(cache ? { cache } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError' || request.fetchErrors === 'as-thrown') throw error;
    throw new ApiError(0, 'network', 'network error');
  }
  if (response.status === 401) request.onUnauthorized?.();
  if (!response.ok) {
    const answer = (await response.json().catch(() => ({}))) as Partial<ErrorBody>;
    const retry = Number(response.headers.get('retry-after')) || undefined;
    throw new ApiError(response.status, answer.error ?? 'error', answer.message ?? response.statusText, retry);
  }
  return response;
}

/** The JSON a request answers, typed by the caller from src/domain/api. */
export async function http<T>(path: string, request: HttpRequest = {}): Promise<T> {
  return (await (await send(path, request)).json()) as T;
}
