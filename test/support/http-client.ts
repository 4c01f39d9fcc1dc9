// A small fetch wrapper for API tests: JSON in, {status, headers, body} out, bearer or cookie.
export type Response = { status: number; headers: Headers; body: any; text: string };

export type Client = {
  baseUrl: string;
  request(
    method: string,
    path: string,
    opts?: { body?: unknown; raw?: string | undefined; token?: string | undefined; headers?: Record<string, string> | undefined },
  ): Promise<Response>;
  get(path: string, token?: string): Promise<Response>;
  post(path: string, body?: unknown, token?: string): Promise<Response>;
  patch(path: string, body?: unknown, token?: string): Promise<Response>;
  delete(path: string, token?: string): Promise<Response>;
};

export function createClient(baseUrl: string): Client {
  const request: Client['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    if (opts.raw !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(baseUrl + path, { method, headers, ...(body === undefined ? {} : { body }), redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  return {
    baseUrl,
    request,
    get: (path, token) => request('GET', path, { token }),
    post: (path, body = {}, token) => request('POST', path, { body, token }),
    patch: (path, body = {}, token) => request('PATCH', path, { body, token }),
    delete: (path, token) => request('DELETE', path, { token }),
  };
}

/** The value of a Set-Cookie for `name`, or undefined. */
export function cookieFrom(res: Response, name: string): string | undefined {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const [k, v] = pair!.split('=');
    if (k === name) return v;
  }
  return undefined;
}
