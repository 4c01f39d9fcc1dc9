// The directory (GET /directory): people and groups by name for admins and workflow owners,
// with ids, names and people's emails only (the workflow editor's reviewer picker).
import { api } from './client.ts';

export type DirectoryPerson = { id: string; name: string; email: string };
export type DirectoryGroup = { id: string; name: string };
export type Directory = { people: DirectoryPerson[]; groups: DirectoryGroup[] };

const DIRECTORY_MAX = 500;
export const searchDirectory = (q = '', limit = DIRECTORY_MAX) =>
  api.get<Directory>(`/directory?${new URLSearchParams({ q, limit: String(limit) }).toString()}`);
