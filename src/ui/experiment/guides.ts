// Guided lessons for classroom links (`guide=<id>` in the URL): a title and a few short steps that tell the
// learner what to press and what to watch, optionally also in Chinese (`zh`, shown with the Chinese corpus).
// Shown by controls/GuidePanel.tsx; ids are validated by schema.ts.

export interface Guide {
  title: string;
  steps: string[];
  /** The same lesson in Chinese, shown when the corpus (or, for a lesson, `lang`) is Chinese. */
  zh?: { title: string; steps: string[] };
  /** A lesson from the GPT papers (engine/lessons): the page shows the lesson runner instead of the stages. */
  lesson?: boolean;
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
  'gpt1-heads': {
    lesson: true,
    title: 'GPT-1: fine-tuning with a task head',
    steps: [
      'GPT-1 was first pretrained as a language model, then fine-tuned for each task with one small linear layer on top, a task head. The input is rewritten so one model reads every task: a start token, the text, and an extract token; the head reads the model\'s final state at the extract token.',
      'Press Run lesson. A small model first pretrains on the stories (the loss chart). Then it is fine-tuned twice on the same labelled sentences: with λ = 0.5, the task loss plus half the language-model loss (L3 = L2 + λ·L1, as in the paper), and with λ = 0, the task loss alone.',
      'Watch the held-out accuracy chart. Both runs start near chance (the dashed line) because the head starts random. Does the auxiliary language-model loss help? GPT-1 found it helped on the larger datasets; the chart shows what it does here.',
    ],
    zh: {
      title: 'GPT-1：用任务头微调',
      steps: [
        'GPT-1 先作为语言模型预训练，再为每个任务在顶上加一个小小的线性层（任务头）进行微调。输入被改写成同一种形式：开始符、文本、抽取符；任务头读取模型在抽取符处的最终状态。',
        '按“运行课程”。小模型先在故事上预训练（看损失曲线），然后在同一批带标签的句子上微调两次：一次 λ = 0.5，即任务损失加一半语言模型损失（L3 = L2 + λ·L1，与论文相同）；一次 λ = 0，只用任务损失。',
        '看留出集准确率曲线。两次微调都从接近随机猜测（虚线）开始，因为任务头的初始值是随机的。辅助的语言模型损失有没有帮助？GPT-1 发现它在较大的数据集上有帮助；图上是它在这里的效果。',
      ],
    },
  },
  'zero-shot': {
    lesson: true,
    title: 'GPT-2: zero-shot — the task is part of the input',
    steps: [
      'GPT-2\'s claim: a language model that reads enough text learns tasks nobody trained it on, because tasks occur naturally inside text. It models p(output | input, task), and the task is just more input.',
      'This lesson\'s corpus mixes simple sentences with four tasks written as text: "The first letter of bim is b.", "The last letter of bim is m.", "In capitals, bim is BIM." and "1 plus 23 is 24.". The model is only pretrained, never fine-tuned.',
      'Press Run lesson. Every so often the model is asked held-out questions (made-up words and sums that never occur in the text), phrased with the task\'s words only and no example: zero-shot. The chart shows each task\'s accuracy against pretraining steps. A guess at a letter is right about 1 time in 18.',
      'Look for the step where a task\'s accuracy leaves zero: the model has learned that task from text alone, as a rule that carries over to words it never saw. The first-letter and last-letter questions give the same kind of word; only the task\'s words say which letter to answer. At this size, an answer a few characters after what it depends on is learned first. In the 1,000-step run we measured on English text, the letter questions rose (their answer stands 5 to 7 characters after the word), while capitals (three letters, all right) and the sums stayed near zero; on the Chinese text, where the sum stands closest to its number, the sums rose first. Try a longer run with lesson.steps in the link.',
    ],
    zh: {
      title: 'GPT-2：零样本——任务就是输入的一部分',
      steps: [
        'GPT-2 的观点：读过足够多文本的语言模型，能学会没人专门教过的任务，因为任务本来就自然地出现在文本里。它建模的是 p(输出 | 输入, 任务)，而任务只是输入的一部分。',
        '本课的语料把简单的句子和四种写成文字的任务混在一起：“bim的第一个字母是b。”“bim的最后一个字母是m。”“bim的大写是BIM。”“1加23等于24。”模型只做预训练，从不微调。',
        '按“运行课程”。每隔一段时间，模型会被问一些留出的问题（文本里从未出现过的编造的词和加法），只用任务的说法提问，不给任何例子：这就是零样本。图上是每个任务的准确率随预训练步数的变化。随便猜一个字母，大约 18 次才对 1 次。',
        '找出每个任务的准确率离开零的那一步：模型仅从文本就学会了这个任务，而且是一条能推广到没见过的词的规则。“第一个字母”和“最后一个字母”的问题给的是同一种词，只有任务的说法决定该答哪个字母。这么小的模型，先学会的是答案离它所依据的字很近的任务。在我们测量的 1000 步训练里（中文语料），加法最先学会（答案离要抄的数字只有 4 个字），到第 1000 步答对 57%；字母问题的答案离那个词有 9、10 个字，一直接近瞎猜的水平；大写要三个字母都对，一直是零。英文语料里字母问题的答案离得近，是它们先学会。可以在链接里调大 lesson.steps，训练得更久。',
      ],
    },
  },
  'in-context': {
    lesson: true,
    title: 'GPT-3: learning from examples in the prompt',
    steps: [
      'GPT-3 showed that a model can pick up a task from a few examples in its prompt, with no gradient update: zero-, one- and few-shot prompting.',
      'Here every block of training text carries its own secret code: every symbol of the block maps to one fresh capital letter (7>Q, b>Q, …). Only the context reveals the code, so the model must learn to read it.',
      'Press Run lesson. At a few checkpoints the model answers held-out queries with k = 0, 1, 2, 4 and 8 examples of the same code in the prompt. With k = 0 it can only guess (1 in 26); the chart shows accuracy rising with k, and when during training that ability appears.',
      'When training ends, the attention map shows the head that looks at what followed earlier occurrences of the current token (an induction head): at each ">" it looks at the letters after the earlier ">" and copies the answer from the examples.',
    ],
    zh: {
      title: 'GPT-3：从提示中的例子学习',
      steps: [
        'GPT-3 表明，模型能从提示中的几个例子学会一个任务，而不需要任何梯度更新：零样本、单样本和少样本提示。',
        '这里每段训练文本都带着自己的暗号：这一段里的每个符号都对应同一个新的方位词（猫>东、米>东……），用例子展示出来。只有上下文能揭示暗号，所以模型必须学会读懂上下文。',
        '按“运行课程”。在几个检查点，模型回答留出的查询，提示中给出同一暗号的 k = 0、1、2、4、8 个例子。k = 0 时只能瞎猜（16 选 1）；图上显示准确率随 k 上升，以及这种能力在训练中何时出现。',
        '训练结束后，注意力图显示那个看向“当前字符此前出现之后紧跟的字符”的头（归纳头）：在每个“>”处，它看向前面各个“>”后面的字，把答案从例子里抄过来。',
      ],
    },
  },
  'chain-of-thought': {
    lesson: true,
    title: 'GPT-3.5: chain of thought',
    steps: [
      'Later models answer multi-step problems better when they write the intermediate steps first: chain of thought.',
      'The problems here are counting on in the alphabet: "d3" asks for the letter 3 places after d (after z comes a again). Two models of the same size train for the same number of steps on the same problems. One sees only the answers ("d3=g"); the other sees every letter it passes written out with the count still to go ("d3e2f1g").',
      'Press Run lesson. Both models then answer problems held out of their training (not even inside a worked line). The chart shows, by the number of steps needed, how often the direct model names the right letter and how often the other writes the whole worked line right; the table below it shows what each wrote.',
      'Why it helps: each written character follows from the two before it by one of two small rules (the next letter; one less), which the model learns for every letter and count. The direct model has to know the answer for every pair of letter and count at once; for a pair it never saw it can only guess (1 in 26).',
    ],
    zh: {
      title: 'GPT-3.5：思维链',
      steps: [
        '后来的模型在先写出中间步骤时，能更好地解答多步问题：这就是思维链。',
        '这里的题目是按《千字文》的顺序往后数：“天三”问的是“天”往后数第 3 个字（天地玄黄宇宙洪荒……，数到第 26 个字“余”之后再从“天”接着数）。两个同样大小的模型，在同样的题目上训练同样多的步数。一个只看到答案（“天三=黄”）；另一个看到数过的每个字和还要数几个（“天三地二玄一黄”）。',
        '按“运行课程”。两个模型随后回答训练中没有出现过的题目（连在别的题的步骤里也没有出现过）。图上按需要的步数，显示直接作答的模型说对那个字的比例，以及另一个模型整行步骤都写对的比例；图下的表格是它们实际写出的内容。',
        '为什么有用：写出的每个字都由它前面的两个字按两条小规则之一得出（下一个字；少一个），模型对每个字、每个数都学会了这两条规则。直接作答的模型必须一下子知道每一对“字和数”的答案；没见过的那一对，它只能瞎猜（26 选 1）。',
      ],
    },
  },
};

