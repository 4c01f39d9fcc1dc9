// What an uploaded file is, decided from its first bytes (never from the name alone, and never
// from a type the uploader declared): the review page shows PDFs, raster images and UTF-8 text
// inline and offers everything else as a download. SVG and HTML are deliberately "other": they
// can carry script, and nothing uploaded is rendered as markup on our origin.
export type FileKind = 'pdf' | 'image' | 'text' | 'other';

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b);

const TEXT_NAMES = /\.(txt|text|md|markdown|csv|tsv|json|xml|ya?ml|log|ini|cfg|conf)$/i;

export function fileKind(bytes: Uint8Array, name: string): FileKind {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) || // PNG
    startsWith(bytes, [0xff, 0xd8, 0xff]) || // JPEG
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) || // GIF8
    (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) // RIFF....WEBP
  )
    return 'image';
  if (TEXT_NAMES.test(name) && isUtf8Text(bytes)) return 'text';
  return 'other';
}

/** Valid UTF-8 without NUL or other control characters besides tab, newline and carriage return. */
export function isUtf8Text(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u.test(text);
}
