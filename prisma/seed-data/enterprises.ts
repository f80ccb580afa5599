// 21 enterprises (fictional) that post worker-service needs. Index 0 is the demo enterprise
// (enterprise@laborbridge.cn); its needs are spread over many lifecycle states.
import type { DistrictCode } from "./districts";

export interface EnterpriseSeed {
  name: string;
  district: DistrictCode;
  industry: string;
  employees: number;
  hasUnion: boolean;
}

export const ENTERPRISES: EnterpriseSeed[] = [
  { name: "长沙湘雨机械制造有限公司", district: "yuhua", industry: "装备制造", employees: 860, hasUnion: true },
  { name: "湖南星沙物流有限公司", district: "changsha_county", industry: "交通运输、仓储和邮政业", employees: 420, hasUnion: true },
  { name: "长沙麓谷电子科技有限公司", district: "yuelu", industry: "电子信息", employees: 1350, hasUnion: true },
  { name: "湖南芙蓉餐饮管理有限公司", district: "furong", industry: "住宿和餐饮业", employees: 310, hasUnion: false },
  { name: "长沙天心建筑工程有限公司", district: "tianxin", industry: "建筑业", employees: 980, hasUnion: true },
  { name: "湖南开福家政服务有限公司", district: "kaifu", industry: "居民服务业", employees: 260, hasUnion: false },
  { name: "长沙雨花汽车零部件有限公司", district: "yuhua", industry: "汽车零部件制造", employees: 1120, hasUnion: true },
  { name: "浏阳市金鼎烟花制造有限公司", district: "liuyang", industry: "烟花爆竹制造", employees: 540, hasUnion: true },
  { name: "宁乡市沩山食品有限公司", district: "ningxiang", industry: "食品加工", employees: 690, hasUnion: true },
  { name: "长沙望城电商产业园运营有限公司", district: "wangcheng", industry: "电子商务", employees: 180, hasUnion: false },
  { name: "湖南速达即时配送有限公司", district: "kaifu", industry: "即时配送", employees: 2300, hasUnion: true },
  { name: "长沙恒通纺织服装有限公司", district: "yuhua", industry: "纺织服装", employees: 620, hasUnion: false },
  { name: "湖南中南医疗器械有限公司", district: "tianxin", industry: "医疗器械", employees: 450, hasUnion: true },
  { name: "长沙岳麓智能装备有限公司", district: "yuelu", industry: "智能制造", employees: 780, hasUnion: true },
  { name: "湖南楚天商贸有限公司", district: "furong", industry: "批发和零售业", employees: 240, hasUnion: false },
  { name: "长沙星城保安服务有限公司", district: "yuhua", industry: "保安服务", employees: 1600, hasUnion: true },
  { name: "浏阳市经开生物医药有限公司", district: "liuyang", industry: "生物医药", employees: 530, hasUnion: true },
  { name: "宁乡市金洲新材料有限公司", district: "ningxiang", industry: "新材料", employees: 370, hasUnion: false },
  { name: "长沙黄花国际航空服务有限公司", district: "changsha_county", industry: "航空服务", employees: 900, hasUnion: true },
  { name: "湖南望城建材有限公司", district: "wangcheng", industry: "建材", employees: 290, hasUnion: false },
  { name: "长沙金霞冷链物流有限公司", district: "kaifu", industry: "冷链物流", employees: 350, hasUnion: true },
];
