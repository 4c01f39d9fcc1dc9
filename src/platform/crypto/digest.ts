import { createHash, createHmac } from 'node:crypto';

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

export const hmacHex = (key: Uint8Array, data: string): string => createHmac('sha256', key).update(data).digest('hex');
