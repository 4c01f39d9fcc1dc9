import { describe, expect, it } from 'vitest';
import { fileKind, isUtf8Text } from './file-kind.ts';

const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('file kind from the first bytes', () => {
  it('knows PDFs and raster images by their signatures, whatever the name says', () => {
    expect(fileKind(bytes('%PDF-1.7\n'), 'report.bin')).toBe('pdf');
    expect(fileKind(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'x')).toBe('image');
    expect(fileKind(bytes([0xff, 0xd8, 0xff, 0xe0]), 'photo.txt')).toBe('image');
    expect(fileKind(bytes('GIF89a'), 'a.gif')).toBe('image');
    expect(fileKind(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '), 'a.webp')).toBe('image');
  });

  it('never renders markup: SVG and HTML are offered as downloads even with a text name', () => {
    expect(fileKind(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'), 'logo.svg')).toBe('other');
    expect(fileKind(bytes('<html><script>alert(1)</script></html>'), 'page.html')).toBe('other');
  });

  it('shows UTF-8 text files with a text name, not binary ones', () => {
    expect(fileKind(bytes('Batch 42: released\nŁukasz Żółć'), 'notes.md')).toBe('text');
    expect(fileKind(bytes('a,b\n1,2\n'), 'DATA.CSV')).toBe('text');
    expect(fileKind(bytes('plain words'), 'archive.zip')).toBe('other');
    expect(isUtf8Text(bytes([0xc3, 0x28]))).toBe(false);
    expect(isUtf8Text(bytes('nul\u0000byte'))).toBe(false);
  });
});
