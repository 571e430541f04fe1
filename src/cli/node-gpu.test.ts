// dawnFlags (node-gpu.ts): Dawn's toggles for shader-f16 and subgroup matrices are always passed, merged into
// one enable-dawn-features flag with any the caller gives, other flags kept. CPU only.
import { describe, expect, it } from 'vitest';
import { DAWN_TOGGLES, dawnFlags } from './node-gpu';

describe('dawnFlags', () => {
  it('adds the toggles, merges them with the caller\'s enable-dawn-features, keeps the other flags', () => {
    expect(dawnFlags('')).toEqual([`enable-dawn-features=${DAWN_TOGGLES.join(',')}`]);
    expect(dawnFlags('  backend=vulkan  ')).toEqual(['backend=vulkan', 'enable-dawn-features=allow_unsafe_apis,vulkan_enable_f16_on_nvidia']);
    expect(dawnFlags('enable-dawn-features=dump_shaders,allow_unsafe_apis backend=vulkan')).toEqual([
      'backend=vulkan', 'enable-dawn-features=dump_shaders,allow_unsafe_apis,vulkan_enable_f16_on_nvidia',
    ]);
  });
});
