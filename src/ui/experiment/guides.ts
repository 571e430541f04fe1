// Guided lessons for classroom links (`guide=<id>` in the URL): a title and a few short steps that tell the
// learner what to press and what to watch, optionally also in Chinese (`zh`, shown with the Chinese corpus).
// Shown by controls/GuidePanel.tsx; ids are validated by schema.ts.

export interface Guide {
  title: string;
  steps: string[];
  /** The same lesson in Chinese, shown when the corpus is Chinese. */
  zh?: { title: string; steps: string[] };
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
  'reward-hacking': {
    title: 'Reward hacking: why PPO needs the KL penalty',
    steps: [
      'Run the pipeline up to the reward model (stage 3), then open 4 · PPO-ptx. The reward model only approximates the labeler that ranked its data; PPO pushes the policy toward whatever the reward model scores high.',
      'Set β = 0 (no KL penalty) and the PPO learning rate to 0.0003, and press Train. Watch the curves: the reward-model score climbs, while the labeler score (the "true" preference) stalls or falls and the KL to the SFT model keeps growing. That gap is reward hacking. (With β = 0 at the default learning rate the KL already grows two to three times as large; the faster rate makes the damage show within 30 rollouts.)',
      'Look at the per-token KL heatmap: with β = 0 whole rows turn red, the policy has moved far from the SFT model, and the answers table shows odd answers the reward model still likes.',
      'Press Reset, set β back to 0.3 and the learning rate back to 0.0002 (the defaults) and train again. The KL stays far smaller, the heatmap paler, and the labeler score rises even though the reward-model score climbs less.',
      'Compare the reward-against-KL plot of both runs: without the penalty the score is bought with ever more KL.',
    ],
    zh: {
      title: '奖励破解：PPO 为什么需要 KL 惩罚',
      steps: [
        '先训练到奖励模型（第 3 阶段），再打开 4 · PPO-ptx。奖励模型只是近似了给数据排序的标注器；PPO 会把策略推向奖励模型打高分的任何东西。',
        '把 β 设为 0（没有 KL 惩罚），把 PPO 学习率设为 0.0003，按 Train。看曲线：奖励模型的分数上升，标注器的分数（“真实”偏好）停滞或下降，与 SFT 模型的 KL 不断增大。这个差距就是奖励破解。（在默认学习率下 β = 0 的 KL 已是原来的两三倍；学习率更大时，30 次采样之内就能看到损害。）',
        '看逐词 KL 热图：β = 0 时整行变红，策略已远离 SFT 模型；回答表里是奖励模型仍然喜欢的怪回答。',
        '按 Reset，把 β 改回 0.3、学习率改回 0.0002（默认值）再训练。KL 小得多，热图颜色更浅；奖励模型的分数涨得少一些，标注器的分数却在上升。',
        '比较两次训练的“奖励-KL”图：没有惩罚时，分数是用越来越大的 KL 换来的。',
      ],
    },
  },
};
