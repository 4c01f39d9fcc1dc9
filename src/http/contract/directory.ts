// The directory (README "Administration"): people and groups by name for admins and workflow
// owners, with only what a reviewer picker needs.
import { z } from 'zod';

export const directoryQuerySchema = z.object({
  q: z.string().max(100).default(''),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const directorySchema = z.object({
  people: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() }).strict()),
  groups: z.array(z.object({ id: z.string(), name: z.string() }).strict()),
});
