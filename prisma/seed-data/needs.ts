// Need templates per service category, and the texts bids, delivery reports and ratings draw from.
// `{ent}` is replaced by the enterprise's name, `{n}` by its head count.
import type { CategoryCode } from "./districts";

export interface NeedTemplate {
  title: string;
  description: string;
  beneficiaries: [number, number];
  sessions: [number, number];
  budgetYuan: [number, number];
}

export const NEED_TEMPLATES: Record<CategoryCode, NeedTemplate[]> = {
  skills_training: [
    { title: "叉车司机技能培训", description: "{ent}仓储和车间现有叉车作业岗位较多，部分职工尚未取得特种设备作业人员证。希望组织理论与实操培训并辅导取证，重点讲解安全操作规程和常见事故案例。", beneficiaries: [30, 60], sessions: [6, 10], budgetYuan: [30000, 60000] },
    { title: "电工作业人员安全技术培训", description: "为{ent}设备维修班组开展低压电工安全技术培训，覆盖电气安全规范、触电急救和故障排查实操，培训后组织参加特种作业操作证考核。", beneficiaries: [20, 40], sessions: [5, 8], budgetYuan: [25000, 50000] },
    { title: "焊工技能提升与等级认定培训", description: "{ent}焊接岗位职工技能等级偏低，希望开展二保焊、氩弧焊实操提升培训，并组织职业技能等级认定，帮助职工提升技能等级和收入。", beneficiaries: [20, 45], sessions: [8, 12], budgetYuan: [40000, 90000] },
    { title: "数控机床操作技能培训", description: "面向{ent}新转岗的数控操作工，开展数控车床、加工中心编程与操作培训，要求具备实训设备，培训内容结合企业实际加工零件。", beneficiaries: [15, 30], sessions: [8, 12], budgetYuan: [40000, 80000] },
    { title: "一线班组长管理技能培训", description: "{ent}现有班组长多由技术骨干提拔，缺乏系统管理培训。希望围绕班组安全管理、沟通激励、现场改善和质量意识开展系列培训。", beneficiaries: [30, 60], sessions: [4, 6], budgetYuan: [20000, 45000] },
    { title: "电商直播运营技能培训", description: "{ent}计划拓展直播销售渠道，希望为员工开展直播策划、短视频拍摄剪辑、店铺运营和平台规则培训，培养一批内部主播和运营人员。", beneficiaries: [25, 50], sessions: [6, 10], budgetYuan: [25000, 60000] },
    { title: "家政服务员（育婴员）技能培训", description: "为{ent}新招录的家政服务员开展育婴、保洁、烹饪和职业礼仪培训，培训合格后推荐参加育婴员职业技能等级认定。", beneficiaries: [40, 80], sessions: [8, 12], budgetYuan: [30000, 70000] },
    { title: "冷链仓储管理员技能培训", description: "{ent}冷库扩容后需要一批熟悉冷链温控、仓储信息系统和食品安全管理的仓管员，希望开展理论与现场结合的专项培训。", beneficiaries: [20, 40], sessions: [4, 8], budgetYuan: [20000, 40000] },
    { title: "餐饮服务人员食品安全与服务技能培训", description: "{ent}门店员工流动性大，希望集中开展食品安全知识、服务礼仪和投诉处理培训，并建立新员工岗前培训课程包。", beneficiaries: [60, 120], sessions: [4, 8], budgetYuan: [15000, 35000] },
    { title: "工业机器人运维技能培训", description: "{ent}生产线引入工业机器人后，需培养能够进行日常点检、示教编程和简单故障处理的运维人员，培训需配备机器人实训平台。", beneficiaries: [15, 30], sessions: [8, 12], budgetYuan: [60000, 120000] },
    { title: "农民工安全生产与职业健康培训", description: "{ent}现有职工约{n}人，农民工占比较高。希望在施工旺季前开展安全生产、职业病防护和应急逃生培训，采用案例教学和现场演练相结合的方式。", beneficiaries: [100, 300], sessions: [4, 8], budgetYuan: [15000, 40000] },
    { title: "新能源汽车维修技能培训", description: "{ent}售后服务人员需要掌握新能源汽车高压安全、电池管理系统检测和电机维修技能，希望开展专项培训并组织考核。", beneficiaries: [15, 30], sessions: [6, 10], budgetYuan: [50000, 100000] },
  ],
  legal_aid: [
    { title: "农民工工资拖欠法律援助", description: "{ent}分包项目曾出现农民工工资支付纠纷。希望由专业律师驻点提供欠薪维权咨询、证据收集指导和调解服务，并协助完善工资支付台账。", beneficiaries: [80, 200], sessions: [6, 12], budgetYuan: [30000, 80000] },
    { title: "劳动合同签订与管理普法讲座", description: "面向{ent}人力资源部门和职工代表开展劳动合同订立、变更、解除及经济补偿等内容的普法讲座，配套提供合同文本审查。", beneficiaries: [50, 150], sessions: [2, 4], budgetYuan: [8000, 20000] },
    { title: "新就业形态劳动者权益保障法律服务", description: "{ent}合作的配送骑手数量多，劳动关系形态复杂。希望为骑手提供职业伤害保障、劳动报酬、休息休假等方面的法律咨询和维权指导。", beneficiaries: [150, 400], sessions: [6, 10], budgetYuan: [40000, 90000] },
    { title: "工伤认定与职业病维权法律咨询", description: "为{ent}职工开展工伤认定、劳动能力鉴定和职业病诊断相关法律咨询，对重点个案提供全程指导，帮助职工依法维护合法权益。", beneficiaries: [40, 100], sessions: [4, 8], budgetYuan: [20000, 50000] },
    { title: "企业劳动用工合规体检", description: "{ent}希望邀请专业机构对劳动合同、规章制度、工时休假、社保缴纳等用工环节进行合规体检，出具体检报告和整改建议，预防劳动争议。", beneficiaries: [30, 80], sessions: [3, 6], budgetYuan: [30000, 70000] },
    { title: "劳动争议调解员能力培训与驻点调解", description: "{ent}已建立企业劳动争议调解委员会，希望对调解员开展能力培训，并安排专业调解员每月驻点，协助化解职工诉求。", beneficiaries: [20, 60], sessions: [6, 12], budgetYuan: [30000, 60000] },
    { title: "女职工权益保护专项法律服务", description: "围绕{ent}女职工劳动保护特别规定、孕产期权益和防止性骚扰开展专项普法和咨询服务，协助企业完善女职工权益保护专项集体合同。", beneficiaries: [60, 150], sessions: [3, 6], budgetYuan: [15000, 35000] },
    { title: "工资专项集体协商法律指导", description: "{ent}工会计划开展年度工资专项集体协商，希望由专业人员提供协商前的数据分析、方案测算、协商技巧培训和协议审查指导。", beneficiaries: [20, 40], sessions: [4, 6], budgetYuan: [20000, 45000] },
    { title: "职工法律体检与驻企律师服务", description: "为{ent}职工提供为期半年的驻企律师服务，每周固定时间现场接待，覆盖劳动、婚姻家庭、借贷等常见法律问题，并建立咨询台账。", beneficiaries: [100, 300], sessions: [12, 24], budgetYuan: [40000, 90000] },
    { title: "社会保险政策与待遇法律咨询", description: "{ent}职工对养老、医疗、工伤保险待遇和异地转移接续政策咨询需求较多，希望开展政策解读讲座和一对一咨询。", beneficiaries: [80, 200], sessions: [3, 6], budgetYuan: [10000, 25000] },
    { title: "派遣员工权益保障法律服务", description: "{ent}使用劳务派遣员工比例较高，希望为派遣员工提供同工同酬、退回规则和社保缴纳方面的法律咨询，并对用工协议进行审查。", beneficiaries: [60, 150], sessions: [4, 6], budgetYuan: [15000, 40000] },
    { title: "民法典与劳动法进车间普法活动", description: "在{ent}生产车间、职工食堂等场所开展民法典和劳动法律法规普法宣传，采用情景剧、有奖问答等形式，提高职工依法维权意识。", beneficiaries: [200, 500], sessions: [4, 8], budgetYuan: [8000, 20000] },
  ],
  psych_counselling: [
    { title: "新入职员工心理疏导讲座", description: "{ent}每年新入职员工较多，部分员工存在环境适应困难和情绪波动。希望开展入职适应、压力调节主题讲座，并对有需要的员工提供后续个体咨询。", beneficiaries: [80, 200], sessions: [3, 6], budgetYuan: [10000, 30000] },
    { title: "一线职工压力管理团体辅导", description: "{ent}一线职工倒班频繁、工作强度大，希望以班组为单位开展压力管理团体辅导，帮助职工识别压力源、掌握放松技巧。", beneficiaries: [60, 150], sessions: [6, 10], budgetYuan: [20000, 50000] },
    { title: "职工心理健康测评与建档", description: "为{ent}全体职工（约{n}人）开展心理健康状况测评，出具团体报告，对测评结果异常的职工进行回访和干预，建立职工心理健康档案。", beneficiaries: [200, 600], sessions: [4, 8], budgetYuan: [30000, 80000] },
    { title: "年度员工帮助计划（EAP）", description: "{ent}计划引入年度员工帮助计划，包含心理热线、每月驻场咨询、管理者培训和季度心理健康讲座，要求提供服务数据月报。", beneficiaries: [300, 800], sessions: [12, 24], budgetYuan: [80000, 200000] },
    { title: "快递外卖骑手情绪疏导服务", description: "{ent}配送骑手工作时间长、路面压力大，投诉纠纷引发情绪问题较多。希望在站点开展情绪疏导、冲突应对培训和驻点咨询。", beneficiaries: [150, 400], sessions: [6, 12], budgetYuan: [30000, 70000] },
    { title: "高温季节一线员工心理关爱", description: "夏季高温期间，{ent}户外和车间一线员工容易出现烦躁、疲劳等情绪。希望结合“送清凉”活动开展心理关爱讲座和减压体验活动。", beneficiaries: [100, 300], sessions: [3, 6], budgetYuan: [10000, 25000] },
    { title: "婚恋家庭关系辅导工作坊", description: "{ent}青年职工和异地务工职工较多，希望开展婚恋观念、夫妻沟通和家庭关系主题工作坊，帮助职工平衡工作与家庭。", beneficiaries: [40, 100], sessions: [4, 6], budgetYuan: [12000, 30000] },
    { title: "重大事件后心理危机干预", description: "{ent}近期发生一起安全生产事故，部分职工出现紧张、失眠等应激反应。希望尽快开展团体心理危机干预和个体哀伤辅导。", beneficiaries: [30, 80], sessions: [4, 8], budgetYuan: [20000, 50000] },
    { title: "管理人员沟通与情绪管理培训", description: "面向{ent}中基层管理人员开展非暴力沟通、情绪管理和下属心理问题识别培训，提升管理者关心关爱职工的能力。", beneficiaries: [30, 80], sessions: [3, 6], budgetYuan: [15000, 40000] },
    { title: "职工子女亲子沟通讲座", description: "{ent}职工普遍反映与子女沟通困难，希望在暑期前开展亲子沟通、青春期教育讲座和亲子互动活动。", beneficiaries: [60, 150], sessions: [2, 4], budgetYuan: [8000, 20000] },
    { title: "夜班职工睡眠与心理健康讲座", description: "{ent}夜班岗位职工占比较高，睡眠障碍和情绪问题突出。希望开展睡眠卫生、轮班适应和心理调适讲座，并提供睡眠状况筛查。", beneficiaries: [80, 200], sessions: [3, 5], budgetYuan: [10000, 25000] },
    { title: "女职工孕产期心理支持", description: "为{ent}孕期和哺乳期女职工提供心理支持小组、产后情绪筛查和返岗适应辅导，配合企业爱心妈咪小屋建设。", beneficiaries: [20, 60], sessions: [4, 8], budgetYuan: [12000, 30000] },
  ],
  employment: [
    { title: "青年职工职业规划与就业指导", description: "{ent}35岁以下青年职工占比较高，职业发展迷茫导致流失率上升。希望开展职业兴趣测评、职业规划工作坊和一对一生涯咨询。", beneficiaries: [60, 150], sessions: [4, 8], budgetYuan: [15000, 40000] },
    { title: "高校毕业生入职适应训练营", description: "为{ent}今年招录的应届高校毕业生开展为期两周的入职适应训练营，内容包括职场沟通、团队协作、职业素养和岗位认知。", beneficiaries: [30, 80], sessions: [6, 10], budgetYuan: [20000, 50000] },
    { title: "农民工返乡创业培训", description: "{ent}部分老员工有返乡创业意愿，希望开展创业意识、项目选择、财务基础和创业扶持政策培训，并对接创业导师。", beneficiaries: [30, 60], sessions: [6, 10], budgetYuan: [20000, 50000] },
    { title: "转岗职工再就业服务", description: "{ent}因产线自动化改造将有一批职工转岗或分流，希望提供职业测评、转岗技能培训推荐和外部就业岗位对接服务。", beneficiaries: [40, 120], sessions: [4, 8], budgetYuan: [30000, 80000] },
    { title: "大龄职工就业帮扶", description: "针对{ent}45岁以上大龄职工，开展数字技能、职业转换辅导和岗位推荐服务，帮助其稳定就业、适应岗位变化。", beneficiaries: [30, 80], sessions: [4, 6], budgetYuan: [15000, 35000] },
    { title: "残疾职工就业支持服务", description: "{ent}安置了一批残疾职工，希望引入专业机构提供岗位适配评估、辅助器具建议和就业辅导员跟踪支持服务。", beneficiaries: [10, 30], sessions: [6, 12], budgetYuan: [20000, 50000] },
    { title: "新业态从业人员职业发展辅导", description: "为{ent}合作的骑手、配送员提供职业发展通道介绍、技能提升方向咨询和转岗就业信息对接，帮助其规划长期职业发展。", beneficiaries: [100, 300], sessions: [4, 8], budgetYuan: [20000, 50000] },
    { title: "企业专场招聘会组织服务", description: "{ent}扩产需新增一线岗位约百个，希望委托专业机构组织线上线下专场招聘会，完成岗位宣传、简历筛选和面试组织。", beneficiaries: [100, 300], sessions: [2, 4], budgetYuan: [15000, 40000] },
    { title: "退役军人就业创业指导", description: "{ent}退役军人职工较多，希望开展退役军人优待政策解读、职业规划和创业指导，发挥其在安全管理岗位上的优势。", beneficiaries: [20, 50], sessions: [3, 5], budgetYuan: [10000, 25000] },
    { title: "创业担保贷款政策宣讲与辅导", description: "面向{ent}有创业意愿的职工及家属，开展创业担保贷款、税费减免等扶持政策宣讲，并提供贷款申请一对一辅导。", beneficiaries: [40, 100], sessions: [2, 4], budgetYuan: [8000, 20000] },
    { title: "灵活就业人员社保与就业指导", description: "{ent}季节性用工较多，希望为灵活就业人员提供社保参保政策指导、就业信息推送和权益保障宣传。", beneficiaries: [80, 200], sessions: [3, 6], budgetYuan: [10000, 30000] },
    { title: "职工技能人才评价与职业晋升指导", description: "为{ent}技术工人开展职业技能等级制度解读、晋升通道设计辅导和技能人才评价申报指导，激发职工学技能、提素质的积极性。", beneficiaries: [50, 120], sessions: [3, 6], budgetYuan: [15000, 40000] },
  ],
  cadre_training: [
    { title: "基层工会主席履职能力培训", description: "{ent}及所在园区非公企业工会主席多为兼职，履职能力参差不齐。希望开展工会法、会员发展、职工之家建设和维权服务等专题培训。", beneficiaries: [40, 100], sessions: [3, 6], budgetYuan: [20000, 50000] },
    { title: "工会财务与经审干部业务培训", description: "为{ent}工会财务人员和经审委员开展工会会计制度、经费收支管理、预决算编制和经费审查实务培训。", beneficiaries: [20, 50], sessions: [2, 4], budgetYuan: [10000, 25000] },
    { title: "企业工会集体协商指导员培训", description: "{ent}工会计划培养一批集体协商骨干，希望开展协商程序、工资数据分析、协商谈判技巧和模拟协商演练培训。", beneficiaries: [20, 50], sessions: [3, 5], budgetYuan: [15000, 35000] },
    { title: "新任工会干部入职培训", description: "{ent}工会换届后新任干部较多，希望开展工会基础知识、工作制度、群众工作方法等入职培训，帮助新任干部尽快进入角色。", beneficiaries: [20, 60], sessions: [2, 4], budgetYuan: [8000, 20000] },
    { title: "职工代表大会制度实务培训", description: "围绕职代会的召开程序、提案征集与办理、厂务公开等内容，为{ent}工会干部和职工代表开展实务培训并指导完善制度文本。", beneficiaries: [40, 100], sessions: [2, 4], budgetYuan: [10000, 25000] },
    { title: "女职工委员会工作实务培训", description: "为{ent}女职工委员会委员开展女职工特殊权益保护、关爱服务项目设计和女职工工作实务培训。", beneficiaries: [20, 50], sessions: [2, 4], budgetYuan: [8000, 20000] },
    { title: "网上工会与工会信息化建设培训", description: "{ent}工会正在推进会员实名制和网上工会服务，希望开展工会信息系统操作、新媒体宣传和线上服务设计培训。", beneficiaries: [20, 50], sessions: [2, 4], budgetYuan: [10000, 25000] },
    { title: "劳动保护监督检查员培训", description: "为{ent}工会劳动保护监督检查员开展安全生产法律法规、隐患排查、职业病防治监督和事故调查参与等专题培训。", beneficiaries: [20, 50], sessions: [3, 5], budgetYuan: [12000, 30000] },
    { title: "工会宣传与职工文化活动组织培训", description: "面向{ent}工会宣传委员和文体骨干，开展职工文化活动策划、宣传稿件写作和短视频制作培训。", beneficiaries: [20, 60], sessions: [2, 4], budgetYuan: [8000, 20000] },
    { title: "非公企业工会组建与规范化建设培训", description: "{ent}所在园区新建工会较多，希望开展工会组建程序、规范化建设标准和“会站家”一体化建设培训，并组织现场观摩。", beneficiaries: [40, 100], sessions: [3, 5], budgetYuan: [15000, 40000] },
    { title: "困难职工帮扶实务培训", description: "为{ent}工会干部开展困难职工建档、帮扶政策、送温暖活动组织和会员普惠服务实务培训，提升精准帮扶能力。", beneficiaries: [20, 50], sessions: [2, 4], budgetYuan: [8000, 20000] },
    { title: "工会干部劳动法律法规专题培训", description: "围绕劳动合同法、工会法和劳动争议调解仲裁法，为{ent}工会干部开展专题培训，提升依法维权和参与劳动争议处理的能力。", beneficiaries: [30, 80], sessions: [2, 4], budgetYuan: [10000, 25000] },
  ],
};

/** Texts used in bids, reports and ratings, per category. */
export const CATEGORY_TEXTS: Record<
  CategoryCode,
  { method: string; team: string[]; report: string; comments: string[] }
> = {
  skills_training: {
    method: "采用“理论讲授＋实操训练＋考核评价”的方式，结合企业岗位实际编写教学讲义，每期培训后进行实操考核，并对未达标学员安排补训",
    team: ["项目负责人1名（高级技师）", "专职培训讲师3名（技师及以上）", "实训指导员2名", "项目助理1名"],
    report: "培训按计划完成理论与实操教学，学员考核合格率达到预期，企业反馈学员上岗操作规范性明显提高。",
    comments: ["讲师经验丰富，实操环节安排充分。", "培训内容贴近岗位实际，学员收获大。", "个别课次时间调整较多，希望后续加强沟通。", "考核组织规范，取证率高。"],
  },
  legal_aid: {
    method: "由执业律师带队，采取“集中普法＋驻点咨询＋个案跟进”的方式，建立咨询台账，对重点个案全程跟踪至办结",
    team: ["项目负责人1名（执业律师，执业十年以上）", "执业律师2名", "调解员1名", "法律志愿者4名"],
    report: "项目期间开展集中普法和驻点咨询，建立咨询台账，协助职工化解劳动争议，重点个案均已办结或进入法定程序。",
    comments: ["律师专业负责，解答耐心。", "驻点时间固定，职工咨询很方便。", "普法形式生动，职工参与度高。", "个案跟进及时，帮职工解决了实际困难。"],
  },
  psych_counselling: {
    method: "前期开展需求调研和心理测评，中期以讲座、团体辅导和个体咨询相结合，后期进行效果评估，全程遵守心理咨询伦理和保密要求",
    team: ["项目负责人1名（国家二级心理咨询师）", "专职心理咨询师3名", "心理督导1名", "志愿者6名"],
    report: "项目完成心理测评、专题讲座和团体辅导，对重点关注职工开展个体咨询并转介随访，职工心理健康知识知晓率明显提升。",
    comments: ["咨询师专业亲和，职工愿意敞开心扉。", "团体辅导形式新颖，班组氛围改善。", "测评报告很有参考价值。", "希望增加夜班职工的服务时段。"],
  },
  employment: {
    method: "以职业测评为基础，结合工作坊、个别辅导和岗位对接，建立服务对象档案并开展三个月跟踪回访",
    team: ["项目负责人1名（高级职业指导师）", "职业指导师2名", "就业服务专员2名", "志愿者3名"],
    report: "项目完成职业测评、工作坊和个别辅导，为服务对象提供岗位推荐并建立跟踪回访档案，服务对象满意度较高。",
    comments: ["职业规划辅导很有针对性。", "岗位对接及时有效。", "工作坊互动性强，青年职工很喜欢。", "回访工作扎实。"],
  },
  cadre_training: {
    method: "采用“专题授课＋案例研讨＋现场观摩”的方式，课前调研学员需求，课后布置实务作业并开展结业测评",
    team: ["项目负责人1名（工会系统资深专家）", "授课专家4名", "班主任1名", "会务保障2名"],
    report: "培训班按计划完成专题授课、案例研讨和现场观摩，学员结业测评全部合格，形成培训课件和案例汇编。",
    comments: ["课程设计贴合基层工会实际。", "专家授课深入浅出。", "现场观摩环节收获很大。", "建议增加分组研讨时间。"],
  },
};

export const AWARD_RATIONALES = [
  "服务方案针对性强，团队资质满足准入条件，报价合理，在服务区域内有同类项目经验。",
  "综合评审得分最高：方案完整、进度安排可行、专业人员配备充足，且为工会覆盖组织。",
  "报价在预算范围内且最低，服务方案满足需求，既往项目绩效评价良好。",
  "方案对企业需求理解深入，承诺的服务场次和人数高于需求，履约能力较强。",
];

export const REJECT_REASONS = [
  "需求描述过于笼统，未说明服务对象范围和预期成效，请补充后重新提交。",
  "该需求属于企业日常管理事项，不属于工会购买服务范围。",
  "预算明显低于同类服务市场价格，请调整预算或缩小服务范围。",
];

export const CANCEL_REASONS = [
  "企业生产计划调整，服务时段无法安排，申请取消。",
  "企业已通过其他渠道解决该需求。",
  "项目资金来源发生变化，本年度暂缓实施。",
];

export const UNSUCCESSFUL_REASONS = [
  "截止时间内仅一家社会组织投标，且报价超出预算，流标处理。",
  "截止时间内无社会组织投标，流标处理，建议调整准入条件后重新发布。",
  "投标方案均未达到需求要求，经评审不予授标。",
];

export const DISPUTE_REASONS = [
  "实际到场职工人数与交付报告不符，部分场次未按约定时长开展，请工会核实。",
  "交付报告中的服务成效缺少佐证材料，企业对部分场次的服务质量有异议。",
];
