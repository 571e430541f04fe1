// The preset registry: look a preset up by name with a clear error for unknown names. Tested by presets.test.ts.
import { DEFAULT_TRAIN, type TrainConfig } from '../config';
import type { Preset } from './preset';
import { shakespeareCharSize } from './shakespeare-char-size';
import { small } from './small';
import { tiny } from './tiny';

export type { Preset } from './preset';

export const PRESETS: readonly Preset[] = [tiny, small, shakespeareCharSize];

export function getPreset(name: string): Preset {
  const p = PRESETS.find((x) => x.name === name);
  if (!p) throw new Error(`unknown preset "${name}"; known presets: ${PRESETS.map((x) => x.name).join(', ')}`);
  return p;
}

/** The preset's training config over the defaults, then `overrides` over that. */
export function presetTrainConfig(p: Preset, overrides: Partial<TrainConfig> = {}): TrainConfig {
  return { ...DEFAULT_TRAIN, ...p.train, ...stripUndefined(overrides) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
