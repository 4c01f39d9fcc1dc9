// PDF pages drawn by pdf.js (Mozilla's renderer, loaded only when a PDF is shown). Scripting
// stays off (pdf.js has none without its viewer's sandbox), pdf.js 6 no longer has the eval
// path of CVE-2024-4367, XFA forms are not rendered, and WebAssembly decoders stay off (the
// page's CSP allows no wasm). The document comes from bytes already fetched and checked.
import { useEffect, useRef, useState } from 'react';

/** Pages drawn at first; the rest on request, so a 300-page annex does not stall the phone. */
const FIRST_PAGES = 10;

type Progress = { pages: number; drawn: number; error?: string };

async function loadPdfJs() {
  const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  return pdfjs;
}

export function PdfPages({ bytes, name }: { bytes: Uint8Array; name: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [progress, setProgress] = useState<Progress>({ pages: 0, drawn: 0 });
  const [limit, setLimit] = useState(FIRST_PAGES);

  useEffect(() => {
    let cancelled = false;
    const host = container.current!;
    let destroy = () => {};
    (async () => {
      const pdfjs = await loadPdfJs();
      // pdf.js takes the buffer over (transfers it to its worker): hand it a copy.
      const task = pdfjs.getDocument({ data: bytes.slice(), enableXfa: false, useWasm: false });
      destroy = () => void task.destroy();
      const doc = await task.promise;
      if (cancelled) return;
      const pages = Math.min(doc.numPages, limit);
      setProgress({ pages: doc.numPages, drawn: 0 });
      host.replaceChildren();
      const ratio = window.devicePixelRatio || 1;
      for (let n = 1; n <= pages && !cancelled; n++) {
        const page = await doc.getPage(n);
        const width = host.clientWidth || 600;
        const viewport = page.getViewport({ scale: (width / page.getViewport({ scale: 1 }).width) * ratio });
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.className = 'pdf-page';
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', `${name}, page ${n} of ${doc.numPages}`);
        host.append(canvas);
        await page.render({ canvas, viewport }).promise;
        if (!cancelled) setProgress({ pages: doc.numPages, drawn: n });
      }
    })().catch((e: unknown) => {
      if (!cancelled) setProgress((p) => ({ ...p, error: e instanceof Error ? e.message : String(e) }));
    });
    return () => {
      cancelled = true;
      destroy();
    };
  }, [bytes, name, limit]);

  const drawing = !progress.error && (progress.pages === 0 || progress.drawn < Math.min(progress.pages, limit));
  return (
    <div className="pdf-view">
      <div ref={container} className="pdf-pages" />
      <p className="field-hint" role="status">
        {progress.error
          ? `This PDF could not be shown here (${progress.error}). Download it to read it.`
          : drawing
            ? progress.pages === 0
              ? 'Opening the PDF…'
              : `Drawing page ${progress.drawn + 1} of ${Math.min(progress.pages, limit)}…`
            : `${progress.pages} ${progress.pages === 1 ? 'page' : 'pages'}${progress.pages > limit ? `, first ${limit} shown` : ''}.`}
      </p>
      {!drawing && progress.pages > limit ? (
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => setLimit(progress.pages)}>
          Show all {progress.pages} pages
        </button>
      ) : null}
    </div>
  );
}
