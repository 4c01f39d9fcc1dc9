// The data of the Security page's cards: the signed-in user's factors (GET /me/factors) and
// what a change to them makes stale. Each card reads the factors itself; the page loads them.
import { useCallback } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { myFactorsQuery, queryKeys } from '../../api/queries.ts';
import type { MyFactors } from '../../api/types.ts';

/**
 * The factors as the page loaded them, or undefined before. A card mounting does not ask the
 * server again (the page's own query did, and every change invalidates it: useFactorsChanged).
 */
export function useMyFactors(): MyFactors | undefined {
  return useQuery({ ...myFactorsQuery, refetchOnMount: false }).data;
}

/**
 * After a change to factors, backup codes or trusted devices: the factors reload, and items and
 * tasks are forgotten (they say what this user may do now, and a step needing 2FA is open to
 * them only with a factor), so no page shows a verdict from before the change.
 */
export function useFactorsChanged(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.myFactors });
    queryClient.removeQueries({ queryKey: queryKeys.items });
    queryClient.removeQueries({ queryKey: queryKeys.tasks });
  }, [queryClient]);
}
