// The model's size: layers, heads, width and context (the preset sets them; a change here overrides it).
// Exercised in the browser by the end-to-end suite (e2e/) through its data-testid hooks.
import { NumberControl } from './NumberControl';

export function ModelSize() {
  return (
    <div className="field-grid">
      <NumberControl id="layers" />
      <NumberControl id="heads" />
      <NumberControl id="width" hint="channels C" />
      <NumberControl id="context" hint="characters T" />
    </div>
  );
}
