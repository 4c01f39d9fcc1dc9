// The load of `npm run bench:healthz`, in a process of its own: sign-ins, signature reports and
// junk passkey registrations at once for `seconds`. Started at nice 19 by the bench, so on a
// shared 2-core machine it stands in for clients on other machines instead of taking the
// server's cores. Prints one JSON line: the requests and 2xx/other counts of each load.
import autocannon from 'autocannon';

const { url, seconds, users, itemId, adminToken, halfToken } = JSON.parse(process.argv[2]!) as {
  url: string;
  seconds: number;
  users: { email: string; password: string }[];
  itemId: string;
  adminToken: string;
  halfToken: string;
};
let n = 0;
const junkPasskey = {
  challengeId: 'chl_junk',
  label: 'x',
  credential: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' }, clientExtensionResults: {} },
};
const results = await Promise.all([
  autocannon({
    url,
    connections: 10,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        setupRequest: (r) => ({ ...r, body: JSON.stringify(users[n++ % users.length]) }),
      },
    ],
  }),
  autocannon({
    url,
    connections: 2,
    duration: seconds,
    requests: [{ method: 'GET', path: `/api/v1/items/${itemId}/signature-report`, headers: { authorization: `Bearer ${adminToken}` } }],
  }),
  autocannon({
    url,
    connections: 2,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/me/factors/webauthn',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${halfToken}` },
        body: JSON.stringify(junkPasskey),
      },
    ],
  }),
]);
console.log(JSON.stringify(results.map((r) => ({ total: r.requests.total, ok: r['2xx'], other: r.non2xx }))));
