// Item comments (the conversation on an item), typed from the server's zod contract.
import type { z } from 'zod';
import type { commentListSchema, commentViewSchema } from '../../../src/http/contract/comments.ts';
import { api } from './client.ts';

export type CommentView = z.infer<typeof commentViewSchema>;
export type CommentList = z.infer<typeof commentListSchema>;
export type Mentionable = CommentList['mentionable'][number];

const id = encodeURIComponent;

export const listComments = (itemId: string) => api.get<CommentList>(`/items/${id(itemId)}/comments`);
export const postComment = (itemId: string, body: { text: string; revision?: number }) => api.post<CommentView>(`/items/${id(itemId)}/comments`, body);
