// Attention for the probe text: pick a block and a head (or all heads as small multiples) and see, for each
// query position, how much it attends to each earlier key. Only the picks are React state.
import { useMemo, useState } from 'react';
import { useLab } from '../store/store';
import { AttentionHeatmap } from './AttentionHeatmap';
import { ProbeTextField } from './ProbeTextField';
import { Segmented } from './Segmented';
import { probeEmptyText, ViewFrame } from './ViewFrame';
import { useTranslation } from 'react-i18next';

type HeadPick = number | 'all';

export function AttentionView() {
  const [pickedLayer, setLayer] = useState(0);
  const [pickedHead, setHead] = useState<HeadPick>(0);
  const L = useLab((s) => s.attention?.L ?? s.experiment.model.nLayer);
  const NH = useLab((s) => s.attention?.NH ?? s.experiment.model.nHead);
  const empty = useLab((s) => s.attention === null);
  const every = useLab((s) => s.probes.every);
  const layer = Math.min(pickedLayer, L - 1);
  const head: HeadPick = pickedHead === 'all' ? 'all' : Math.min(pickedHead, NH - 1);
  const { t } = useTranslation();
  const heads = useMemo(() => (head === 'all' ? Array.from({ length: NH }, (_, h) => h) : [head]), [head, NH]);
  return (
    <ViewFrame
      title={t('attention.title')}
      caption={t('attention.caption')}
      controls={
        <>
          <Segmented label={t('attention.block')} value={layer} onChange={setLayer} options={Array.from({ length: L }, (_, l) => ({ value: l, label: String(l + 1) }))} />
          <Segmented<HeadPick> label={t('attention.head')} value={head} onChange={setHead} options={[...Array.from({ length: NH }, (_, h) => ({ value: h as HeadPick, label: String(h + 1) })), { value: 'all', label: t('attention.allHeads') }]} />
          <ProbeTextField />
        </>
      }
      empty={empty ? probeEmptyText(every) : null}
    >
      <AttentionHeatmap layer={layer} heads={heads} onPick={head === 'all' ? setHead : undefined} />
    </ViewFrame>
  );
}
