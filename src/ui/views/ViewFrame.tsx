// The frame every view shares: title, a one-or-two-sentence "what am I looking at" caption, optional controls,
// and the view's body with an empty-state message over it until data arrives.
import type { ReactNode, Ref } from 'react';
import { t } from '../i18n/i18n';

interface Props {
  title: string;
  caption: ReactNode;
  controls?: ReactNode;
  /** Shown over the body while there is nothing to draw. */
  empty: string | null;
  testId?: string;
  rootRef?: Ref<HTMLElement>;
  children: ReactNode;
}

export function ViewFrame({ title, caption, controls, empty, testId, rootRef, children }: Props) {
  return (
    <section className="gl-view" data-testid={testId} ref={rootRef}>
      <h3>{title}</h3>
      <p className="gl-caption">{caption}</p>
      {controls && <div className="gl-controls">{controls}</div>}
      <div className="gl-body">
        {children}
        {empty && <div className="gl-empty">{empty}</div>}
      </div>
    </section>
  );
}

/** The empty-state line of the probe views. */
export function probeEmptyText(every: number): string {
  return t('views.probeEmpty', { every });
}
