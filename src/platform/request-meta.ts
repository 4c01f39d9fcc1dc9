// What every audited action records about the request that caused it (the audit entry's ip and
// request id; the user agent where a notice names the browser). Shared by every domain.
export type RequestMeta = { ip: string; userAgent?: string | undefined; requestId?: string | undefined };
