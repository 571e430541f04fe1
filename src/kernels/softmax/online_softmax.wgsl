// Online softmax (Milakov & Gimelshein 2018), shared by softmax_forward.wgsl and crossentropy.wgsl (their
// launchers append ONLINE_SOFTMAX_WGSL from softmax.ts: this file and the tree reduction `workgroup_max_sum`
// over online_softmax_merge): a running (max, Σ exp(x − max)) that takes one value at a time, and the merge of
// two such pairs. Tested through softmax.test.ts and crossentropy.test.ts.

// Start value of a running max: finite, so merging two empty partials gives exp(0) * 0, never inf - inf.
const LOWEST = -3.402823e38;
const ONLINE_SOFTMAX_EMPTY = vec2<f32>(LOWEST, 0.0);

// (max, sum) after one more value x.
fn online_softmax_push(acc: vec2<f32>, x: f32) -> vec2<f32> {
  if (x > acc.x) { return vec2<f32>(x, acc.y * exp(acc.x - x) + 1.0); }
  return vec2<f32>(acc.x, acc.y + exp(x - acc.x));
}

// (max, sum) of the values of two partials.
fn online_softmax_merge(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let m = max(a.x, b.x);
  return vec2<f32>(m, a.y * exp(a.x - m) + b.y * exp(b.x - m));
}
