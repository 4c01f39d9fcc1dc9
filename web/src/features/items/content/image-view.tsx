import { useEffect, useRef, useState } from 'react';

/**
 * A raster image decoded from the fetched bytes and drawn on a canvas: no object URL, so the
 * page's CSP (img-src 'self' data:) stays as it is, and nothing is handed to the browser as a
 * document it might render.
 */
export function ImageView({ bytes, name }: { bytes: Uint8Array; name: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let bitmap: ImageBitmap | undefined;
    createImageBitmap(new Blob([bytes.slice()])).then(
      (b) => {
        bitmap = b;
        const c = canvas.current!;
        c.width = b.width;
        c.height = b.height;
        c.getContext('2d')!.drawImage(b, 0, 0);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
    return () => bitmap?.close();
  }, [bytes]);
  if (error) return <p className="field-hint">This image could not be shown here ({error}). Download it to see it.</p>;
  return <canvas ref={canvas} className="image-view" role="img" aria-label={name} />;
}
