// The one fetch wrapper. Authentication is the HttpOnly session cookie (`signoff_session`, or
// `__Host-signoff_session` over https: the browser sends either alike); every unsafe
// request carries the CSRF token from the login/setup/session response, which is kept in
// memory only (never in storage) and refetched with GET /auth/session on page load.
import { ApiProblem, type ProblemBody } from './problem.ts';

let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

// Told when a signed-in call answers 401 (session expired or revoked elsewhere), so the
// session provider can fall back to the login page.
let onUnauthenticated: (() => void) | undefined;
export function setUnauthenticatedHandler(handler: (() => void) | undefined): void {
  onUnauthenticated = handler;
}

// Told when the server holds this user at enrollment (hard enforcement: 403
// two_factor_enrollment_required from every route but their own factors, session and logout),
// so the app can go to the enrollment page whatever page made the call.
let onEnrollmentRequired: (() => void) | undefined;
export function setEnrollmentRequiredHandler(handler: (() => void) | undefined): void {
  onEnrollmentRequired = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiProblem(0, {
      code: 'network_error',
      title: 'Signoff could not be reached',
      detail: 'Check your connection and try again.',
    });
  }

  const text = res.status === 204 ? '' : await res.text();
  const data: unknown = text ? safeParse(text) : undefined;
  if (!res.ok) {
    const retry = Number(res.headers.get('Retry-After'));
    const problem = isObject(data) ? (data as ProblemBody) : { title: res.statusText };
    if (res.status === 401 && problem.code === 'unauthenticated' && !path.startsWith('/auth/')) onUnauthenticated?.();
    if (res.status === 403 && problem.code === 'two_factor_enrollment_required') onEnrollmentRequired?.();
    throw new ApiProblem(res.status, problem, Number.isFinite(retry) && retry > 0 ? retry : undefined);
  }
  return data as T;
}

const safeParse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  /** A body is optional: DELETE /me/factors/{id} carries the second-factor proof in it. */
  delete: <T = void>(path: string, body?: unknown) => request<T>('DELETE', path, body),
};

/**
 * Sends a file as the raw request body (POST, application/octet-stream) and reports upload
 * progress as a fraction from 0 to 1. XMLHttpRequest because fetch has no upload progress.
 */
export function uploadFile<T>(path: string, file: Blob, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () =>
      reject(
        new ApiProblem(0, { code: 'network_error', title: 'Signoff could not be reached', detail: 'The upload stopped. Check your connection and try again.' }),
      );
    xhr.onload = () => {
      const data = xhr.responseText ? safeParse(xhr.responseText) : undefined;
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(data as T);
        return;
      }
      const retry = Number(xhr.getResponseHeader('Retry-After'));
      const problem = isObject(data) ? (data as ProblemBody) : { title: xhr.statusText };
      if (xhr.status === 401 && problem.code === 'unauthenticated') onUnauthenticated?.();
      reject(new ApiProblem(xhr.status, problem, Number.isFinite(retry) && retry > 0 ? retry : undefined));
    };
    xhr.send(file);
  });
}
