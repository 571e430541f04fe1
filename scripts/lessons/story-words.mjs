// The word lists of the stories' world (characters, places, toys, feelings), shared by the story and instruction
// grammars in make-datasets.mjs and by the lessons that build on them (task-heads.mjs). Tested through
// make-datasets.test.ts (the stories regenerate byte for byte) and task-heads.test.ts.

export const EN_GIRLS = ['Lily', 'Mia', 'Anna', 'Sue', 'Zoe', 'Emma', 'Lucy', 'Amy'];
export const EN_BOYS = ['Tom', 'Ben', 'Sam', 'Max', 'Jack', 'Leo', 'Tim', 'Bob'];
export const EN_ANIMALS = ['cat', 'dog', 'bunny', 'bear', 'duck', 'fox', 'frog', 'bird'];
export const EN_TRAITS = ['little', 'kind', 'happy', 'curious', 'brave', 'shy', 'friendly', 'small'];
export const EN_HOMES = ['in a small house', 'in a big tree', 'on a farm', 'in a cozy hole', 'in a little town', 'by the sea'];
export const EN_PLACES = ['park', 'forest', 'beach', 'garden', 'lake', 'hill', 'farm', 'river', 'playground', 'meadow'];
export const EN_LIKES = [
  'play with a ball', 'run in the grass', 'sing songs', 'draw pictures', 'jump in puddles',
  'read books', 'look at the stars', 'dig in the sand', 'pick flowers', 'help {his} mom',
];
export const EN_FAMILY = ['mom', 'dad', 'grandma', 'grandpa', 'big sister', 'big brother'];
export const EN_WEATHER = [
  'The sun was shining and the sky was blue.', 'It was a warm and sunny day.',
  'The wind was soft and the birds were singing.', 'There were many pretty flowers everywhere.',
  'The air was cool and fresh.',
];
export const EN_COLORS = ['red', 'blue', 'yellow', 'green', 'pink', 'shiny', 'big', 'little'];
export const EN_TOYS = ['ball', 'kite', 'hat', 'boat', 'toy car', 'balloon', 'teddy bear', 'drum'];
export const EN_FOUND = ['a shiny rock', 'a tiny egg', 'a big box', 'a red leaf', 'a little key', 'an old map', 'a soft feather'];
export const EN_TREATS = ['cookies', 'apples', 'candies', 'cakes', 'grapes'];
export const EN_FEARS = ['climb the big hill', 'swim in the lake', 'ride the big swing', 'cross the old bridge', 'go down the tall slide'];
export const EN_NUMBERS = ['two', 'three', 'four', 'five'];
export const ZH_GIRLS = ['小红', '小兰', '乐乐', '美美', '小花', '丽丽'];
export const ZH_BOYS = ['小明', '小华', '丁丁', '小刚', '小东', '亮亮'];
export const ZH_ANIMALS = ['小猫', '小狗', '小兔', '小熊', '小鸭', '小鸟'];
export const ZH_TRAITS = ['可爱的', '聪明的', '勇敢的', '快乐的', '善良的'];
export const ZH_HOMES = ['山下的一个小房子里', '河边的一个小村子里', '森林里的一棵大树下', '城里的一个小家里'];
export const ZH_PLACES = ['公园', '森林', '河边', '花园', '海边', '山上', '草地', '学校'];
export const ZH_LIKES = ['画画', '唱歌', '看书', '放风筝', '跑步', '看星星', '种花'];
export const ZH_FAMILY = ['妈妈', '爸爸', '奶奶', '爷爷', '哥哥', '姐姐'];
export const ZH_WEATHER = ['天气很好,太阳红红的。', '天很蓝,风很小。', '小鸟在树上唱歌。', '到处都是美丽的花。'];
export const ZH_COLORS = ['红色的', '蓝色的', '黄色的', '绿色的', '白色的', '新'];
export const ZH_TOYS = ['气球', '风筝', '小球', '帽子', '小船', '玩具车'];
export const ZH_FOUND = ['一块小石头', '一片红叶子', '一个小盒子', '一根羽毛', '一把小钥匙'];
export const ZH_TREATS = ['苹果', '饼干', '糖果', '蛋糕'];
export const ZH_FEARS = ['爬上高高的山', '在河里游泳', '走过小木桥', '从大滑梯上滑下来'];
export const ZH_NUMBERS = ['两', '三', '四', '五'];
export const EN_FEELINGS = ['happy', 'sad', 'proud', 'excited', 'scared', 'very happy', 'a little sad'];
export const ZH_FEELINGS = ['开心', '高兴', '快乐', '难过', '害怕', '不开心'];
