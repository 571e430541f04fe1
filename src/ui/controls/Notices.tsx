// Notices for the visitor (link problems, refused files, errors), each dismissible.
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { actions, useLab } from '../store/store';

export function Notices() {
  const notices = useLab((s) => s.notices);
  if (!notices.length) return null;
  return (
    <ul className="notices" aria-live="polite">
      {notices.map((n) => (
        <li key={n.id} className={`notice notice-${n.level}`} data-testid="notice" data-level={n.level}>
          <span>{n.text}</span>
          <button type="button" aria-label="Dismiss" onClick={() => actions.dismiss(n.id)} />
        </li>
      ))}
    </ul>
  );
}
