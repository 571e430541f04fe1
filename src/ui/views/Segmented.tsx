// A row of toggle buttons for picking one of a few values (layer, head).
interface Props<V> {
  label: string;
  options: { value: V; label: string }[];
  value: V;
  onChange: (v: V) => void;
}

export function Segmented<V extends string | number>({ label, options, value, onChange }: Props<V>) {
  return (
    <div className="gl-seg" role="group" aria-label={label}>
      <span>{label}</span>
      {options.map((o) => (
        <button key={o.value} type="button" aria-pressed={o.value === value} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}
