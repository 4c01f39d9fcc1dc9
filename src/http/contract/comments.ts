// Wire shapes of item comments (API.md "Workflow revisions, reasons, due dates, delegation":
// POST /api/v1/items/{id}/comments {text, revision?} → 201 {id, at, author, text}; the answer
// also carries revision and mentions). The web UI reuses them.
import { z } from 'zod';

/** 1 to 4,000 characters after trimming; line breaks and tabs allowed, other control characters refused. */
const commentTextSchema = z
  .string()
  .trim()
  .min(1)
  .max(4000)
  .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, 'must not contain control characters');

export const commentBodySchema = z
  .object({
    text: commentTextSchema,
    /** The content version the comment is about; the item's current one by default. */
    revision: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

/** A guest author (`guest: true`) has their invite's id and reads as "Name (guest)". */
const personSchema = z.object({ id: z.string(), name: z.string(), email: z.string(), guest: z.literal(true).optional() });

/** A confirmed guest's comment (POST /api/v1/guest/{token}/comments): plain text, no revision (the current one), no mentions. */
export const guestCommentBodySchema = z.object({ guestSession: z.string().min(20).max(100).optional(), text: commentTextSchema }).strict();

export const commentViewSchema = z.object({
  id: z.string(),
  at: z.string(),
  author: personSchema,
  text: z.string(),
  revision: z.number().int(),
  mentions: z.array(personSchema),
});

export const commentListSchema = z.object({
  comments: z.array(commentViewSchema),
  /** People a comment may mention (everyone who can read the item but you), with the handle to type after @. */
  mentionable: z.array(personSchema.extend({ handle: z.string() })),
  currentRevision: z.number().int(),
});
