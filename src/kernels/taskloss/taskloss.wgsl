// Task loss of GPT-1 fine-tuning: softmax cross-entropy over class logits that are sums of head values. Example e
// has classes c = 0..n_e-1 and a label y_e; class j (a global slot) lists value indices terms[classStarts[j] ..
// classStarts[j+1]) and its logit is z_j = Σ values[i] over them (classification: one head output per class;
// GPT-1 similarity: the head outputs of both orderings; multiple choice: one score per choice). With E examples,
//   loss = (1/E) Σ_e −log softmax(z_e)[y_e],   accuracy = (1/E) Σ_e [argmax_c z_e == y_e] (first maximal class),
// written to out[outIndex], out[outIndex+1]; dvalues (Nv) OVERWRITTEN: (softmax(z_e)[c] − [c == y_e]) / E at
// each index listed under (e, c), 0 elsewhere. The host packer (taskloss.ts) checks every index < Nv and listed
// once, so no two invocations write one element. Softmax subtracts the row max (large logits do not overflow).
// One workgroup: invocation tid takes examples tid, tid+WG, …; (loss, accuracy) meet in a tree reduction,
// `workgroup_sum` (reduce/tree-reduce.ts), which the launcher appends. Checked against taskloss.ref.ts by
// taskloss.test.ts.

struct Params { Nv: u32, outIndex: u32, maxExamples: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>;     // metrics: loss, accuracy at outIndex
@group(0) @binding(1) var<storage, read_write> dvalues: array<f32>; // (Nv)
@group(0) @binding(2) var<storage, read> values: array<f32>;        // (Nv)
@group(0) @binding(3) var<storage, read> terms: array<u32>;         // (maxTerms) value indices
@group(0) @binding(4) var<storage, read> classStarts: array<u32>;   // (maxClasses+1)
@group(0) @binding(5) var<storage, read> exampleStarts: array<u32>; // (maxExamples+1) slots into classStarts
@group(0) @binding(6) var<storage, read> labels: array<u32>;        // (maxExamples) local class index
@group(0) @binding(7) var<storage, read> count: array<u32>;         // (1): E, the examples this step
@group(0) @binding(8) var<uniform> p: Params;

override WG: u32 = 64; // a power of two (tree reduction)
const MAX_CLASSES: u32 = 64u; // MAX_TASK_CLASSES in taskloss.ts

/** z_j: the sum of the values that class slot j lists. */
fn class_logit(j: u32) -> f32 {
  var z = 0.0;
  for (var t = classStarts[j]; t < classStarts[j + 1u]; t++) { z += values[terms[t]]; }
  return z;
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) tid: u32) {
  let E = min(count[0], p.maxExamples);
  for (var i = tid; i < p.Nv; i += WG) { dvalues[i] = 0.0; }
  storageBarrier();
  workgroupBarrier();

  let invE = 1.0 / f32(max(E, 1u));
  var acc = vec2<f32>(0.0);
  var z: array<f32, MAX_CLASSES>;
  for (var e = tid; e < E; e += WG) {
    let first = exampleStarts[e];
    let n = min(exampleStarts[e + 1u] - first, MAX_CLASSES);
    let y = labels[e];
    var zmax = -3.0e38;
    var best = 0u;
    for (var c = 0u; c < n; c++) {
      z[c] = class_logit(first + c);
      if (c == 0u || z[c] > zmax) { zmax = z[c]; best = c; }
    }
    var sum = 0.0;
    for (var c = 0u; c < n; c++) { sum += exp(z[c] - zmax); }
    acc += vec2<f32>(log(sum) - (z[y] - zmax), select(0.0, 1.0, best == y));
    for (var c = 0u; c < n; c++) {
      let g = (exp(z[c] - zmax) / sum - select(0.0, 1.0, c == y)) * invE;
      let j = first + c;
      for (var t = classStarts[j]; t < classStarts[j + 1u]; t++) { dvalues[terms[t]] = g; }
    }
  }
  let total = workgroup_sum(acc, tid); // (loss, accuracy) summed over examples
  if (tid == 0u) {
    out[p.outIndex] = total.x * invE;
    out[p.outIndex + 1u] = total.y * invE;
  }
}
