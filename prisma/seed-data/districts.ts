// Seed-side facts about Changsha's 9 county-level divisions (the District rows themselves come from a
// migration): GB/T 2260 division codes (USCC positions 3–8), the civil-affairs bureau that registers
// social organizations there, and a few road names for fictional addresses.
export type DistrictCode =
  | "furong"
  | "tianxin"
  | "yuelu"
  | "kaifu"
  | "yuhua"
  | "wangcheng"
  | "changsha_county"
  | "liuyang"
  | "ningxiang";

export interface DistrictInfo {
  code: DistrictCode;
  nameZh: string;
  division: string; // GB/T 2260
  civilAffairs: string; // 区(县、市)民政局
  roads: string[];
}

export const CITY_DIVISION = "430100";
export const CITY_CIVIL_AFFAIRS = "长沙市民政局";

export const DISTRICTS: DistrictInfo[] = [
  { code: "furong", nameZh: "芙蓉区", division: "430102", civilAffairs: "长沙市芙蓉区民政局", roads: ["五一大道", "解放中路", "八一路", "车站北路"] },
  { code: "tianxin", nameZh: "天心区", division: "430103", civilAffairs: "长沙市天心区民政局", roads: ["芙蓉中路", "书院路", "湘府西路", "新姚南路"] },
  { code: "yuelu", nameZh: "岳麓区", division: "430104", civilAffairs: "长沙市岳麓区民政局", roads: ["麓山南路", "桐梓坡路", "岳麓大道", "枫林三路"] },
  { code: "kaifu", nameZh: "开福区", division: "430105", civilAffairs: "长沙市开福区民政局", roads: ["芙蓉北路", "三一大道", "湘江北路", "金霞路"] },
  { code: "yuhua", nameZh: "雨花区", division: "430111", civilAffairs: "长沙市雨花区民政局", roads: ["劳动东路", "韶山中路", "万家丽中路", "环保中路"] },
  { code: "wangcheng", nameZh: "望城区", division: "430112", civilAffairs: "长沙市望城区民政局", roads: ["雷锋大道", "金星北路", "旺旺路", "郭亮路"] },
  { code: "changsha_county", nameZh: "长沙县", division: "430121", civilAffairs: "长沙县民政局", roads: ["星沙大道", "东六路", "开元东路", "漓湘路"] },
  { code: "liuyang", nameZh: "浏阳市", division: "430181", civilAffairs: "浏阳市民政局", roads: ["金沙北路", "白沙路", "康万路", "道吾路"] },
  { code: "ningxiang", nameZh: "宁乡市", division: "430182", civilAffairs: "宁乡市民政局", roads: ["玉潭路", "金洲大道", "花明路", "一环北路"] },
];

export const DISTRICT_BY_CODE: Record<DistrictCode, DistrictInfo> = Object.fromEntries(DISTRICTS.map((d) => [d.code, d])) as Record<
  DistrictCode,
  DistrictInfo
>;

export const ALL_DISTRICT_CODES = DISTRICTS.map((d) => d.code);

export type CategoryCode = "skills_training" | "legal_aid" | "psych_counselling" | "employment" | "cadre_training";
export const ALL_CATEGORY_CODES: CategoryCode[] = ["skills_training", "legal_aid", "psych_counselling", "employment", "cadre_training"];

export const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "周", "吴", "谭", "彭", "曾", "罗", "唐", "邓", "蒋", "廖", "贺", "肖", "胡"];
export const GIVEN_NAMES = ["建华", "晓岚", "志强", "丽娟", "海燕", "国庆", "文斌", "雪梅", "立新", "佳怡", "子涵", "红霞", "伟", "敏", "静", "平安", "德明", "秋萍", "湘宁", "岳峰"];
