// A chart legend in HTML: a swatch (line, dashed line, dot or box) and a label per entry.
export interface LegendEntry {
  label: string;
  color: string;
  kind?: 'line' | 'dashed' | 'dot' | 'box';
  opacity?: number;
}

export function Legend({ entries }: { entries: LegendEntry[] }) {
  return (
    <div className="gl-legend">
      {entries.map((e) => (
        <span key={e.label}>
          <i className={`gl-swatch ${e.kind ?? 'line'}`} style={{ color: e.color, opacity: e.opacity ?? 1 }} />
          {e.label}
        </span>
      ))}
    </div>
  );
}
