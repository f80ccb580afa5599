// The demo's indicator system for the current year is the default system of the evaluation module
// (defaultIndicatorTree() in app/domain/indicators.server.ts): one source for the seed, for
// ensureDefaultIndicatorSystem() and for an admin's "create from default". Modelled on public-service
// purchase evaluations (政府购买服务绩效评价): 项目完成 25%, 产出 25%, 质量与满意度 30%, 项目管理 10%
// (with the complaints penalty), 社会效益 10%; ratio indicators banded ≥100% → 100%, ≥80% → 66.67%,
// ≥60% → 33.33%, below → 0.
import { defaultIndicatorTree } from "~/domain/indicators.server";
import type { IndicatorNode } from "~/domain/scoring";

export const INDICATOR_TREE: IndicatorNode[] = defaultIndicatorTree();
