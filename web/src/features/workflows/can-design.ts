import type { User } from '../../api/types.ts';

/** Who may create and edit workflows (API.md: roles admin or owner). */
export const canDesignWorkflows = (user: User) => user.roles.includes('admin') || user.roles.includes('owner');
