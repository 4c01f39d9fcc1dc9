// The one QueryClient's defaults. Every read answers once: a refusal (401, 403, 404, 409…) is
// the answer, and a network failure is shown with its own "try again" rather than retried
// behind the user's back, so what a page shows never depends on a retry timer. Nothing
// refetches on focus or reconnect either; a page mounting (or a mutation invalidating its key)
// is what asks the server again, as before the cache. Cached answers are shown at once when a
// page comes back and refreshed in the background (staleTime 0).
import { QueryClient } from '@tanstack/react-query';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, staleTime: 0 },
      mutations: { retry: false },
    },
  });
}
