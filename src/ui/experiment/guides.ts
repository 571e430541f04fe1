// Guided lessons for classroom links (`guide=<id>` in the URL): a title and a few short steps that tell the
// learner what to press and what to watch. Shown by controls/GuidePanel.tsx; ids are validated by schema.ts.

export interface Guide {
  title: string;
  steps: string[];
}

export const GUIDES: Record<string, Guide> = {
  'first-steps': {
    title: 'First steps: what pretraining learns',
    steps: [
      'A language model reads text one character at a time and learns to guess the next one. Pretraining is nothing more than that guessing game, repeated on every position of the text.',
      'The loss measures how surprised the model is by the true next character. Before training it spreads its guess evenly over all V characters, so the loss starts near ln V (shown below).',
      'Press Train and watch the loss chart. The first drop comes quickly: the model learns which characters are common (spaces, e, t). Slower progress follows as it learns spelling and then short words.',
      'Open the samples panel every few dozen steps: the generated text goes from random characters to word-like strings to short phrases.',
      'The validation loss is measured on text the model never trains on. When it stops falling while the training loss keeps dropping, the model is memorising rather than learning.',
    ],
  },
  attention: {
    title: 'Attention: watch the heads specialise',
    steps: [
      'Each attention head decides, for every position (a row, the query), how much to look at each earlier position (a column, the key). The rows of the heatmap each sum to 1.',
      'Press Train and look at the attention heatmaps at step 0: every head spreads its attention almost evenly over the past, so the rows look like smooth gradients.',
      'After a hundred or so steps, heads start to differ. Look for a head that puts nearly all its weight on the previous character (a bright line just below the diagonal), and one that looks back to spaces or the start of a word.',
      'Compare layers: heads in later layers can build on what earlier ones found, so their patterns are often less regular.',
      'Try a different seed and train again: heads specialise in similar ways, but which head does which job changes.',
    ],
  },
};
