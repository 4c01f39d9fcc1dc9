// Enrolled vs pending vs not enrolled as a donut: SVG circles whose stroke dashes are the
// segments (attributes only: the CSP forbids inline styles; colours come from styles.css).
type Segment = { key: string; label: string; value: number };

const R = 48;
const C = 2 * Math.PI * R;

export function CoverageDonut({ segments, center, caption }: { segments: Segment[]; center: string; caption: string }) {
  const total = segments.reduce((n, s) => n + s.value, 0);
  let offset = 0;
  return (
    <svg className="donut" viewBox="0 0 120 120" width="160" height="160" role="img" aria-label={caption}>
      <title>{caption}</title>
      <circle className="donut-track" cx="60" cy="60" r={R} fill="none" strokeWidth="16" />
      {total > 0
        ? segments
            .filter((s) => s.value > 0)
            .map((s) => {
              const length = (s.value / total) * C;
              const el = (
                <circle
                  key={s.key}
                  className={`donut-segment chart-${s.key}`}
                  data-segment={s.key}
                  cx="60"
                  cy="60"
                  r={R}
                  fill="none"
                  strokeWidth="16"
                  strokeDasharray={`${length} ${C - length}`}
                  strokeDashoffset={-offset}
                  transform="rotate(-90 60 60)"
                />
              );
              offset += length;
              return el;
            })
        : null}
      <text className="donut-value" x="60" y="60" textAnchor="middle" dominantBaseline="central">
        {center}
      </text>
      <text className="donut-label" x="60" y="80" textAnchor="middle">
        enrolled
      </text>
    </svg>
  );
}
