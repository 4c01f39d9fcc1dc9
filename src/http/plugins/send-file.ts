// Streams an item's file as a download: never inline (the browser must not render an
// uploaded HTML or SVG on our origin), a header-safe name plus the RFC 5987 UTF-8 one, and the
// SHA-256 the item's content hash is, so a reader can check what they got.
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';

export function sendFile(reply: FastifyReply, file: { name: string; size: number; sha256: string; stream: Readable }) {
  reply.header('content-type', 'application/octet-stream');
  reply.header('content-length', String(file.size));
  reply.header(
    'content-disposition',
    `attachment; filename="${file.name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
  );
  reply.header('x-content-sha256', file.sha256);
  return reply.send(file.stream);
}
