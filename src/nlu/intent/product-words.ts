/**
 * Product words customers use, for the `product` entity. A lexicon rather than a model:
 * after-sales messages name the product in a handful of ways ("my earbuds", "那个电饭煲"), and
 * a shop extends this list with its own catalogue words. Longer entries are tried first, so
 * "electric toothbrush" wins over "toothbrush" and "蓝牙耳机" over "耳机".
 */
const zh = [
  '蓝牙耳机', '耳机', '手机壳', '手机', '平板', '电脑', '笔记本', '键盘', '鼠标', '显示器', '充电宝', '充电器', '充电线', '数据线',
  '手表', '手环', '音箱', '相机', '投影仪', '路由器', '电视', '冰箱', '洗衣机', '空调', '电饭煲', '空气炸锅', '微波炉', '烤箱',
  '吸尘器', '扫地机器人', '吹风机', '电动牙刷', '剃须刀', '咖啡机', '净水器', '加湿器', '电风扇', '台灯', '插座', '门锁',
  '衣服', '外套', '大衣', '羽绒服', '衬衫', 'T恤', '裤子', '牛仔裤', '裙子', '连衣裙', '毛衣', '卫衣', '内衣', '袜子', '鞋子', '鞋',
  '运动鞋', '靴子', '帽子', '包包', '背包', '钱包', '行李箱', '围巾', '手套', '眼镜', '面膜', '洗面奶', '口红', '香水', '护肤品',
  '床单', '被子', '枕头', '床垫', '沙发', '椅子', '桌子', '窗帘', '毛巾', '杯子', '保温杯', '水杯', '刀具', '帐篷',
  '玩具', '奶粉', '尿不湿', '纸尿裤', '湿巾', '猫粮', '狗粮', '零食', '茶叶', '水果', '自行车', '电动车', '头盔',
];

const en = [
  'wireless earbuds', 'earbuds', 'headphones', 'earphones', 'headset', 'phone case', 'phone', 'smartphone', 'tablet', 'ipad',
  'laptop', 'computer', 'keyboard', 'mouse', 'monitor', 'power bank', 'charger', 'charging cable', 'cable', 'smartwatch', 'watch',
  'speaker', 'camera', 'projector', 'router', 'tv', 'television', 'fridge', 'refrigerator', 'washing machine', 'air conditioner',
  'rice cooker', 'air fryer', 'microwave', 'oven', 'kettle', 'toaster', 'blender', 'vacuum', 'robot vacuum', 'hair dryer',
  'electric toothbrush', 'toothbrush', 'shaver', 'coffee machine', 'water filter', 'humidifier', 'fan', 'heater', 'lamp', 'printer',
  'drill', 'jacket', 'coat', 'shirt', 't-shirt', 'trousers', 'jeans', 'pants', 'dress', 'skirt', 'sweater', 'hoodie', 'socks',
  'shoes', 'trainers', 'sneakers', 'boots', 'hat', 'bag', 'backpack', 'wallet', 'suitcase', 'scarf', 'gloves', 'glasses',
  'face mask', 'face wash', 'lipstick', 'perfume', 'sheets', 'duvet', 'pillow', 'mattress', 'sofa', 'chair', 'desk', 'table',
  'curtains', 'towel', 'mug', 'cup', 'thermos', 'pan', 'pot', 'knife', 'tent', 'toy', 'stroller', 'wipes', 'cat food', 'dog food',
  'book', 'bike', 'bicycle', 'helmet',
];

const byLength = (a: string, b: string) => b.length - a.length;
const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

export const productPattern = new RegExp(
  `(${[...zh].sort(byLength).map(escape).join('|')})|\\b(${[...en].sort(byLength).map(escape).join('|')})(?:e?s)?\\b`,
  'i',
);
